"""Throttled guessing: the sign-in attempts are kept in the database, so that the limits hold
across the workers and the servers that share it.

After ``per_account`` failed attempts for one email, or ``per_address`` from one address,
within ``window``, sign-in is refused without looking at the password until the oldest of
those failures leaves the window. Nothing locks for good: a refused attempt does not count
as a failure, so waiting is always enough. An email that no one has is throttled the same
way, so the answers never tell which emails exist. A success clears its email's count (not
its address's: many people share an office's address). An IPv6 address counts by its /64
network, since one machine is usually given a whole one."""

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, func, select
from sqlalchemy.orm import Session

from tracker.models import SignInAttempt

FAILED, SUCCEEDED = "failed", "succeeded"
# Attempts older than this are deleted; no window may be longer.
KEPT = timedelta(days=1)


@dataclass(frozen=True)
class Limits:
    per_account: int = 10
    per_address: int = 50
    window: timedelta = timedelta(minutes=15)

    @classmethod
    def from_config(cls, config: dict[str, object]) -> "Limits":
        """SIGN_IN_FAILURES_PER_ACCOUNT, SIGN_IN_FAILURES_PER_ADDRESS, SIGN_IN_WINDOW_MINUTES."""
        minutes = min(float(str(config["SIGN_IN_WINDOW_MINUTES"])), KEPT.total_seconds() / 60)
        return cls(
            per_account=max(1, int(str(config["SIGN_IN_FAILURES_PER_ACCOUNT"]))),
            per_address=max(1, int(str(config["SIGN_IN_FAILURES_PER_ADDRESS"]))),
            window=timedelta(minutes=minutes),
        )


def begin(
    session: Session, email: str, address: str, now: datetime, limits: Limits
) -> tuple[SignInAttempt | None, int]:
    """Note an attempt before the password is looked at, and say whether it must wait.

    Returns the attempt (counted as failed until ``succeeded`` says otherwise) and 0, or None
    and the seconds to wait. The attempt is written first and only the attempts written before
    it are counted, so that simultaneous guesses see each other as soon as each is committed
    (the view commits at once). A refused attempt is not kept: it is logged by the view, and
    a flood of them cannot fill the table."""
    session.execute(delete(SignInAttempt).where(SignInAttempt.at < now - KEPT))
    attempt = SignInAttempt(at=now, email=_key(email), address=_place(address), outcome=FAILED)
    session.add(attempt)
    session.flush()
    wait = _wait(session, attempt, now, limits)
    if wait:
        session.delete(attempt)
        session.flush()
        return None, wait
    return attempt, 0


def succeeded(session: Session, attempt: SignInAttempt) -> None:
    attempt.outcome = SUCCEEDED
    session.flush()


def cleared(session: Session, email: str, address: str, now: datetime) -> None:
    """Clear ``email``'s count as a sign-in does: a password was chosen through a link from the
    person's own mailbox (after a reset asked for after wrong guesses), so the new password
    signs in at once. Recorded as a succeeded attempt from ``address``."""
    attempt = SignInAttempt(at=now, email=_key(email), address=_place(address), outcome=SUCCEEDED)
    session.add(attempt)
    session.flush()


def _wait(session: Session, attempt: SignInAttempt, now: datetime, limits: Limits) -> int:
    since = now - limits.window
    before = SignInAttempt.id < attempt.id
    last_success = session.scalar(
        select(func.max(SignInAttempt.id)).where(
            SignInAttempt.email == attempt.email,
            SignInAttempt.outcome == SUCCEEDED,
            SignInAttempt.at > since,
            before,
        )
    )
    account = _free_at(
        session,
        and_(SignInAttempt.email == attempt.email, SignInAttempt.id > (last_success or 0), before),
        since,
        limits.per_account,
    )
    place = _free_at(
        session, and_(SignInAttempt.address == attempt.address, before), since, limits.per_address
    )
    free = max((t + limits.window for t in (account, place) if t is not None), default=None)
    return max(1, math.ceil((free - now).total_seconds())) if free and free > now else 0


def _free_at(
    session: Session, where: ColumnElement[bool], since: datetime, limit: int
) -> datetime | None:
    """The failure whose leaving the window lets the next attempt through, or None when there
    are fewer than ``limit`` failures since ``since``."""
    failures = list(
        session.scalars(
            select(SignInAttempt.at)
            .where(where, SignInAttempt.outcome == FAILED, SignInAttempt.at > since)
            .order_by(SignInAttempt.at.desc())
            .limit(limit)
        )
    )
    return failures[-1] if len(failures) >= limit else None


def _place(address: str) -> str:
    """The address as counted: an IPv4 address, or an IPv6 address's /64 network (what one
    household or one machine is usually given); anything else counts as one place."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _key(email: str) -> str:
    return (email or "").strip().lower()[:254]
