"""Checks the services share: text, codes, references by natural key, dates. Each adds its
message to an Errors collection and returns the clean value."""

import enum
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Protocol, TypeVar, cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from tracker.access import GROUP_ROLES
from tracker.models import CODE_MAX, NAME_MAX, Improvement, Organisation, Person, StrategicArea
from tracker.services import REQUIRED, Changes, Errors, Message, keys

Keyed = StrategicArea | Improvement | Organisation | Person
"""The rows with a unique key that people type (a code or an email)."""

E = TypeVar("E", bound=enum.StrEnum)


class _Row(Protocol):
    @property
    def id(self) -> int: ...


CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
# Control characters (C0 and C1) other than tab and line breaks: never meant, PostgreSQL
# refuses NUL, and a C1 character such as CSI (U+009B) acts as a terminal escape in a log.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# In a name, a title or a code (one line): every control character, tab and line breaks too,
# and the Unicode line and paragraph separators.
LINE_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Half of a UTF-16 pair on its own (JSON's "\ud800"): no character, and UTF-8 cannot hold it.
SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
# Bidirectional embeddings, overrides and isolates: they make a name read other than it is.
BIDI_RE = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def text(
    errors: Errors,
    field: str,
    value: str | None,
    *,
    required: bool = False,
    max_length: int = NAME_MAX,
    one_line: bool | None = None,
) -> str:
    """The text, stripped, or a message. A text of at most NAME_MAX characters is ``one_line``
    unless said otherwise (a name, a title, a code): no control character at all and no
    bidirectional override; a long text may hold tabs and line breaks."""
    value = (value or "").strip()
    if required and not value:
        errors.add(field, REQUIRED)
    elif len(value) > max_length:
        errors.add(field, _l("At most %(n)s characters.", n=max_length))
    elif message := refused_characters(
        value, one_line=max_length <= NAME_MAX if one_line is None else one_line
    ):
        errors.add(field, message)
    return value


def findable(value: str) -> bool:
    """Whether ``value`` can be looked up at all: a key with a control character or half a
    character is no row's, and PostgreSQL refuses NUL even in a query."""
    return refused_characters(value, one_line=False) is None and "\t" not in value


def refused_characters(value: str, *, one_line: bool) -> Message | None:
    """What is wrong with the characters of ``value`` (None if nothing): the one rule for the
    services, the forms and the boundary."""
    if (LINE_CONTROL_RE if one_line else CONTROL_RE).search(value):
        return _l("Contains control characters that cannot be stored.")
    if SURROGATE_RE.search(value):
        return _l("Contains an incomplete character (half of a UTF-16 pair).")
    if one_line and BIDI_RE.search(value):
        return _l("Contains characters that change the direction of the text.")
    return None


def code(errors: Errors, field: str, value: str | None) -> str:
    value = text(errors, field, value, required=True, max_length=CODE_MAX)
    if value and len(value) <= CODE_MAX and not CODE_RE.fullmatch(value):
        errors.add(
            field, _l("Use letters, digits, dots, dashes and underscores only, without spaces.")
        )
    return value


def taken(
    errors: Errors,
    session: Session,
    model: type[Keyed],
    column: InstrumentedAttribute[str] | InstrumentedAttribute[str | None],
    value: str | None,
    current: Keyed | None = None,
) -> None:
    """Mark a unique key that another row already has as a conflict."""
    if not value or not findable(value):
        return
    if keys.of(session) is not None and column is keys.KEYED[model][0]:
        found = keys.find(session, model, value)
        other = found is not None and found is not current
    else:
        query = select(model.id).where(func.lower(column) == value.lower())
        if current is not None:
            query = query.where(model.id != current.id)
        other = session.scalar(query) is not None
    if other:
        errors.conflict(column.key, _l("This is already taken; choose another."))


def unique_code(
    errors: Errors,
    session: Session,
    model: type[StrategicArea | Improvement | Organisation],
    value: str | None,
    current: StrategicArea | Improvement | Organisation | None = None,
) -> str:
    """The ``code`` of a row of ``model``, checked, and a conflict if another row has it."""
    checked = code(errors, "code", value)
    taken(errors, session, model, model.code, checked, current)
    return checked


def person(
    errors: Errors,
    session: Session,
    field: str,
    email: str | None,
    *,
    required: bool = True,
    active: bool = True,
) -> Person | None:
    """The person with this email, or None with a message."""
    if not email:
        if required:
            errors.add(field, REQUIRED)
        return None
    found = keys.find(session, Person, email.strip()) if findable(email) else None
    if found is None:
        errors.add(field, _l("There is no person with the email %(email)s.", email=email))
    elif active and not found.active:
        errors.add(field, _l("%(name)s is deactivated and cannot be chosen.", name=found.name))
    return found


def people(
    errors: Errors, session: Session, field: str, emails: Iterable[str] | None
) -> list[Person]:
    emails = [e.strip().lower() for e in (emails or [])]
    if len(set(emails)) != len(emails):
        errors.add(field, _l("The same person is listed more than once."))
    found = []
    for email in dict.fromkeys(emails):
        row = person(errors, session, field, email)
        if row is not None:
            found.append(row)
    return found


def holders(errors: Errors, session: Session, field: str, chosen: Iterable[Person | None]) -> None:
    """Only group members and admins lead, co-own, own or deputise: a politician among
    ``chosen`` is a message at ``field``. Each one's row is read afresh and share-locked
    (PostgreSQL) until the transaction ends, so that a change of their role at the same time
    waits for this one, and then sees what it holds."""
    for row in chosen:
        if row is None:
            continue
        if not keys.held(session, row, to_change=False):
            session.refresh(row, with_for_update={"read": True})
        if row.role not in GROUP_ROLES:
            errors.add(
                field,
                _l(
                    "%(name)s is a politician: only group members and admins can lead, "
                    "co-own, own or deputise.",
                    name=row.name,
                ),
            )


def organisation(
    errors: Errors,
    session: Session,
    field: str,
    value: str | None,
    current: object | None = None,
    *,
    required: bool = True,
) -> Organisation | None:
    """The organisation with this code, or None with a message. An archived one cannot be
    chosen anew, but the one ``current`` (the row being changed) holds in ``field`` may stay."""
    return _organisation(errors, session, field, value, required, getattr(current, field, None))


def _organisation(
    errors: Errors,
    session: Session,
    field: str,
    value: str | None,
    required: bool,
    keep_archived: Organisation | None,
) -> Organisation | None:
    if not value:
        if required:
            errors.add(field, REQUIRED)
        return None
    found = keys.find(session, Organisation, value, any_case=False) if findable(value) else None
    if found is None:
        errors.add(field, _l("There is no organisation with the code %(code)s.", code=value))
    elif found.archived and found is not keep_archived:
        errors.add(field, _l("%(name)s is archived and cannot be chosen.", name=found.name))
    return found


def organisations(
    errors: Errors,
    session: Session,
    field: str,
    codes: Iterable[str] | None,
    current: object | None = None,
) -> list[Organisation]:
    """The organisations with these codes; archived ones only if ``current`` (the row being
    changed) holds them in ``field`` already."""
    codes = list(codes or [])
    kept: dict[str, Organisation] = {o.code: o for o in getattr(current, field, ())}
    if len(set(codes)) != len(codes):
        errors.add(field, _l("The same organisation is listed more than once."))
    found = []
    for value in dict.fromkeys(codes):
        row = _organisation(errors, session, field, value, True, kept.get(value))
        if row is not None:
            found.append(row)
    return found


def choice(errors: Errors, field: str, enum_class: type[E], value: Any) -> E | None:
    """The member of ``enum_class`` whose value is ``value``, or None with a message."""
    try:
        return enum_class(value)
    except ValueError:
        errors.add(field, _l("Choose one of: %(choices)s.", choices=", ".join(enum_class)))
        return None


def date_order(
    errors: Errors, field: str, first: date | None, last: date | None, message: Message
) -> None:
    if first is not None and last is not None and last < first:
        errors.add(field, message)


def differences(entity: object, values: Mapping[str, object]) -> Changes:
    """The values that differ from ``entity``'s, as {field: (old, new)}. A list field
    (people, organisations) differs when the set of its rows' ids does."""
    changes: Changes = {}
    for field, new in values.items():
        old = getattr(entity, field)
        if isinstance(old, list):
            if {o.id for o in old} == {n.id for n in cast(Iterable[_Row], new)}:
                continue
            old = list(old)
        elif old == new:
            continue
        changes[field] = (old, new)
    return changes


def apply(entity: object, values: Mapping[str, object]) -> Changes:
    """Set the values that differ; return {field: (old, new)} for the history."""
    changes = differences(entity, values)
    for field, (_old, new) in changes.items():
        setattr(entity, field, new)
    return changes
