"""The rows behind the group's dashboard (lägesbild), each in a fixed number of queries.

Plain rows (dicts) come out; tracker.charts shapes them with pandas and draws them with
plotly.
"""

from datetime import UTC, date, datetime, time, timedelta
from typing import TypedDict

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from tracker.models import (
    OVERDUE_STATES,
    AuditEvent,
    Improvement,
    ImprovementState,
    Meeting,
    Organisation,
    Status,
    StatusUpdate,
    StrategicArea,
    is_overdue,
)
from tracker.services import periods, versions
from tracker.services.periods import STOCKHOLM
from tracker.status import NOT_REPORTED, rank


class PeriodRow(TypedDict):
    """An improvement in a period: its report's status value (or NOT_REPORTED) and progress,
    its area and organisation as they counted then."""

    id: int
    code: str
    title: str
    area: str
    area_title: str
    area_order: int
    organisation: str
    organisation_name: str
    status: str
    progress: int | None
    state: ImprovementState
    due: date | None


class ProgressRow(TypedDict):
    area: str
    period: str
    progress: float


class NewsItem(TypedDict):
    code: str
    title: str
    area: str
    overdue: bool


class StatusChange(NewsItem):
    before: str
    now: str
    direction: str  # "better" or "worse"


class PastDue(NewsItem):
    due: date


class NewRisk(NewsItem):
    risks: str


class Since(TypedDict):
    """What changed since a meeting (``since``)."""

    changes: list[StatusChange]
    off_track: list[NewsItem]
    finished: list[NewsItem]
    past_due: list[PastDue]
    risks: list[NewRisk]


def period_rows(
    session: Session,
    period: str,
    deadline_day: int,
    organisation: Organisation | None = None,
    area: StrategicArea | None = None,
) -> list[PeriodRow]:
    """Every improvement due a report for ``period`` (the portfolio as it stood at its
    deadline) or reported in it, with the status of that report or None; counted for the
    organisation it was reported for, else the one responsible then, and under its area
    then."""
    when = versions.then(period, deadline_day)
    reported_org = aliased(Organisation)
    then_org = aliased(Organisation)
    area_id = func.coalesce(when.iv.area_id, Improvement.area_id)
    query = (
        when.join(
            select(
                Improvement.id,
                Improvement.code,
                Improvement.title,
                StrategicArea.code.label("area"),
                StrategicArea.title.label("area_title"),
                StrategicArea.order.label("area_order"),
                func.coalesce(reported_org.code, then_org.code).label("organisation"),
                func.coalesce(reported_org.name, then_org.name).label("organisation_name"),
                StatusUpdate.status,
                StatusUpdate.progress,
                Improvement.state,
                Improvement.due,
            ).select_from(Improvement)
        )
        .join(StrategicArea, StrategicArea.id == area_id)
        .join(
            then_org,
            then_org.id == func.coalesce(when.iv.organisation_id, Improvement.organisation_id),
        )
        .outerjoin(
            StatusUpdate,
            and_(StatusUpdate.improvement_id == Improvement.id, StatusUpdate.period == period),
        )
        .outerjoin(reported_org, StatusUpdate.organisation_id == reported_org.id)
        .where(or_(when.due, StatusUpdate.id.is_not(None)))
        # The area as it stood then (as it stands now, for a report of an improvement that
        # came later).
        .where(func.coalesce(when.av.archived, StrategicArea.archived).is_(False))
    )
    if area is not None:
        query = query.where(StrategicArea.id == area.id)
    rows: list[PeriodRow] = [
        {
            "id": r.id,
            "code": r.code,
            "title": r.title,
            "area": r.area,
            "area_title": r.area_title,
            "area_order": r.area_order,
            "organisation": r.organisation,
            "organisation_name": r.organisation_name,
            "status": r.status.value if r.status else NOT_REPORTED,
            "progress": r.progress,
            "state": r.state,
            "due": r.due,
        }
        for r in session.execute(query)
    ]
    if organisation is not None:
        rows = [r for r in rows if r["organisation"] == organisation.code]
    return rows


def progress_rows(
    session: Session, last_period: str, months: int = 12, area: StrategicArea | None = None
) -> list[ProgressRow]:
    """Average reported progress per area and month, for the ``months`` up to ``last_period``."""
    first = periods.shift(last_period, -(months - 1))
    # Averaged per area id first (a narrow integer key), then named.
    averages = (
        select(
            Improvement.area_id,
            StatusUpdate.period,
            func.avg(StatusUpdate.progress).label("progress"),
        )
        .join(Improvement, StatusUpdate.improvement_id == Improvement.id)
        .where(StatusUpdate.period >= first, StatusUpdate.period <= last_period)
        .group_by(Improvement.area_id, StatusUpdate.period)
    )
    if area is not None:
        averages = averages.where(Improvement.area_id == area.id)
    averaged = averages.subquery()
    query = (
        select(StrategicArea.code.label("area"), averaged.c.period, averaged.c.progress)
        .join(averaged, averaged.c.area_id == StrategicArea.id)
        .where(StrategicArea.archived.is_(False))
    )
    return [
        {"area": r.area, "period": r.period, "progress": float(r.progress)}
        for r in session.execute(query)
    ]


