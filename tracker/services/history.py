"""Reading the history (AuditEvent rows; append-only, the database refuses to change them).

An event refers to the people, areas, improvements and organisations it is about by id; they
are named here, as they are now, when the history is shown: a name is stored in one place.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from tracker.models import AuditEvent, Person
from tracker.services.audit import KEY_COLUMNS, Audited
from tracker.services.periods import STOCKHOLM

LOG_PAGE = 100


@dataclass(frozen=True)
class Entry:
    """An event and the names of what it refers to, as they are now: ``item``, ``old`` and
    ``new`` as a page shows them (people by name, the rest by code), the ``…_key`` ones as
    the API and the export give them (people by email)."""

    event: AuditEvent
    item: str
    item_key: str
    old: str | None
    new: str | None
    old_key: str | None
    new_key: str | None

    @property
    def actor_key(self) -> str | None:
        return self.event.actor.email if self.event.actor else None


def ids(value: str | None) -> list[int]:
    """The ids a value of a naming event holds ("3,17"; "" for none)."""
    return [int(part) for part in (value or "").split(",") if part]


def entries(session: Session, events: Sequence[AuditEvent]) -> list[Entry]:
    """The events with what they refer to named: one query for each kind of row named,
    however many events there are."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        if event.entity_type in KEY_COLUMNS:
            wanted[event.entity_type].add(event.entity_id)
        if event.value_kind in KEY_COLUMNS:
            wanted[event.value_kind].update(ids(event.old_value) + ids(event.new_value))
    names: dict[tuple[str, int], tuple[str, str]] = {}
    for kind, wanted_ids in wanted.items():
        row_id, key = KEY_COLUMNS[kind]
        shown = Person.name if kind == "person" else key
        for one, name, named_by in session.execute(
            select(row_id, shown, key).where(row_id.in_(wanted_ids))
        ):
            names[kind, one] = (name, named_by)

    def named(kind: str, row_id: int, which: int) -> str:
        return names.get((kind, row_id), (f"#{row_id}", f"#{row_id}"))[which]

    def values(event: AuditEvent, value: str | None, which: int) -> str | None:
        kind = event.value_kind
        if kind not in KEY_COLUMNS or value is None:
            return value
        return ", ".join(sorted(named(kind, i, which) for i in ids(value)))

    def item(event: AuditEvent, which: int) -> str:
        if event.entity_type in KEY_COLUMNS and not event.entity_label:
            return named(event.entity_type, event.entity_id, which)
        return event.entity_label

    return [
        Entry(
            event=e,
            item=item(e, 0),
            item_key=item(e, 1),
            old=values(e, e.old_value, 0),
            new=values(e, e.new_value, 0),
            old_key=values(e, e.old_value, 1),
            new_key=values(e, e.new_value, 1),
        )
        for e in events
    ]


def of(session: Session, entity: Audited) -> list[Entry]:
    """Every event about ``entity``, newest first."""
    return entries(
        session,
        session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.entity_type == entity.__tablename__, AuditEvent.entity_id == entity.id
            )
            .options(selectinload(AuditEvent.actor))
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        ).all(),
    )


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), STOCKHOLM)


def log(
    session: Session,
    *,
    actor_id: int | None = None,
    item: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    page: int = 1,
) -> tuple[list[Entry], bool]:
    """One page of events across everything, newest first, and whether there are more.

    ``item`` matches the code or email of what changed as it is now (or the label of an
    event whose item has no such key); the dates are Stockholm days.
    """
    query = select(AuditEvent).options(selectinload(AuditEvent.actor))
    if actor_id is not None:
        query = query.where(AuditEvent.actor_id == actor_id)
    if item:
        query = query.where(_about(item.strip()))
    if date_from:
        query = query.where(AuditEvent.at >= _local_midnight(date_from))
    if date_to:
        query = query.where(AuditEvent.at < _local_midnight(date_to + timedelta(days=1)))
    rows = list(
        session.scalars(
            query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(LOG_PAGE + 1)
            .offset((page - 1) * LOG_PAGE)
        )
    )
    return entries(session, rows[:LOG_PAGE]), len(rows) > LOG_PAGE


def _about(item: str) -> ColumnElement[bool]:
    """Events whose item is ``item`` (case ignored): a person by email, the rest by code, or
    the label an event keeps when its item is not one of those."""
    wanted = item.lower()
    keyed = [
        and_(
            AuditEvent.entity_type == kind,
            AuditEvent.entity_id.in_(select(row_id).where(func.lower(key) == wanted)),
        )
        for kind, (row_id, key) in KEY_COLUMNS.items()
    ]
    return or_(func.lower(AuditEvent.entity_label) == wanted, *keyed)
