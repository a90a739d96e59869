"""Reading the history (AuditEvent rows). The app never edits or deletes them."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.models import AuditEvent
from tracker.services.audit import Audited
from tracker.services.periods import STOCKHOLM

LOG_PAGE = 100


def of(session: Session, entity: Audited) -> list[AuditEvent]:
    """Every event about ``entity``, newest first."""
    return list(
        session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.entity_type == entity.__tablename__, AuditEvent.entity_id == entity.id
            )
            .options(selectinload(AuditEvent.actor))
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        )
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
) -> tuple[list[AuditEvent], bool]:
    """One page of events across everything, newest first, and whether there are more.

    ``item`` matches the code or email of what changed; the dates are Stockholm days.
    """
    query = select(AuditEvent).options(selectinload(AuditEvent.actor))
    if actor_id is not None:
        query = query.where(AuditEvent.actor_id == actor_id)
    if item:
        query = query.where(AuditEvent.entity_label.ilike(item.strip()))
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
    return rows[:LOG_PAGE], len(rows) > LOG_PAGE