# A status older than this many months before the meeting is not compared with.
STALE_MONTHS = 3


def last_meeting(session: Session, today: date) -> Meeting | None:
    """The latest meeting before today."""
    return session.scalar(
        select(Meeting).where(Meeting.date < today).order_by(Meeting.date.desc()).limit(1)
    )


def since(session: Session, start: date, today: date) -> Since:
    """What changed between ``start`` (a meeting's day) and ``today``: status changes with
    their direction, newly off track, finished, gone past due, new risks. A fixed number of
    queries."""
    cutoff = datetime.combine(start, time(), STOCKHOLM).astimezone(UTC)
    end = datetime.combine(today + timedelta(days=1), time(), STOCKHOLM).astimezone(UTC)
    # Reports older than the window are too stale to compare with; none made by today is for
    # a later month than today's (a report for a month that has not begun is refused). Both
    # bounds keep every database on the period index, to the few months that matter.
    first, last = periods.shift(periods.of(start), -STALE_MONTHS), periods.of(today)
    in_window = (StatusUpdate.period >= first, StatusUpdate.period <= last)
    # Each improvement's latest report made before the meeting, and made by today.
    latest = (
        select(
            StatusUpdate.improvement_id,
            func.max(case((StatusUpdate.created_at < cutoff, StatusUpdate.period))).label("before"),
            func.max(StatusUpdate.period).label("now"),
        )
        .where(*in_window, StatusUpdate.created_at < end)
        .group_by(StatusUpdate.improvement_id)
        .subquery()
    )
    before, now = aliased(StatusUpdate), aliased(StatusUpdate)
    finished_now = select(AuditEvent.entity_id).where(
        AuditEvent.entity_type == "improvement",
        AuditEvent.field == "state",
        AuditEvent.new_value == ImprovementState.DONE.value,
        AuditEvent.at >= cutoff,
        AuditEvent.at < end,
    )
    finished_ids = set(session.scalars(finished_now))

    def report(alias: type[StatusUpdate], period: ColumnElement[str]) -> ColumnElement[bool]:
        return and_(
            alias.improvement_id == Improvement.id,
            alias.period == period,
            alias.period >= first,
            alias.period <= last,
        )

    rows = session.execute(
        select(
            Improvement.id,
            Improvement.code,
            Improvement.title,
            Improvement.state,
            Improvement.due,
            StrategicArea.code.label("area"),
            before.status.label("before"),
            now.status.label("now"),
            before.risks.label("risks_before"),
            now.risks.label("risks_now"),
        )
        .join(StrategicArea, Improvement.area_id == StrategicArea.id)
        .outerjoin(latest, latest.c.improvement_id == Improvement.id)
        .outerjoin(before, report(before, latest.c.before))
        .outerjoin(now, report(now, latest.c.now))
        .where(Improvement.archived.is_(False), StrategicArea.archived.is_(False))
        # Only the rows that can be news (the exact tests follow in Python).
        .where(
            or_(
                before.status != now.status,
                now.status == Status.OFF_TRACK,
                and_(Improvement.due >= start, Improvement.due < today),
                func.coalesce(now.risks, "") != func.coalesce(before.risks, ""),
                Improvement.id.in_(finished_now),
            )
        )
        .order_by(StrategicArea.order, StrategicArea.code, Improvement.code)
    ).all()
    changes: list[StatusChange] = []
    off_track: list[NewsItem] = []
    past_due: list[PastDue] = []
    risks: list[NewRisk] = []
    finished: list[NewsItem] = []
    for r in rows:
        item: NewsItem = {
            "code": r.code,
            "title": r.title,
            "area": r.area,
            "overdue": is_overdue(r.due, today, r.state in OVERDUE_STATES),
        }
        b, n = (r.before.value if r.before else None), (r.now.value if r.now else None)
        if b and n and b != n:
            better = rank(n) < rank(b)
            changes.append(
                {**item, "before": b, "now": n, "direction": "better" if better else "worse"}
            )
        if n == "off_track" and b != "off_track":
            off_track.append(item)
        if item["overdue"] and start <= r.due:
            past_due.append({**item, "due": r.due})
        if r.risks_now and r.risks_now != (r.risks_before or ""):
            risks.append({**item, "risks": r.risks_now})
        if r.id in finished_ids:
            finished.append(item)
    return {
        "changes": changes,
        "off_track": off_track,
        "finished": finished,
        "past_due": past_due,
        "risks": risks,
    }
