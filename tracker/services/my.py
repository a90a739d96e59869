"""/my, the owner's monthly page: what a person reports on in each open period, the reports
made and the latest earlier report of each (to copy when nothing has changed)."""

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.interfaces import ORMOption

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

Key = tuple[int, str]
"""An improvement's or an area's id, and a period."""

M = TypeVar("M", Improvement, StrategicArea, Organisation)

# What a row on /my shows of its improvement (area, owner, deputy, organisation) and of its
# area (lead owner, co-owners): loaded with the rows, one query each.
IMPROVEMENT_ROW = (
    selectinload(Improvement.area),
    selectinload(Improvement.owner),
    selectinload(Improvement.deputy),
    selectinload(Improvement.organisation),
)
AREA_ROW = (selectinload(StrategicArea.lead), selectinload(StrategicArea.co_owners))
R = TypeVar("R", StatusUpdate, AreaAssessment)


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
    def reported(self) -> bool:
        return self.update is not None

    @property
    def key(self) -> str:
        kind = f"i{self.improvement.id}" if self.improvement else f"a{self.area.id}"
        return f"{kind}-{self.period}"


@dataclass
class Commitments:
    periods: list[str]
    rows: dict[str, list[Row]] = field(default_factory=dict)  # period -> [Row]

    def all(self) -> list[Row]:
        return [row for period in self.periods for row in self.rows.get(period, [])]


def _by_id(
    session: Session, model: type[M], ids: Collection[int], *options: ORMOption
) -> dict[int, M]:
    """The rows of ``model`` with these ids, by id (no query for none)."""
    if not ids:
        return {}
    return {
        row.id: row
        for row in session.scalars(select(model).where(model.id.in_(ids)).options(*options))
    }


def commitments(
    session: Session, person: Person, wanted: list[str], deadline_day: int
) -> Commitments:
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
    improvements = _by_id(session, Improvement, ids, *IMPROVEMENT_ROW)
    assessed_areas = {
        period: [
            area_id
            for area_id, owners in versions.area_owners_then(session, period, deadline_day).items()
            if person.id in owners
        ]
        for period in wanted
    }
    area_ids = {a for period_ids in assessed_areas.values() for a in period_ids}
    areas = _by_id(session, StrategicArea, area_ids, *AREA_ROW)
    updates: dict[Key, StatusUpdate] = {}
    if ids:
        for u in session.scalars(
            select(StatusUpdate).where(
                StatusUpdate.improvement_id.in_(ids), StatusUpdate.period >= earliest
            )
        ):
            updates[(u.improvement_id, u.period)] = u
    assessments: dict[Key, AreaAssessment] = {}
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
        for p in wanted
        for i in due[p]
    }
    organisations = _by_id(session, Organisation, organisation_ids)
    for period in wanted:
        rows = [
            Row(
                period,
                areas[a],
                None,
                assessments.get((a, period)),
                earlier_assessments.get((a, period)),
            )
            for a in assessed_areas[period]
        ]
        for i in due[period]:
            improvement, update = improvements[i], updates.get((i, period))
            rows.append(
                Row(
                    period,
                    improvement.area,
                    improvement,
                    update,
                    earlier_updates.get((i, period)),
                    organisations[
                        report_organisation_id(improvement, update, responsible[(i, period)])
                    ],
                )
            )
        rows.sort(
            key=lambda r: (
                r.area.order,
                r.area.code,
                r.improvement is not None,
                r.improvement.code if r.improvement else "",
            )
        )
        result.rows[period] = rows
    return result


def split(assessments: Iterable[AreaAssessment]) -> list[Status]:
    """The distinct statuses the area's owners gave, best first: never an average."""
    order = list(Status)
    return sorted({a.status for a in assessments}, key=order.index)


def area_assessments(
    session: Session, area_ids: Iterable[int], period: str
) -> dict[int, list[AreaAssessment]]:
    rows = session.scalars(
        select(AreaAssessment)
        .where(AreaAssessment.area_id.in_(list(area_ids)), AreaAssessment.period == period)
        .options(selectinload(AreaAssessment.person), selectinload(AreaAssessment.organisation))
    )
    out: dict[int, list[AreaAssessment]] = {}
    for row in rows:
        out.setdefault(row.area_id, []).append(row)
    return out


# The latest earlier report, for "unchanged since last month" on /my.


def latest_before(
    session: Session,
    person: Person,
    improvement_ids: Collection[int],
    area_ids: Collection[int],
    period: str,
) -> tuple[dict[int, StatusUpdate], dict[int, AreaAssessment]]:
    """The latest report before ``period`` of each improvement, and ``person``'s latest
    assessment before it of each area: a grouped max of the period, then its rows (two
    queries)."""
    updates: dict[int, StatusUpdate] = {}
    assessments: dict[int, AreaAssessment] = {}
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
        found_updates = session.scalars(
            select(StatusUpdate).join(
                latest,
                and_(
                    StatusUpdate.improvement_id == latest.c.improvement_id,
                    StatusUpdate.period == latest.c.period,
                ),
            )
        )
        updates = {u.improvement_id: u for u in found_updates}
    if area_ids:
        mine = and_(
            AreaAssessment.person_id == person.id,
            AreaAssessment.area_id.in_(list(area_ids)),
            AreaAssessment.period < period,
        )
        latest_assessed = (
            select(AreaAssessment.area_id, func.max(AreaAssessment.period).label("period"))
            .where(mine)
            .group_by(AreaAssessment.area_id)
            .subquery()
        )
        found_assessments = session.scalars(
            select(AreaAssessment)
            .join(
                latest_assessed,
                and_(
                    AreaAssessment.area_id == latest_assessed.c.area_id,
                    AreaAssessment.period == latest_assessed.c.period,
                ),
            )
            .where(mine)
        )
        assessments = {a.area_id: a for a in found_assessments}
    return updates, assessments


def earlier_reports(
    session: Session,
    person: Person,
    updates: dict[Key, StatusUpdate],
    assessments: dict[Key, AreaAssessment],
    improvement_ids: list[int],
    area_ids: list[int],
    wanted: list[str],
) -> tuple[dict[Key, StatusUpdate], dict[Key, AreaAssessment]]:
    """For each (item id, wanted period): the item's latest report before that period.
    ``updates`` and ``assessments`` hold the reports already loaded, keyed (item id, period),
    for every period from the month before the earliest wanted one; older ones are looked up
    once with latest_before()."""
    earliest = periods.shift(min(wanted), -1)
    older_updates, older_assessments = latest_before(
        session, person, improvement_ids, area_ids, earliest
    )

    def latest(loaded: dict[Key, R], older: dict[int, R], item_id: int, period: str) -> R | None:
        month = periods.shift(period, -1)
        while month >= earliest:
            if (item_id, month) in loaded:
                return loaded[(item_id, month)]
            month = periods.shift(month, -1)
        return older.get(item_id)

    def table(loaded: dict[Key, R], older: dict[int, R], item_ids: list[int]) -> dict[Key, R]:
        out: dict[Key, R] = {}
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
