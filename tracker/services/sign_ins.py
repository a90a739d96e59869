"""Throttled guessing: the sign-in attempts are kept in the database, so that the limits hold
across the workers and the servers that share it.

After ``per_account`` failed attempts for one email, or ``per_address`` from one address,
within ``window``, sign-in is refused without looking at the password until the oldest of
those failures leaves the window. Nothing locks for good: a refused attempt does not count
as a failure, so waiting is always enough. An email that no one has is throttled the same
way, so the answers never tell which emails exist. A success clears its email's count (not
its address's: many people share an office's address)."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import Session

from tracker.models import SignInAttempt

FAILED, SUCCEEDED, THROTTLED = "failed", "succeeded", "throttled"
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


def wait(session: Session, email: str, address: str, now: datetime, limits: Limits) -> int:
    """Seconds until this email may try again from this address; 0: it may now."""
    email = _key(email)
    since = now - limits.window
    last_success = session.scalar(
        select(SignInAttempt.at)
        .where(SignInAttempt.email == email, SignInAttempt.outcome == SUCCEEDED)
        .where(SignInAttempt.at > since)
        .order_by(SignInAttempt.at.desc())
        .limit(1)
    )
    account = _free_at(
        session, SignInAttempt.email == email, max(since, last_success or since), limits.per_account
    )
    place = _free_at(session, SignInAttempt.address == address, since, limits.per_address)
    free = max((t + limits.window for t in (account, place) if t is not None), default=None)
    return max(1, math.ceil((free - now).total_seconds())) if free and free > now else 0


def record(session: Session, email: str, address: str, outcome: str, now: datetime) -> None:
    """Keep one attempt; attempts older than a day go at the same time."""
    session.execute(delete(SignInAttempt).where(SignInAttempt.at < now - KEPT))
    session.add(SignInAttempt(at=now, email=_key(email), address=address, outcome=outcome))
    session.flush()


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


def _key(email: str) -> str:
    return (email or "").strip().lower()[:254]
