"""/my, the owner's monthly page: what a person reports on in each open period, the reports
made and the latest earlier report of each (to copy when nothing has changed)."""

from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from tracker.models import (
    AreaAssessment,
    Improvement,
    Organisation,
    Person,
    Status,
    StatusUpdate,
    StrategicArea,
)
from tracker.services import (
    periods,
    versions,
)
from tracker.services.updates import report_organisation_id


@dataclass
class Row:
    """One thing a person reports on in a period: an improvement or an area assessment."""

    period: str
    area: StrategicArea
    improvement: Improvement | None = None
    update: StatusUpdate | AreaAssessment | None = None
    previous: StatusUpdate | AreaAssessment | None = None
    # The organisation an improvement's report is for (report_organisation_id).
    organisation: Organisation | None = None

    @property
    def reported(self):
        return self.update is not None

    @property
    def key(self):
        kind = f"i{self.improvement.id}" if self.improvement else f"a{self.area.id}"
        return f"{kind}-{self.period}"


@dataclass
class Commitments:
    periods: list
    rows: dict = field(default_factory=dict)  # period -> [Row]

    def all(self):
        return [row for period in self.periods for row in self.rows.get(period, [])]


def commitments(session, person: Person, wanted: list[str], deadline_day: int) -> Commitments:
    """What ``person`` reports on in each wanted period, with the reports made and the latest
    earlier report of each (to copy when nothing has changed). An improvement's row is theirs
    in a period if they were its owner or deputy at the period's deadline or are now; an
    area's, if they were its lead or a co-owner then. A fixed number of queries per period."""
    result = Commitments(periods=wanted)
    earliest = periods.shift(min(wanted), -1)
    due: dict[str, list[int]] = {}
    responsible: dict[tuple[int, str], int] = {}  # (improvement, period) -> organisation then
    for period in wanted:
        when = versions.then(period, deadline_day)
        mine = or_(
            when.iv.owner_id == person.id,
            when.iv.deputy_id == person.id,
            Improvement.owner_id == person.id,
            Improvement.deputy_id == person.id,
        )
        found = session.execute(
            when.join(
                select(Improvement.id, when.iv.organisation_id).select_from(Improvement)
            ).where(when.due, mine)
        ).all()
        due[period] = [i for i, _org in found]
        responsible.update({(i, period): org for i, org in found})
    ids = {i for period_ids in due.values() for i in period_ids}
    improvements = {}
    if ids:
        improvements = {
            i.id: i
            for i in session.scalars(
                select(Improvement)
                .where(Improvement.id.in_(ids))
                .options(
                    selectinload(Improvement.area),
                    selectinload(Improvement.owner),
                    selectinload(Improvement.deputy),
                    selectinload(Improvement.organisation),
                )
            )
        }
    assessed_areas = {
        period: [
            area_id
            for area_id, owners in versions.area_owners_then(session, period, deadline_day).items()
            if person.id in owners
        ]
        for period in wanted
    }
    area_ids = {a for period_ids in assessed_areas.values() for a in period_ids}
    areas = {}
    if area_ids:
        areas = {
            a.id: a
            for a in session.scalars(
                select(StrategicArea)
                .where(StrategicArea.id.in_(area_ids))
                .options(selectinload(StrategicArea.lead), selectinload(StrategicArea.co_owners))
            )
        }
    updates = {}
    if ids:
        for u in session.scalars(
            select(StatusUpdate).where(
                StatusUpdate.improvement_id.in_(ids), StatusUpdate.period >= earliest
            )
        ):
            updates[(u.improvement_id, u.period)] = u
    assessments = {}
    if areas:
        for a in session.scalars(
            select(AreaAssessment).where(
                AreaAssessment.person_id == person.id,
                AreaAssessment.area_id.in_(list(areas)),
                AreaAssessment.period >= earliest,
            )
        ):
            assessments[(a.area_id, a.period)] = a
    # The latest earlier report of each row, not necessarily last month's.
    earlier_updates, earlier_assessments = earlier_reports(
        session, person, updates, assessments, list(ids), list(areas), wanted
    )
    # The organisations the reports are for: a report's own, else the one responsible then.
    organisation_ids = {
        report_organisation_id(improvements[i], updates.get((i, p)), responsible[(i, p)])
        for p in wanted for i in due[p]
    }  # fmt: skip
    organisations = {}
    if organisation_ids:
        organisations = {
            o.id: o
            for o in session.scalars(
                select(Organisation).where(Organisation.id.in_(organisation_ids))
            )
        }
    for period in wanted:
        rows = [
            Row(period, areas[a], None, assessments.get((a, period)),
                earlier_assessments.get((a, period)))
            for a in assessed_areas[period]
        ]  # fmt: skip
        for i in due[period]:
            improvement, update = improvements[i], updates.get((i, period))
            rows.append(
                Row(period, improvement.area, improvement, update,
                    earlier_updates.get((i, period)),
                    organisations[report_organisation_id(improvement, update,
                                                         responsible[(i, period)])])
            )  # fmt: skip
        rows.sort(key=lambda r: (r.area.order, r.area.code, r.improvement is not None,
                                 r.improvement.code if r.improvement else ""))  # fmt: skip
        result.rows[period] = rows
    return result


