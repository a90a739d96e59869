"""The history: AuditEvent rows written in the same transaction as the change they record."""

from collections.abc import Callable, Iterable, Mapping
from typing import Protocol, TypeVar

from sqlalchemy.orm import Session

from tracker.models import EMAIL_MAX, AuditEvent, Person
from tracker.services import Changes, Data, Errors, NotAllowed, Stale, validate

LABEL_MAX = EMAIL_MAX


class Audited(Protocol):
    """A row the history can name: its table and id (it has been flushed)."""

    __tablename__: str

    @property
    def id(self) -> int: ...


A = TypeVar("A", bound=Audited)


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(sorted(_text(v) or "" for v in value))
    for attr in ("code", "email"):
        if hasattr(value, attr):
            return str(getattr(value, attr))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def label_of(entity: object) -> str:
    for attr in ("code", "email", "period"):
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

    ``changes`` maps field name to (old, new); values are stored as text.
    The entity must have been flushed so that it has an id.
    """
    base = {
        "actor_id": actor.id if actor is not None else None,
        "action": action,
        "entity_type": entity.__tablename__,
        "entity_id": entity.id,
        "entity_label": label_of(entity),
    }
    events = [
        AuditEvent(**base, field=field, old_value=_text(old), new_value=_text(new))
        for field, (old, new) in (changes or {}).items()
        if _text(old) != _text(new)
    ] or ([AuditEvent(**base)] if not changes else [])
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
