"""Checks the services share: text, codes, references by natural key, dates. Each adds its
message to an Errors collection and returns the clean value."""

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from tracker.models import CODE_MAX, NAME_MAX, Organisation, Person
from tracker.services import REQUIRED, Errors

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
# Control characters other than tab and line breaks: never meant, and PostgreSQL refuses NUL.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(errors: Errors, field: str, value, *, required=False, max_length=NAME_MAX) -> str:
    value = (value or "").strip()
    if required and not value:
        errors.add(field, REQUIRED)
    elif len(value) > max_length:
        errors.add(field, _l("At most %(n)s characters.", n=max_length))
    elif CONTROL_RE.search(value):
        errors.add(field, _l("Contains control characters that cannot be stored."))
    return value


def code(errors: Errors, field: str, value) -> str:
    value = text(errors, field, value, required=True, max_length=CODE_MAX)
    if value and len(value) <= CODE_MAX and not CODE_RE.fullmatch(value):
        errors.add(
            field, _l("Use letters, digits, dots, dashes and underscores only, without spaces.")
        )
    return value


def taken(errors: Errors, session, model, column, value, current=None) -> None:
    """Mark a unique key that another row already has as a conflict."""
    if not value:
        return
    query = select(model.id).where(func.lower(column) == value.lower())
    if current is not None:
        query = query.where(model.id != current.id)
    if session.scalar(query) is not None:
        errors.conflict(column.key, _l("This is already taken; choose another."))


def person(errors: Errors, session, field: str, email, *, required=True, active=True):
    """The person with this email, or None with a message."""
    if not email:
        if required:
            errors.add(field, REQUIRED)
        return None
    found = session.scalar(select(Person).where(func.lower(Person.email) == email.strip().lower()))
    if found is None:
        errors.add(field, _l("There is no person with the email %(email)s.", email=email))
    elif active and not found.active:
        errors.add(field, _l("%(name)s is deactivated and cannot be chosen.", name=found.name))
    return found


def people(errors: Errors, session, field: str, emails) -> list:
    emails = [e.strip().lower() for e in (emails or [])]
    if len(set(emails)) != len(emails):
        errors.add(field, _l("The same person is listed more than once."))
    found = []
    for email in dict.fromkeys(emails):
        row = person(errors, session, field, email)
        if row is not None:
            found.append(row)
    return found


def organisation(errors: Errors, session, field: str, value, *, required=True, keep_archived=None):
    """The organisation with this code, or None with a message. An archived one cannot be
    chosen anew, but ``keep_archived`` (the one already chosen) may stay."""
    if not value:
        if required:
            errors.add(field, REQUIRED)
        return None
    found = session.scalar(select(Organisation).where(Organisation.code == value))
    if found is None:
        errors.add(field, _l("There is no organisation with the code %(code)s.", code=value))
    elif found.archived and found is not keep_archived:
        errors.add(field, _l("%(name)s is archived and cannot be chosen.", name=found.name))
    return found


def organisations(errors: Errors, session, field: str, codes, keep=()) -> list:
    """The organisations with these codes; archived ones only if already in ``keep``."""
    codes = list(codes or [])
    kept = {o.code: o for o in keep}
    if len(set(codes)) != len(codes):
        errors.add(field, _l("The same organisation is listed more than once."))
    found = []
    for value in dict.fromkeys(codes):
        row = organisation(errors, session, field, value, keep_archived=kept.get(value))
        if row is not None:
            found.append(row)
    return found


def date_order(errors: Errors, field: str, first, last, message) -> None:
    if first is not None and last is not None and last < first:
        errors.add(field, message)


def apply(entity, values: dict) -> dict:
    """Set the values that differ; return {field: (old, new)} for the history."""
    changes = {}
    for field, new in values.items():
        old = getattr(entity, field)
        if isinstance(old, list):
            if {o.id for o in old} == {n.id for n in new}:
                continue
            old = list(old)
        elif old == new:
            continue
        setattr(entity, field, new)
        changes[field] = (old, new)
    return changes