def split(assessments) -> list[Status]:
    """The distinct statuses the area's owners gave, best first: never an average."""
    order = list(Status)
    return sorted({a.status for a in assessments}, key=order.index)


def area_assessments(session, area_ids, period: str) -> dict[int, list[AreaAssessment]]:
    rows = session.scalars(
        select(AreaAssessment)
        .where(AreaAssessment.area_id.in_(list(area_ids)), AreaAssessment.period == period)
        .options(selectinload(AreaAssessment.person), selectinload(AreaAssessment.organisation))
    )
    out: dict[int, list] = {}
    for row in rows:
        out.setdefault(row.area_id, []).append(row)
    return out


# The latest earlier report, for "unchanged since last month" on /my.


def latest_before(session, person: Person, improvement_ids, area_ids, period: str):
    """The latest report before ``period`` of each improvement, and ``person``'s latest
    assessment before it of each area: a grouped max of the period, then its rows (two
    queries)."""
    updates, assessments = {}, {}
    if improvement_ids:
        latest = (
            select(StatusUpdate.improvement_id, func.max(StatusUpdate.period).label("period"))
            .where(
                StatusUpdate.improvement_id.in_(list(improvement_ids)),
                StatusUpdate.period < period,
            )
            .group_by(StatusUpdate.improvement_id)
            .subquery()
        )
        found = session.scalars(
            select(StatusUpdate).join(
                latest,
                and_(
                    StatusUpdate.improvement_id == latest.c.improvement_id,
                    StatusUpdate.period == latest.c.period,
                ),
            )
        )
        updates = {u.improvement_id: u for u in found}
    if area_ids:
        mine = and_(
            AreaAssessment.person_id == person.id,
            AreaAssessment.area_id.in_(list(area_ids)),
            AreaAssessment.period < period,
        )
        latest = (
            select(AreaAssessment.area_id, func.max(AreaAssessment.period).label("period"))
            .where(mine)
            .group_by(AreaAssessment.area_id)
            .subquery()
        )
        found = session.scalars(
            select(AreaAssessment)
            .join(
                latest,
                and_(
                    AreaAssessment.area_id == latest.c.area_id,
                    AreaAssessment.period == latest.c.period,
                ),
            )
            .where(mine)
        )
        assessments = {a.area_id: a for a in found}
    return updates, assessments


def earlier_reports(session, person, updates, assessments, improvement_ids, area_ids, wanted):
    """For each (item id, wanted period): the item's latest report before that period.
    ``updates`` and ``assessments`` hold the reports already loaded, keyed (item id, period),
    for every period from the month before the earliest wanted one; older ones are looked up
    once with latest_before()."""
    earliest = periods.shift(min(wanted), -1)
    older_updates, older_assessments = latest_before(
        session, person, improvement_ids, area_ids, earliest
    )

    def latest(loaded, older, item_id, period):
        month = periods.shift(period, -1)
        while month >= earliest:
            if (item_id, month) in loaded:
                return loaded[(item_id, month)]
            month = periods.shift(month, -1)
        return older.get(item_id)

    def table(loaded, older, item_ids):
        out = {}
        for item_id in item_ids:
            for period in wanted:
                report = latest(loaded, older, item_id, period)
                if report is not None:
                    out[(item_id, period)] = report
        return out

    return (
        table(updates, older_updates, improvement_ids),
        table(assessments, older_assessments, area_ids),
    )
