"""Personal access tokens for the JSON API. The secret is shown once; only its hash is kept."""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from tracker.models import ApiToken, Person, utcnow
from tracker.services import Errors, validate
from tracker.services.audit import record

PREFIX = "kp_"
MAX_DAYS = 366 * 2
DEFAULT_DAYS = 365
# A token's last use is written at most this often, so that reads stay reads.
LAST_USED_RESOLUTION = timedelta(minutes=5)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create(
    session: Session,
    person: Person,
    name: str,
    days: int | None = DEFAULT_DAYS,
    actor: Person | None = None,
) -> tuple[ApiToken, str]:
    """A new token for ``person``; returns the row and the secret (shown once, never stored)."""
    errors = Errors()
    name = validate.text(errors, "name", name, required=True, max_length=100)
    if days is not None and not 1 <= days <= MAX_DAYS:
        errors.add("days", _l("Choose between 1 and %(n)s days.", n=MAX_DAYS))
    errors.raise_if_any()
    secret = PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(
        person=person,
        name=name,
        token_hash=_hash(secret),
        created_at=now,
        expires_at=now + timedelta(days=days) if days else None,
    )
    session.add(token)
    session.flush()
    record(session, actor or person, "create_token", person, {"token": (None, name)})
    return token, secret


def authenticate(session: Session, secret: str, now: datetime | None = None) -> ApiToken | None:
    """The usable token with this secret whose person is active, or None."""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    now = now or utcnow()
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(secret)))
    if token is None or not token.usable(now) or not token.person.active:
        return None
    return token


def use_is_stale(token: ApiToken, now: datetime | None = None) -> bool:
    """Whether the token's last use is older than what is worth writing down."""
    now = now or utcnow()
    return token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION


def note_use(engine: Engine, token_id: int, now: datetime | None = None) -> None:
    """Record when a token was last used, in a short transaction of its own."""
    with engine.begin() as connection:
        connection.execute(
            update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now or utcnow())
        )


def of(session: Session, person: Person) -> list[ApiToken]:
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.person_id == person.id)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())
        )
    )


def revoke(session: Session, token: ApiToken, actor: Person) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
        record(session, actor, "revoke_token", token.person, {"token": (token.name, None)})
