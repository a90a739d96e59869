"""The rows behind the group's dashboard (lägesbild), each in a fixed number of queries.

Plain rows (dicts) come out; tracker.dashboard shapes them with pandas and draws them with
plotly.
"""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from tracker.models import (
    AuditEvent,
    Improvement,
    ImprovementState,
    Meeting,
    Organisation,
    StatusUpdate,
    StrategicArea,
)
from tracker.services import periods, reporting
from tracker.services.periods import STOCKHOLM


def period_rows(session, period: str, organisation=None, area=None) -> list[dict]:
    """Every improvement due a report for ``period`` (or reported in it), with the status of
    that report or None; counted for the organisation it was reported for."""
    reported_org = aliased(Organisation)
    current_org = aliased(Organisation)
    due_ids = reporting.due_improvements_query(period).with_only_columns(Improvement.id)
    reported_ids = select(StatusUpdate.improvement_id).where(StatusUpdate.period == period)
    query = (
        select(
            Improvement.id,
            Improvement.code,
            Improvement.title,
            StrategicArea.code.label("area"),
            StrategicArea.title.label("area_title"),
            StrategicArea.order.label("area_order"),
            func.coalesce(reported_org.code, current_org.code).label("organisation"),
            func.coalesce(reported_org.name, current_org.name).label("organisation_name"),
            StatusUpdate.status,
            StatusUpdate.progress,
        )
        .join(StrategicArea, Improvement.area_id == StrategicArea.id)
        .join(current_org, Improvement.organisation_id == current_org.id)
        .outerjoin(
            StatusUpdate,
            and_(StatusUpdate.improvement_id == Improvement.id, StatusUpdate.period == period),
        )
        .outerjoin(reported_org, StatusUpdate.organisation_id == reported_org.id)
        .where(Improvement.id.in_(due_ids) | Improvement.id.in_(reported_ids))
        .where(StrategicArea.archived.is_(False))
    )
    if area is not None:
        query = query.where(StrategicArea.id == area.id)
    rows = [dict(r._mapping) for r in session.execute(query)]
    if organisation is not None:
        rows = [r for r in rows if r["organisation"] == organisation.code]
    for row in rows:
        row["status"] = row["status"].value if row["status"] else "not_reported"
    return rows


def progress_rows(session, last_period: str, months: int = 12, area=None) -> list[dict]:
    """Average reported progress per area and month, for the ``months`` up to ``last_period``."""
    first = periods.shift(last_period, -(months - 1))
    query = (
        select(
            StrategicArea.code.label("area"),
            StatusUpdate.period,
            func.avg(StatusUpdate.progress).label("progress"),
        )
        .join(Improvement, StatusUpdate.improvement_id == Improvement.id)
        .join(StrategicArea, Improvement.area_id == StrategicArea.id)
        .where(
            StatusUpdate.period >= first,
            StatusUpdate.period <= last_period,
            StrategicArea.archived.is_(False),
        )
        .group_by(StrategicArea.code, StatusUpdate.period)
    )
    if area is not None:
        query = query.where(StrategicArea.id == area.id)
    return [
        {"area": r.area, "period": r.period, "progress": float(r.progress)}
        for r in session.execute(query)
    ]


# A status older than this many months before the meeting is not compared with.
STALE_MONTHS = 3


def last_meeting(session, today: date) -> Meeting | None:
    """The latest meeting before today."""
    return session.scalar(
        select(Meeting).where(Meeting.date < today).order_by(Meeting.date.desc()).limit(1)
    )


def _latest_before(cutoff: datetime | None, since_period: str):
    """Subquery: each improvement's latest report from ``since_period`` on, made before
    ``cutoff`` (or ever). Older reports are too stale to compare with."""
    query = select(
        StatusUpdate.improvement_id,
        StatusUpdate.status,
        StatusUpdate.risks,
        StatusUpdate.period,
        func.row_number()
        .over(partition_by=StatusUpdate.improvement_id, order_by=StatusUpdate.period.desc())
        .label("rank"),
    ).where(StatusUpdate.period >= since_period)
    if cutoff is not None:
        query = query.where(StatusUpdate.created_at < cutoff)
    return query.subquery()


def since(session, start: date, today: date) -> dict:
    """What changed between ``start`` (a meeting's day) and ``today``: status changes with
    their direction, newly off track, finished, gone past due, new risks. A fixed number of
    queries."""
    cutoff = datetime.combine(start, time(), STOCKHOLM).astimezone(UTC)
    end = datetime.combine(today + timedelta(days=1), time(), STOCKHOLM).astimezone(UTC)
    window = periods.shift(periods.of(start), -STALE_MONTHS)
    before, now = _latest_before(cutoff, window), _latest_before(end, window)
    rows = session.execute(
        select(
            Improvement.code,
            Improvement.title,
            Improvement.state,
            Improvement.due,
            StrategicArea.code.label("area"),
            before.c.status.label("before"),
            now.c.status.label("now"),
            before.c.risks.label("risks_before"),
            now.c.risks.label("risks_now"),
        )
        .join(StrategicArea, Improvement.area_id == StrategicArea.id)
        .outerjoin(before, and_(before.c.improvement_id == Improvement.id, before.c.rank == 1))
        .outerjoin(now, and_(now.c.improvement_id == Improvement.id, now.c.rank == 1))
        .where(Improvement.archived.is_(False), StrategicArea.archived.is_(False))
        .order_by(StrategicArea.order, Improvement.code)
    ).all()
    finished_ids = set(
        session.scalars(
            select(AuditEvent.entity_label).where(
                AuditEvent.entity_type == "improvement",
                AuditEvent.field == "state",
                AuditEvent.new_value == ImprovementState.DONE.value,
                AuditEvent.at >= cutoff,
                AuditEvent.at < end,
            )
        )
    )
    order = ["on_track", "at_risk", "off_track"]
    changes, off_track, past_due, risks, finished = [], [], [], [], []
    for r in rows:
        item = {"code": r.code, "title": r.title, "area": r.area}
        b, n = (r.before.value if r.before else None), (r.now.value if r.now else None)
        if b and n and b != n:
            better = order.index(n) < order.index(b)
            changes.append(
                {**item, "before": b, "now": n, "direction": "better" if better else "worse"}
            )
        if n == "off_track" and b != "off_track":
            off_track.append(item)
        if r.due and start <= r.due < today and r.state not in reporting.CLOSED_STATES:
            past_due.append({**item, "due": r.due})
        if r.risks_now and r.risks_now != (r.risks_before or ""):
            risks.append({**item, "risks": r.risks_now})
        if r.code in finished_ids:
            finished.append(item)
    return {"changes": changes, "off_track": off_track, "finished": finished,
            "past_due": past_due, "risks": risks}  # fmt: skip
