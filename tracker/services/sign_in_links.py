"""Single-use sign-in links (SignInLink): an invitation to set a first password (7 days), a
password reset asked for on the sign-in page (1 hour), and a sign-in link made on the command
line (15 minutes).

A link's token is a random secret signed with the app's secret key and the link's purpose, so
that a tampered link is told at once; only the secret's SHA-256 is stored. A link is void once
used, when it expires (``expires_at``: the times are the caller's, so that tests can freeze
them) and when a newer link of the same purpose has been made for the person: only the newest
works, which holds without locks however many are made at once. Using a link is one
conditional UPDATE (``used_at IS NULL`` and no newer link), so that of two simultaneous uses
exactly one gets through. A deactivated or pseudonymised person's links never work, and
``void_open`` ends a person's open links when their email changes, they are deactivated or a
password is set.

``invite`` and ``send_reset`` word the emails in the person's language and send them; the
pages, the API and the command line present what they did, each in its own words."""

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import Exists, exists, select, update
from sqlalchemy.orm import Session, aliased

from tracker.models import Person, SignInLink
from tracker.services import Config, Message, ValidationError, mail
from tracker.services.audit import record

INVITATION, RESET, LOGIN = "invitation", "reset", "login"
LIFETIMES = {
    INVITATION: timedelta(days=7),
    RESET: timedelta(hours=1),
    LOGIN: timedelta(minutes=15),
}
# The links that let a person choose a password (/password/<token>).
PASSWORD = (INVITATION, RESET)
# Seconds to wait for the mail server while the reset page waits for its answer (the
# invitations are sent by an admin, who may wait longer: mail.TIMEOUT).
RESET_MAIL_TIMEOUT = 10
# Where each kind of link leads, after BASE_URL (the views' routes).
PATHS = {INVITATION: "/password/{token}", RESET: "/password/{token}", LOGIN: "/login/link/{token}"}

Render = Callable[..., str]
"""Words a message from a template and its context (flask.render_template)."""


class Refusal(Enum):
    """Why a link does not let anyone in; each caller words it in its own medium."""

    TAMPERED = "tampered"  # the signature does not hold: not a link this app made
    UNKNOWN = "unknown"  # signed, but no such link is stored (deleted, or of another database)
    INACTIVE = "inactive"  # the person is deactivated or pseudonymised
    USED = "used"
    REPLACED = "replaced"  # a newer link of the same purpose was made for the person
    EXPIRED = "expired"


@dataclass(frozen=True)
class Sent:
    """A link made for a person: its address, until when it works, and whether it went by
    email (else it is to be passed on by hand: shown once, never stored)."""

    url: str
    expires_at: datetime
    emailed: bool


def _serializer(secret_key: str, purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt="sign-in-link:" + purpose)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def make(
    session: Session,
    person: Person,
    purpose: str,
    now: datetime,
    *,
    secret_key: str,
    by: Person | None = None,
    emailed: bool = False,
) -> str:
    """A new link of ``purpose`` for ``person``, made by ``by`` (None: the person themselves
    or the command line): the token for its address. Every earlier link of the purpose for the
    person is void from now on (only the newest works)."""
    if purpose not in LIFETIMES:
        raise ValueError(f"no such purpose: {purpose}")
    secret = secrets.token_urlsafe(32)
    link = SignInLink(
        person_id=person.id,
        purpose=purpose,
        token_hash=_hash(secret),
        created_at=now,
        expires_at=now + LIFETIMES[purpose],
        created_by_id=by.id if by is not None else None,
        emailed=emailed,
    )
    session.add(link)
    session.flush()
    return str(_serializer(secret_key, purpose).dumps(secret))


def _newer() -> Exists:
    """Whether a newer link of the same purpose exists for the same person."""
    later = aliased(SignInLink)
    return exists().where(
        later.person_id == SignInLink.person_id,
        later.purpose == SignInLink.purpose,
        later.id > SignInLink.id,
    )


def _find(
    session: Session, token: str, purposes: tuple[str, ...], secret_key: str
) -> SignInLink | Refusal:
    for purpose in purposes:
        try:
            secret = _serializer(secret_key, purpose).loads(token)
        except BadSignature:
            continue
        if not isinstance(secret, str):
            return Refusal.TAMPERED
        link = session.scalar(
            select(SignInLink).where(
                SignInLink.token_hash == _hash(secret), SignInLink.purpose == purpose
            )
        )
        return link if link is not None else Refusal.UNKNOWN
    return Refusal.TAMPERED


