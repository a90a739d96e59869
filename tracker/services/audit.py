"""The history: AuditEvent rows written in the same transaction as the change they record."""

from collections.abc import Callable, Iterable, Mapping
from typing import Protocol, TypeVar

from sqlalchemy.orm import Session

from tracker.models import EMAIL_MAX, AuditEvent, Improvement, Organisation, Person, StrategicArea
from tracker.services import Changes, Data, Errors, NotAllowed, Stale, keys, validate

LABEL_MAX = EMAIL_MAX


class Audited(Protocol):
    """A row the history can name: its table and id (it has been flushed)."""

    __tablename__: str

    @property
    def id(self) -> int: ...


# A person's own fields, and what is theirs alone (their team roles, their API tokens' names):
# kept on the person and deleted with them, so that a name or an email is stored in one place.
# The history records that one of them changed, and by whom, not the values.
PERSONAL = frozenset({"email", "name", "title", "external_id", "team_roles", "token"})
# The rows an event names by id, as its item or in its values, named when shown
# (history.entries): each one's id and key, what the API names it by and the log's filter
# finds it by. A page shows a person's name, the others' key.
KEY_COLUMNS = {
    "person": (Person.id, Person.email),
    "strategic_area": (StrategicArea.id, StrategicArea.code),
    "improvement": (Improvement.id, Improvement.code),
    "organisation": (Organisation.id, Organisation.code),
}

A = TypeVar("A", bound=Audited)


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, set)):
        if all(_kind(v) for v in value):
            return ",".join(str(i) for i in sorted(v.id for v in value))
        return ", ".join(sorted(_text(v) or "" for v in value))
    if _kind(value):
        return str(value.id)  # type: ignore[attr-defined]
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _kind(value: object) -> str | None:
    """The table of a row the history names by id (a person, an area, an improvement, an
    organisation, ...), or None for a plain value."""
    table = getattr(value, "__tablename__", None)
    return table if isinstance(table, str) and hasattr(value, "id") else None


def _value_kind(old: object, new: object) -> str | None:
    for value in (old, new):
        for one in value if isinstance(value, (list, tuple, set)) else [value]:
            if kind := _kind(one):
                return kind
    return None


def label_of(entity: object) -> str:
    """What an event about a row that is not named by id keeps as its item (a report's
    period, for example); "" for the rows that are named by id when shown."""
    if _kind(entity) in KEY_COLUMNS:
        return ""
    for attr in ("code", "period"):
        if label := getattr(entity, attr, None):
            return str(label)[:LABEL_MAX]
    return str(getattr(entity, "id", ""))


def record(
    session: Session,
    actor: Person | None,
    action: str,
    entity: Audited,
    changes: Mapping[str, tuple[object, object]] | None = None,
) -> list[AuditEvent]:
    """Add audit rows for ``entity``: one per changed field, or one when there are no fields.

    ``changes`` maps field name to (old, new). Rows (people, areas, ...) are stored by id,
    with ``value_kind`` naming their table; other values as text. A person's own fields are
    recorded without their values. The entity must have been flushed so that it has an id.
    """
    base = {
        "actor_id": actor.id if actor is not None else None,
        "action": action,
        "entity_type": entity.__tablename__,
        "entity_id": entity.id,
        "entity_label": label_of(entity),
    }
    personal = isinstance(entity, Person)
    events: list[AuditEvent] = []
    for field, (old, new) in (changes or {}).items():
        if _text(old) == _text(new):
            continue
        if personal and field in PERSONAL:
            if action != "create":  # a new person's name is on the person
                events.append(AuditEvent(**base, field=field))
            continue
        events.append(
            AuditEvent(
                **base,
                field=field,
                old_value=_text(old),
                new_value=_text(new),
                value_kind=_value_kind(old, new),
            )
        )
    if not events and (not changes or action == "create"):
        events = [AuditEvent(**base)]
    session.add_all(events)
    return events


def add_created(session: Session, entity: Audited, actor: Person | None, changes: Changes) -> None:
    """Add a new row, flush it (it gets its id) and record its creation with ``changes``."""
    session.add(entity)
    session.flush()
    record(session, actor, "create", entity, changes)


def locked(session: Session, entity: object) -> None:
    """Read ``entity`` afresh and lock its row until the transaction ends (PostgreSQL; SQLite
    serialises writers already): what a change compares with, and the history records as the
    old value, is what is stored, and no other save can come between."""
    if not keys.held(session, entity, to_change=True):
        session.refresh(entity, with_for_update=True)


def apply_changes(
    session: Session,
    entity: Audited,
    values: Mapping[str, object],
    actor: Person | None,
    *,
    expected_version: int | None = None,
) -> Changes:
    """Set the checked ``values`` that differ from ``entity``'s, flush, and record each change
    in the history (in the same transaction). Returns what changed, {field: (old, new)}.

    ``expected_version`` is the version the actor read (None: not given, not compared): Stale
    if the entity has another one now and the values would change it. Values it holds already
    (a double submit) change nothing and are not stale."""
    stale = expected_version is not None and expected_version != getattr(entity, "version", None)
    if stale and validate.differences(entity, values):
        raise Stale(entity)
    changes = validate.apply(entity, values)
    version = getattr(entity, "version", None)
    if version is not None and any(isinstance(new, list) for _old, new in changes.values()):
        # A list (co-owners, organisations) lives in a link table: the row itself would not
        # be updated, so its version is raised here (the UPDATE still checks the old one).
        setattr(entity, "version", version + 1)  # noqa: B010
    session.flush()
    if changes:
        record(session, actor, "update", entity, changes)
    return changes


def update(
    session: Session,
    entity: A,
    data: Data,
    actor: Person | None,
    *,
    may_edit: Callable[[Person, A, Iterable[str]], bool],
    check: Callable[[Errors, Session, Data, A], Data],
    expected_version: int | None = None,
) -> Changes:
    """Change the given fields of ``entity`` as ``actor`` (None: the system): lock its row,
    refuse fields ``may_edit`` does not allow them (NotAllowed), ``check`` the values (one
    ValidationError with every message) and apply them. Stale if ``expected_version`` is given
    and older. Returns what changed."""
    locked(session, entity)
    if actor is not None and not may_edit(actor, entity, data.keys()):
        raise NotAllowed(f"not allowed to change these fields of this {entity.__tablename__}")
    errors = Errors()
    values = check(errors, session, data, entity)
    errors.raise_if_any()
    return apply_changes(session, entity, values, actor, expected_version=expected_version)
