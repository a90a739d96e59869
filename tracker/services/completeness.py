"""Completeness (rapporteringsgrad) and the one count of what is missing.

What a period was due is the portfolio as it stood at its deadline (tracker.services.versions):
``missing()`` is the only place that decides which reports are missing, and every page and
answer that counts or names them uses it; ``completeness()`` counts reported against due per
organisation and per person on top of it.
"""

from dataclasses import dataclass, field

from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.orm import Session

from tracker.models import (
    AreaAssessment,
    Improvement,
    Organisation,
    Person,
    StatusUpdate,
    StrategicArea,
)
from tracker.services import versions


@dataclass(frozen=True)
class Ref:
    """An area or an improvement as a list of missing reports names it."""

    id: int
    code: str
    title: str


@dataclass
class MissingReport:
    """A report due and not made: an improvement's, or (``improvement`` None) an area owner's
    assessment. ``person_id`` answered for it then; ``organisation_id`` is counted for it."""

    area: Ref
    improvement: Ref | None
    person_id: int
    organisation_id: int | None
    person_name: str = ""


@dataclass
class Missing:
    """The reports missing for a period (``first`` to ``period`` for a span: none made in
    it), by kind: improvements' reports and area owners' assessments."""

    period: str
    reports: list[MissingReport] = field(default_factory=list)
    assessments: list[MissingReport] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.reports) + len(self.assessments)

    def __bool__(self) -> bool:
        return bool(self.total)

    def by_person(self) -> dict[int, list[tuple[Ref, Ref | None]]]:
        """{person id: [(area, improvement or None)]}, improvements' reports first."""
        out: dict[int, list[tuple[Ref, Ref | None]]] = {}
        for item in [*self.reports, *self.assessments]:
            out.setdefault(item.person_id, []).append((item.area, item.improvement))
        return out

    def by_area(self) -> dict[int, list[MissingReport]]:
        out: dict[int, list[MissingReport]] = {}
        for item in self.reports:
            out.setdefault(item.area.id, []).append(item)
        return out


def missing(
    session: Session,
    period: str,
    deadline_day: int,
    first: str | None = None,
    owners: dict[int, list[int]] | None = None,
) -> Missing:
    """The one count of what is missing for ``period``: every report due then (the portfolio
    as it stood at its deadline) and not made in ``first``..``period`` (default: the period
    itself). Used by every page and answer that counts or names missing reports."""
    first = first or period
    when = versions.then(period, deadline_day)
    area_id = func.coalesce(when.iv.area_id, Improvement.area_id)
    reports = session.execute(
        when.join(
            select(
                Improvement.id,
                Improvement.code,
                Improvement.title,
                when.iv.owner_id,
                when.iv.organisation_id,
                StrategicArea.id.label("area_id"),
                StrategicArea.code.label("area_code"),
                StrategicArea.title.label("area_title"),
            ).select_from(Improvement)
        )
        .join(StrategicArea, StrategicArea.id == area_id)
        .outerjoin(
            StatusUpdate,
            and_(
                StatusUpdate.improvement_id == Improvement.id,
                StatusUpdate.period >= first,
                StatusUpdate.period <= period,
            ),
        )
        .where(when.due, StatusUpdate.id.is_(None))
        .order_by(StrategicArea.order, StrategicArea.code, Improvement.code)
    ).all()
    result = Missing(period)
    for r in reports:
        result.reports.append(
            MissingReport(
                area=Ref(id=r.area_id, code=r.area_code, title=r.area_title),
                improvement=Ref(id=r.id, code=r.code, title=r.title),
                person_id=r.owner_id,
                organisation_id=r.organisation_id,
            )
        )
    if owners is None:
        owners = versions.area_owners_then(session, period, deadline_day)
    if owners:
        made = set(
            session.execute(
                select(AreaAssessment.area_id, AreaAssessment.person_id).where(
                    AreaAssessment.area_id.in_(list(owners)),
                    AreaAssessment.period >= first,
                    AreaAssessment.period <= period,
                )
            ).all()
        )
        wanted = [(a, p) for a, people in owners.items() for p in people if (a, p) not in made]
        if wanted:
            areas = {
                a.id: a
                for a in session.execute(
                    select(
                        StrategicArea.id,
                        StrategicArea.code,
                        StrategicArea.title,
                        StrategicArea.order,
                    ).where(StrategicArea.id.in_({a for a, _p in wanted}))
                )
            }
            organisation_of = versions.organisations_then(
                session, {p for _a, p in wanted}, period, deadline_day
            )
            wanted.sort(key=lambda ap: (areas[ap[0]].order, areas[ap[0]].code))
            for a, p in wanted:
                area = areas[a]
                result.assessments.append(
                    MissingReport(
                        area=Ref(id=area.id, code=area.code, title=area.title),
                        improvement=None,
                        person_id=p,
                        organisation_id=organisation_of.get(p),
                    )
                )
    named = [*result.reports, *result.assessments]
    if named:
        names = dict(
            session.execute(
                select(Person.id, Person.name).where(Person.id.in_({m.person_id for m in named}))
            ).all()
        )
        for item in named:
            item.person_name = names.get(item.person_id, "")
    return result