def check(
    session: Session,
    token: str,
    purpose: str | tuple[str, ...],
    now: datetime,
    secret_key: str,
) -> SignInLink | Refusal:
    """The link ``token`` names if it works now for one of ``purpose``, else why not. Reads
    only: opening a link's page (as a mail scanner does) does not use it."""
    purposes = (purpose,) if isinstance(purpose, str) else purpose
    link = _find(session, token, purposes, secret_key)
    if isinstance(link, Refusal):
        return link
    person = link.person
    if not person.active or person.pseudonymised_at is not None:
        return Refusal.INACTIVE
    if link.used_at is not None:
        return Refusal.USED
    if session.scalar(select(_newer()).where(SignInLink.id == link.id)):
        return Refusal.REPLACED
    if link.expires_at <= now:
        return Refusal.EXPIRED
    return link


def use(
    session: Session,
    token: str,
    purpose: str | tuple[str, ...],
    now: datetime,
    secret_key: str,
) -> SignInLink | Refusal:
    """Use the link ``token`` names: the link, marked used, or why it does not work. One
    conditional UPDATE marks it, so that of two simultaneous uses exactly one gets through
    (the other is told USED). Recorded in the history; flushed, not committed."""
    link = check(session, token, purpose, now, secret_key)
    if isinstance(link, Refusal):
        return link
    marked = session.execute(
        update(SignInLink)
        .where(
            SignInLink.id == link.id,
            SignInLink.used_at.is_(None),
            SignInLink.expires_at > now,
            ~_newer(),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if marked.rowcount != 1:  # type: ignore[attr-defined]
        session.expire(link)
        return Refusal.USED
    session.refresh(link)
    record(session, link.person, "use_sign_in_link", link.person, {"purpose": (None, link.purpose)})
    return link


def void_open(
    session: Session, person: Person, now: datetime, purposes: tuple[str, ...] = tuple(LIFETIMES)
) -> None:
    """End the person's open links of ``purposes`` (every purpose unless told): they expire
    now. A new email (the links went to the old one), deactivation (so that reactivation does
    not bring them back) and a password set any way (people.set_password: the invitation and
    reset links) call it. Flushed, not committed."""
    session.execute(
        update(SignInLink)
        .where(
            SignInLink.person_id == person.id,
            SignInLink.purpose.in_(purposes),
            SignInLink.used_at.is_(None),
            SignInLink.expires_at > now,
        )
        .values(expires_at=now)
        .execution_options(synchronize_session="fetch")
    )


def open_until(
    session: Session, person_ids: list[int], purpose: str, now: datetime
) -> dict[int, datetime]:
    """Until when each person's open link of ``purpose`` works (the newest, not used, not
    expired), by person id; one query for them all."""
    rows = session.execute(
        select(SignInLink.person_id, SignInLink.expires_at).where(
            SignInLink.person_id.in_(person_ids),
            SignInLink.purpose == purpose,
            SignInLink.used_at.is_(None),
            SignInLink.expires_at > now,
            ~_newer(),
        )
    )
    return {person_id: until for person_id, until in rows}


def latest(session: Session, person: Person, purpose: str) -> SignInLink | None:
    """The person's newest link of ``purpose`` (the one that works, if any does)."""
    return session.scalar(
        select(SignInLink)
        .where(SignInLink.person_id == person.id, SignInLink.purpose == purpose)
        .order_by(SignInLink.id.desc())
        .limit(1)
    )


def of(session: Session, person: Person) -> list[SignInLink]:
    """Every link of the person, oldest first."""
    return list(
        session.scalars(
            select(SignInLink).where(SignInLink.person_id == person.id).order_by(SignInLink.id)
        )
    )


def address(base_url: str, purpose: str, token: str) -> str:
    return base_url.rstrip("/") + PATHS[purpose].format(token=token)


def by_single_sign_on(person: Person, *, single_sign_on: bool) -> bool:
    """Whether ``person`` signs in with single sign-on only: linked to the provider
    (``external_id``), no password, and single sign-on is configured (``single_sign_on``).
    Such a person is not invited nor sent a reset link: a password of their own would be a
    second way in that the municipality's identity provider does not control. Without single
    sign-on configured an ``external_id`` alone is only a link made ahead of time."""
    return single_sign_on and person.external_id is not None and person.password_hash is None


def cannot_invite(
    person: Person, *, passwords: bool = True, single_sign_on: bool
) -> Message | None:
    """Why ``person`` cannot be invited (they have a password, or are not active, or sign in
    with single sign-on only, or ``passwords`` are turned off: PASSWORD_LOGIN), or None.
    ``single_sign_on``: whether single sign-on is configured."""
    if person.pseudonymised_at is not None or not person.active:
        return _l("%(name)s is not active and cannot be invited.", name=person.name)
    if not passwords:
        return _l(
            "Sign-in with a password is turned off here: %(name)s signs in with single "
            "sign-on and needs no invitation.",
            name=person.name,
        )
    if person.password_hash is not None:
        return _l("%(name)s has a password already and needs no invitation.", name=person.name)
    if by_single_sign_on(person, single_sign_on=single_sign_on):
        return _l(
            "%(name)s signs in with single sign-on and needs no invitation.", name=person.name
        )
    return None


def invite(
    session: Session,
    person: Person,
    now: datetime,
    config: Config,
    *,
    by: Person | None,
    render: Render,
    single_sign_on: bool,
) -> Sent:
    """Invite ``person`` to choose a password: a new invitation (the earlier ones are void),
    emailed in the person's language when a mail server is configured and takes it; else it
    is for the caller to show once. Refused (ValidationError) for someone who has a password
    already, is not active or signs in with single sign-on only (``single_sign_on``: whether
    it is configured). ``config``: SECRET_KEY, BASE_URL, BABEL_DEFAULT_LOCALE, MAIL_*."""
    passwords = bool(config.get("PASSWORD_LOGIN", True))
    if problem := cannot_invite(person, passwords=passwords, single_sign_on=single_sign_on):
        raise ValidationError({"invite": [problem]})
    sent = _send(session, person, INVITATION, now, config, render, by=by)
    kind = "email" if sent.emailed else "by_hand"
    record(session, by, "invite", person, {"invitation": (None, kind)})
    return sent


def send_reset(
    session: Session,
    person: Person,
    now: datetime,
    config: Config,
    *,
    render: Render,
    single_sign_on: bool,
) -> bool:
    """Email ``person`` a link to choose a new password (asked for on the sign-in page):
    whether it went. Never shown to whoever asked; nothing is made for someone who is not
    active or signs in with single sign-on only (``single_sign_on``: whether it is
    configured), and nothing is sent without a mail server."""
    if (
        not person.active
        or person.pseudonymised_at is not None
        or by_single_sign_on(person, single_sign_on=single_sign_on)
        or not mail.configured(config)
    ):
        return False
    sent = _send(session, person, RESET, now, config, render, timeout=RESET_MAIL_TIMEOUT)
    return sent.emailed


def _send(
    session: Session,
    person: Person,
    purpose: str,
    now: datetime,
    config: Config,
    render: Render,
    *,
    by: Person | None = None,
    timeout: float = mail.TIMEOUT,
) -> Sent:
    """A new link of ``purpose`` for ``person``, emailed to them in their language
    (templates/email/<purpose>.txt) if a mail server is configured and takes it within
    ``timeout`` seconds."""
    token = make(session, person, purpose, now, secret_key=config["SECRET_KEY"], by=by)
    link = latest(session, person, purpose)
    assert link is not None
    sent = Sent(address(config["BASE_URL"], purpose, token), link.expires_at, emailed=False)
    if not mail.configured(config):
        return sent
    context = {"person": person, "url": sent.url, "expires_at": link.expires_at}
    with force_locale(person.locale or config["BABEL_DEFAULT_LOCALE"]):
        subject = render(f"email/{purpose}_subject.txt", **context)
        body = render(f"email/{purpose}.txt", **context)
    try:
        mail.deliver(config, person.email, subject.strip(), body, timeout=timeout)
    except mail.FAILURES:
        return sent
    link.emailed = True
    session.flush()
    return Sent(sent.url, sent.expires_at, emailed=True)


def login_link(session: Session, person: Person, now: datetime, config: Config) -> Sent:
    """A sign-in link for ``person`` from the command line (15 minutes; printed, not sent).
    Refused (ValidationError) for someone who is not active."""
    if not person.active or person.pseudonymised_at is not None:
        problem = _l("%(name)s is not active and cannot sign in.", name=person.name)
        raise ValidationError({"person": [problem]})
    token = make(session, person, LOGIN, now, secret_key=config["SECRET_KEY"])
    return Sent(address(config["BASE_URL"], LOGIN, token), now + LIFETIMES[LOGIN], emailed=False)
