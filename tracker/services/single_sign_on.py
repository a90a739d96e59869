"""Single sign-on: which person the verified claims of an ID token name.

A person is found by the issuer and subject (``iss`` and ``sub``) kept on them. A person not
yet linked is linked once, by the configured claim; nobody is created and no role is given
by signing in. The claims come verified (signature, issuer, audience, expiry, nonce) from the
caller (tracker/oidc.py); no tokens are stored.
"""

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import Person
from tracker.services import people
from tracker.services.audit import locked, record

# The claims a person may be linked by: a verified email, or the sign-in name of a
# single-tenant Microsoft Entra ID (README "Single sign-on").
LINK_CLAIMS = ("email", "preferred_username")
SUBJECT_MAX = 255


class Refused(Exception):
    """Nobody here may sign in with these claims; ``reason`` is for the log, not the reader."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def find(session: Session, claims: Mapping[str, object], *, link_claim: str) -> Person:
    """The active person the claims name, linking them first if they are not yet linked; or
    Refused with the reason. Flushes a link (and its history record); the caller commits."""
    if link_claim not in LINK_CLAIMS:
        raise ValueError(f"OIDC_LINK_CLAIM must be one of {', '.join(LINK_CLAIMS)}")
    issuer, subject = _text(claims, "iss"), _text(claims, "sub")
    if not issuer or not subject or len(subject) > SUBJECT_MAX or len(issuer) > SUBJECT_MAX:
        raise Refused("no issuer or subject in the claims")
    person = session.scalar(select(Person).where(Person.external_id == subject))
    if person is not None:
        if person.external_issuer not in (None, issuer):
            raise Refused(f"subject {subject!r} is linked to another issuer")
        _may_sign_in(person)
        if person.external_issuer is None:
            # Set by an administrator, before the issuer was kept: it is this issuer's.
            person.external_issuer = issuer
            session.flush()
        return person
    return _link(session, claims, issuer, subject, link_claim)


def _link(
    session: Session, claims: Mapping[str, object], issuer: str, subject: str, link_claim: str
) -> Person:
    value = _text(claims, link_claim)
    if not value:
        raise Refused(f"subject {subject!r} is not linked and the token has no {link_claim}")
    if link_claim == "email" and claims.get("email_verified") not in (True, "true"):
        raise Refused(f"subject {subject!r} is not linked and its email is not verified")
    person = people.find_by_email(session, value)
    if person is None:
        raise Refused(f"subject {subject!r}: no person with that {link_claim}")
    locked(session, person)  # two first sign-ins at once link one subject
    if person.external_id is not None:
        raise Refused(f"person {person.id} is linked to another subject")
    _may_sign_in(person)
    person.external_id, person.external_issuer = subject, issuer
    session.flush()
    # The history says that the person was linked, by themselves, not to which subject.
    record(session, person, "update", person, {"external_id": (None, subject)})
    return person


def _may_sign_in(person: Person) -> None:
    if person.pseudonymised_at is not None:
        raise Refused(f"person {person.id} is pseudonymised")
    if not person.active:
        raise Refused(f"person {person.id} is deactivated")


def _text(claims: Mapping[str, object], name: str) -> str:
    value = claims.get(name)
    return value if isinstance(value, str) else ""