@dataclass
class Tally:
    due: int = 0
    reported: int = 0
    late: int = 0

    @property
    def missing(self) -> int:
        return self.due - self.reported

    @property
    def share(self) -> int:
        return round(100 * self.reported / self.due) if self.due else 100


@dataclass
class Completeness:
    period: str
    total: Tally
    by_organisation: list[tuple[Organisation | None, Tally]]
    by_person: list[tuple[Person, Tally]]
    what_is_missing: Missing

    @property
    def missing(self) -> dict[int, list[tuple[Ref, Ref | None]]]:
        """{person id: [(area, improvement or None)]}: what each person has not reported."""
        return self.what_is_missing.by_person()


def completeness(session: Session, period: str, deadline_day: int) -> Completeness:
    """Reported against due for ``period``: improvement reports counted for the responsible
    organisation and the owner, area assessments for the assessor and their organisation;
    what was due is the portfolio as it stood at the period's deadline (owners as they were
    then), and a report made counts whether or not it was due."""
    # A report counts for the organisation it was made for; a missing one for the one that
    # was responsible at the deadline. Counted in SQL by kind (organisation, owner, reported,
    # late): this runs behind the dashboard at any size, and a thousand improvements make a
    # few dozen kinds.
    when = versions.then(period, deadline_day)
    reported = StatusUpdate.id.is_not(None)
    organisation = case(
        (reported, StatusUpdate.organisation_id),
        else_=func.coalesce(when.iv.organisation_id, Improvement.organisation_id),
    )
    owner = func.coalesce(when.iv.owner_id, Improvement.owner_id)
    late = func.coalesce(StatusUpdate.late, false())
    kinds = session.execute(
        when.join(
            select(
                organisation.label("organisation_id"),
                owner.label("owner_id"),
                reported.label("reported"),
                late.label("late"),
                func.count().label("times"),
            ).select_from(Improvement)
        )
        .outerjoin(
            StatusUpdate,
            and_(StatusUpdate.improvement_id == Improvement.id, StatusUpdate.period == period),
        )
        .where(or_(when.due, reported))
        .group_by(organisation, owner, reported, late)
    ).all()
    owners_then = versions.area_owners_then(session, period, deadline_day)
    what_is_missing = missing(session, period, deadline_day, owners=owners_then)
    assessed = list(
        session.execute(
            select(
                AreaAssessment.area_id,
                AreaAssessment.person_id,
                AreaAssessment.organisation_id,
                AreaAssessment.late,
            ).where(AreaAssessment.period == period)
        )
    )
    people_ids = {r.owner_id for r in kinds} | {p for ps in owners_then.values() for p in ps}
    people_ids |= {r.person_id for r in assessed}
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(people_ids)))}
    # By id; None, the organisation of a report counted for none, is no organisation.
    orgs: dict[int | None, Organisation] = {o.id: o for o in session.scalars(select(Organisation))}
    by_org: dict[int | None, Tally] = {}
    by_person: dict[int, Tally] = {}
    total = Tally()

    def count(
        org_id: int | None, person_id: int, reported: bool, late: bool, times: int = 1
    ) -> None:
        for tally in (
            total,
            by_org.setdefault(org_id, Tally()),
            by_person.setdefault(person_id, Tally()),
        ):
            tally.due += times
            if reported:
                tally.reported += times
                tally.late += times if late else 0

    for row in kinds:
        count(row.organisation_id, row.owner_id, bool(row.reported), bool(row.late), row.times)
    for row in assessed:
        count(row.organisation_id, row.person_id, True, bool(row.late))
    for item in what_is_missing.assessments:
        count(item.organisation_id, item.person_id, False, False)
    return Completeness(
        period=period,
        total=total,
        by_organisation=sorted(
            ((orgs.get(org_id), tally) for org_id, tally in by_org.items()),
            key=lambda pair: pair[0].name if pair[0] else "",
        ),
        by_person=sorted(
            ((people[pid], tally) for pid, tally in by_person.items()), key=lambda p: p[0].name
        ),
        what_is_missing=what_is_missing,
    )
