"""Monthly reporting (månadsuppföljning): who is due, deadlines and lateness, saving updates
and area assessments with revisions and conflict detection, and completeness.

A period is a calendar month, YYYY-MM, in Europe/Stockholm. Its reports are due by a day of
the following month (REPORT_DEADLINE_DAY, default the 10th). Until then a report can be
revised; after it a missing report is still accepted and marked late, and a report made in
time is closed unless an admin reopened the period.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from tracker import access
from tracker.models import (
    AUDIENCE_FIELDS,
    TEXT_MAX,
    UPDATE_FIELDS,
    AreaAssessment,
    AreaVersion,
    Audience,
    Improvement,
    ImprovementState,
    ImprovementVersion,
    Organisation,
    OrganisationKind,
    PeriodReopening,
    Person,
    Status,
    StatusUpdate,
    StrategicArea,
    UpdateRevision,
    area_version_co_owner,
    utcnow,
)
from tracker.services import (
    REQUIRED,
    DomainError,
    Errors,
    NotAllowed,
    periods,
    validate,
    versions,
)
from tracker.services.audit import record
from tracker.services.periods import deadline

DUE_STATES = (ImprovementState.PLANNED, ImprovementState.ONGOING)
CLOSED_STATES = (ImprovementState.DONE, ImprovementState.CANCELLED)


class Stale(DomainError):
    """Someone saved the report after this person read it; nothing was overwritten."""

    def __init__(self, current):
        super().__init__("the report was changed meanwhile")
        self.current = current


class Closed(DomainError):
    """The period's deadline has passed and the report was made in time: it is closed."""


# Deadlines.


def reported_period(day: date, deadline_day: int) -> str:
    """The latest period whose reporting deadline has passed on ``day``."""
    period = periods.shift(periods.of(day), -1)
    if day <= deadline(period, deadline_day):
        period = periods.shift(period, -1)
    return period


def open_periods(today: date, session=None) -> list[str]:
    """The periods /my reports on: any older period an admin has reopened, last month (in full
    until its deadline, then what is missing or late) and this month."""
    current = periods.of(today)
    wanted = [periods.shift(current, -1), current]
    if session is not None:
        older = session.scalars(
            select(PeriodReopening.period).where(
                PeriodReopening.until >= today, PeriodReopening.period < wanted[0]
            )
        )
        wanted = sorted(older) + wanted
    return wanted


def next_deadline_period(today: date, day: int) -> str:
    """The period whose deadline comes next (today counts)."""
    previous = periods.shift(periods.of(today), -1)
    return previous if today <= deadline(previous, day) else periods.of(today)


def reopened_until(session, period: str) -> date | None:
    return session.scalar(select(PeriodReopening.until).where(PeriodReopening.period == period))


def reopened(session, period: str, today: date) -> bool:
    """Whether an admin has reopened ``period`` until today or later (looked up once per
    period and session)."""
    cache = session.info.setdefault("reopened_until", {})
    if period not in cache:
        cache[period] = reopened_until(session, period)
    return cache[period] is not None and today <= cache[period]


def revisable(session, period: str, today: date, day: int, late: bool = False) -> bool:
    """Whether a report already made for ``period`` may still be changed: until the deadline,
    while the period is reopened, and always for a report that came in late (only a report
    made in time is closed at the deadline)."""
    return late or today <= deadline(period, day) or reopened(session, period, today)


def check_period(errors: Errors, field: str, period: str, today: date) -> str | None:
    try:
        periods.parse(period)
    except ValueError:
        errors.add(field, _l("Write the period as YYYY-MM, for example 2026-10."))
        return None
    if period > periods.of(today):
        errors.add(field, _l("The period %(period)s has not begun yet.", period=period))
        return None
    return period


# Who is due: the portfolio as it stood at the period's deadline (tracker.services.versions).


@dataclass
class Then:
    """The improvement's and its area's versions at a period's deadline, as aliases to join to
    a query over Improvement, and the rule that says the improvement was due a report.

    Due: in the portfolio by the deadline, planned or ongoing and not archived then (nor its
    area), and started by the end of the period.
    """

    period: str
    instant: datetime
    iv: Any
    av: Any

    @property
    def due(self):
        iv, av = self.iv, self.av
        return and_(
            iv.id.is_not(None),
            iv.state.in_(DUE_STATES),
            iv.archived.is_(False),
            or_(av.id.is_(None), av.archived.is_(False)),
            or_(iv.start.is_(None), iv.start <= periods.last_day(self.period)),
        )

    def join(self, query):
        """``query`` (which selects from Improvement) with the versions joined, outer."""
        iv, av = self.iv, self.av
        return query.outerjoin(
            iv, and_(iv.improvement_id == Improvement.id, versions.at(iv, self.instant))
        ).outerjoin(av, and_(av.area_id == iv.area_id, versions.at(av, self.instant)))


def then(period: str, deadline_day: int) -> Then:
    return Then(
        period,
        versions.moment(period, deadline_day),
        aliased(ImprovementVersion, name="iv"),
        aliased(AreaVersion, name="av"),
    )


def due_improvements_query(period: str, deadline_day: int):
    """Improvements due a report for ``period``, as the portfolio stood at its deadline."""
    when = then(period, deadline_day)
    return when.join(select(Improvement)).where(when.due)


def improvement_then(session, improvement: Improvement, period: str, deadline_day: int):
    """The improvement's version at ``period``'s deadline if it was due a report then, else
    None."""
    when = then(period, deadline_day)
    return session.scalar(
        when.join(select(when.iv).select_from(Improvement)).where(
            Improvement.id == improvement.id, when.due
        )
    )


def area_owners_then(session, period: str, deadline_day: int, area_ids=None) -> dict:
    """{area id: [lead id, co-owner ids...]} of the areas due assessments for ``period``: in
    the portfolio by its deadline, not archived then, their plan begun by the period's end;
    their owners as they were then. Two small queries, no objects."""
    instant = versions.moment(period, deadline_day)
    query = select(AreaVersion.id, AreaVersion.area_id, AreaVersion.lead_id).where(
        versions.at(AreaVersion, instant),
        AreaVersion.archived.is_(False),
        or_(AreaVersion.plan_from.is_(None), AreaVersion.plan_from <= periods.last_day(period)),
    )
    if area_ids is not None:
        query = query.where(AreaVersion.area_id.in_(list(area_ids)))
    found = session.execute(query).all()
    co_owners: dict[int, list[int]] = {}
    if found:
        for version_id, person_id in session.execute(
            select(area_version_co_owner.c.area_version_id, area_version_co_owner.c.person_id)
            .where(area_version_co_owner.c.area_version_id.in_([v.id for v in found]))
            .order_by(area_version_co_owner.c.person_id)
        ):
            co_owners.setdefault(version_id, []).append(person_id)
    return {v.area_id: [v.lead_id, *co_owners.get(v.id, [])] for v in found}


def areas_then(session, period: str, deadline_day: int, *options) -> list[StrategicArea]:
    """The areas in the portfolio at ``period``'s deadline, not archived then, in the group's
    order."""
    instant = versions.moment(period, deadline_day)
    in_portfolio = select(AreaVersion.area_id).where(
        versions.at(AreaVersion, instant), AreaVersion.archived.is_(False)
    )
    return list(
        session.scalars(
            select(StrategicArea)
            .where(StrategicArea.id.in_(in_portfolio))
            .options(*options)
            .order_by(StrategicArea.order, StrategicArea.code)
        )
    )


def area_owners(area: StrategicArea) -> list[Person]:
    return [area.lead, *area.co_owners]


# Saving an update.


def _clean(errors: Errors, data: dict, base: dict, company: bool) -> dict:
    """The update's fields from ``data`` over ``base``, checked; flags need their texts. Only
    a company's report can mark a text commercially confidential."""
    values = {f: data.get(f, base.get(f)) for f in UPDATE_FIELDS}
    for audience_field in AUDIENCE_FIELDS.values():
        try:
            values[audience_field] = Audience(values[audience_field] or Audience.GROUP)
        except ValueError:
            values[audience_field] = Audience.GROUP
            errors.add(audience_field, _l("Choose one of: %(choices)s.",
                                          choices=", ".join(Audience)))  # fmt: skip
        else:
            if values[audience_field] == Audience.CONFIDENTIAL and not company:
                errors.add(audience_field, _l("Only a company can mark a text as commercially "
                                              "confidential."))  # fmt: skip
    try:
        values["status"] = Status(values["status"]) if values["status"] else None
    except ValueError:
        values["status"] = None
        errors.add("status", _l("Choose one of: %(choices)s.", choices=", ".join(Status)))
    else:
        if values["status"] is None:
            errors.add("status", REQUIRED)
    progress = values["progress"]
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        errors.add("progress", _l("Give the progress as a whole number from 0 to 100."))
    for text_field in ("comment", "next_steps", "risks", "decision_text", "politicians_text"):
        values[text_field] = validate.text(
            errors, text_field, values[text_field], max_length=TEXT_MAX
        )
    values["needs_decision"] = bool(values["needs_decision"])
    values["raise_to_politicians"] = bool(values["raise_to_politicians"])
    if values["needs_decision"] and not values["decision_text"]:
        errors.add("decision_text", _l("Say what the group must decide."))
    if values["raise_to_politicians"] and not values["politicians_text"]:
        errors.add("politicians_text", _l("Say why this is raised to the politicians."))
    return values


def _snapshot(update: StatusUpdate) -> dict:
    return {f: getattr(update, f) for f in UPDATE_FIELDS}


def _revision(update: StatusUpdate, author: Person) -> UpdateRevision:
    return UpdateRevision(
        update_id=update.id, version=update.version, author_id=author.id, **_snapshot(update)
    )


@dataclass
class Saved:
    update: StatusUpdate
    created: bool = False
    changed: bool = False


def save_update(
    session,
    improvement: Improvement,
    period: str,
    data: dict,
    actor: Person,
    *,
    today: date,
    deadline_day: int,
    expected_version: int | None = None,
) -> Saved:
    """Create or revise the update of ``improvement`` for ``period``.

    ``expected_version`` is the version the person read (0 or None: they saw no report). A
    report saved meanwhile raises Stale, unless it already says exactly this (a double
    submit), which changes nothing. The row is locked while it is compared and changed
    (PostgreSQL; SQLite already serialises writers), so two saves cannot cross.
    """
    errors = Errors()
    period = check_period(errors, "period", period, today)
    due_then = improvement_then(session, improvement, period, deadline_day) if period else None
    if not access.may_report_on(actor, improvement, due_then):
        raise NotAllowed("only the owner, the deputy or an admin reports on an improvement")
    existing = None
    if period:
        existing = session.scalar(
            select(StatusUpdate)
            .where(StatusUpdate.improvement_id == improvement.id, StatusUpdate.period == period)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    # A report already made stays revisable even if the improvement has closed since.
    if period and existing is None and due_then is None:
        errors.add("period", _l("%(code)s is not due a report for %(period)s.",
                                code=improvement.code, period=period))  # fmt: skip
    company = improvement.organisation.kind == OrganisationKind.COMPANY
    values = _clean(errors, data, _snapshot(existing) if existing else {}, company)
    errors.raise_if_any()

    if existing is not None:
        if _snapshot(existing) == values:
            return Saved(existing)  # a double submit, or nothing changed
        if (expected_version or 0) != existing.version:
            raise Stale(existing)
        if not revisable(session, period, today, deadline_day, existing.late):
            raise Closed(period)
        for key, value in values.items():
            setattr(existing, key, value)
        existing.author_id = actor.id
        session.flush()  # the version goes up here
        session.add(_revision(existing, actor))
        session.flush()
        return Saved(existing, changed=True)

    if expected_version:
        raise Stale(None)
    update = StatusUpdate(
        improvement_id=improvement.id,
        period=period,
        organisation_id=improvement.organisation_id,
        author_id=actor.id,
        late=today > deadline(period, deadline_day),
        **values,
    )
    session.add(update)
    session.flush()
    session.add(_revision(update, actor))
    session.flush()
    return Saved(update, created=True, changed=True)


def save_assessment(
    session,
    area: StrategicArea,
    period: str,
    data: dict,
    actor: Person,
    *,
    today: date,
    deadline_day: int,
    expected_version: int | None = None,
):
    """The actor's own assessment of an area they lead or co-own, for ``period``: an owner as
    the area stood at the period's deadline (now, for a period whose deadline is to come)."""
    errors = Errors()
    period = check_period(errors, "period", period, today)
    owners_then = (
        area_owners_then(session, period, deadline_day, [area.id]).get(area.id, [])
        if period
        else []
    )
    if actor.id not in owners_then and not any(p.id == actor.id for p in area_owners(area)):
        raise NotAllowed("only the area's owners assess it")
    try:
        status = Status(data.get("status"))
    except ValueError:
        status = None
        errors.add("status", _l("Choose one of: %(choices)s.", choices=", ".join(Status)))
    comment = validate.text(errors, "comment", data.get("comment"), max_length=TEXT_MAX)
    errors.raise_if_any()
    existing = session.scalar(
        select(AreaAssessment)
        .where(
            AreaAssessment.area_id == area.id,
            AreaAssessment.period == period,
            AreaAssessment.person_id == actor.id,
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if existing is None and actor.id not in owners_then:
        errors.add("period", _l("%(code)s is not due your assessment for %(period)s.",
                                code=area.code, period=period))  # fmt: skip
        errors.raise_if_any()
    if existing is not None:
        if (existing.status, existing.comment) == (status, comment):
            return Saved(existing)
        if (expected_version or 0) != existing.version:
            raise Stale(existing)
        if not revisable(session, period, today, deadline_day, existing.late):
            raise Closed(period)
        existing.status, existing.comment = status, comment
        session.flush()
        return Saved(existing, changed=True)
    if expected_version:
        raise Stale(None)
    assessment = AreaAssessment(
        area_id=area.id,
        period=period,
        person_id=actor.id,
        organisation_id=actor.organisation_id,
        status=status,
        comment=comment,
        late=today > deadline(period, deadline_day),
    )
    session.add(assessment)
    session.flush()
    return Saved(assessment, created=True, changed=True)


def reopen(session, period: str, until: date, actor: Person, today: date) -> PeriodReopening:
    """An admin opens ``period`` for reports and revisions until ``until``."""
    if not access.allowed(actor, access.Rule.ADMIN):
        raise NotAllowed("only an admin reopens a period")
    errors = Errors()
    check_period(errors, "period", period, today)
    if until < today:
        errors.add("until", _l("Choose a date from today on."))
    errors.raise_if_any()
    row = session.scalar(select(PeriodReopening).where(PeriodReopening.period == period))
    old = row.until if row else None
    if row is None:
        row = PeriodReopening(period=period, until=until, by_id=actor.id)
        session.add(row)
    else:
        row.until, row.by_id, row.at = until, actor.id, utcnow()
    session.flush()
    record(session, actor, "reopen", row, {"until": (old, until)})
    return row


# What a person answers for in a period, and what is missing.


@dataclass
class Row:
    """One thing a person reports on in a period: an improvement or an area assessment."""

    period: str
    area: StrategicArea
    improvement: Improvement | None = None
    update: StatusUpdate | AreaAssessment | None = None
    previous: StatusUpdate | AreaAssessment | None = None

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
    for period in wanted:
        when = then(period, deadline_day)
        mine = or_(
            when.iv.owner_id == person.id,
            when.iv.deputy_id == person.id,
            Improvement.owner_id == person.id,
            Improvement.deputy_id == person.id,
        )
        due[period] = list(
            session.scalars(
                when.join(select(Improvement.id).select_from(Improvement)).where(when.due, mine)
            )
        )
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
            for area_id, owners in area_owners_then(session, period, deadline_day).items()
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
    for period in wanted:
        rows = [
            Row(period, areas[a], None, assessments.get((a, period)),
                earlier_assessments.get((a, period)))
            for a in assessed_areas[period]
        ]  # fmt: skip
        rows += [
            Row(period, i.area, i, updates.get((i.id, period)), earlier_updates.get((i.id, period)))
            for i in (improvements[i] for i in due[period])
        ]
        rows.sort(key=lambda r: (r.area.order, r.area.code, r.improvement is not None,
                                 r.improvement.code if r.improvement else ""))  # fmt: skip
        result.rows[period] = rows
    return result


# What is missing, and completeness: one count, whatever page or answer shows it.


@dataclass
class MissingReport:
    """A report due and not made: an improvement's, or (``improvement`` None) an area owner's
    assessment. ``person_id`` answered for it then; ``organisation_id`` is counted for it."""

    area: SimpleNamespace  # id, code, title
    improvement: SimpleNamespace | None  # id, code, title
    person_id: int
    organisation_id: int | None
    person_name: str = ""


@dataclass
class Missing:
    """The reports missing for a period (``first`` to ``period`` for a span: none made in
    it), by kind: improvements' reports and area owners' assessments."""

    period: str
    reports: list = field(default_factory=list)
    assessments: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.reports) + len(self.assessments)

    def __bool__(self):
        return bool(self.total)

    def by_person(self) -> dict[int, list]:
        """{person id: [(area, improvement or None)]}, improvements' reports first."""
        out: dict[int, list] = {}
        for item in [*self.reports, *self.assessments]:
            out.setdefault(item.person_id, []).append((item.area, item.improvement))
        return out

    def by_area(self) -> dict[int, list]:
        out: dict[int, list] = {}
        for item in self.reports:
            out.setdefault(item.area.id, []).append(item)
        return out


def missing(session, period: str, deadline_day: int, first: str | None = None) -> Missing:
    """The one count of what is missing for ``period``: every report due then (the portfolio
    as it stood at its deadline) and not made in ``first``..``period`` (default: the period
    itself). Used by every page and answer that counts or names missing reports."""
    first = first or period
    when = then(period, deadline_day)
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
                area=SimpleNamespace(id=r.area_id, code=r.area_code, title=r.area_title),
                improvement=SimpleNamespace(id=r.id, code=r.code, title=r.title),
                person_id=r.owner_id,
                organisation_id=r.organisation_id,
            )
        )
    owners = area_owners_then(session, period, deadline_day)
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
                        StrategicArea.id, StrategicArea.code, StrategicArea.title,
                        StrategicArea.order,
                    ).where(StrategicArea.id.in_({a for a, _p in wanted}))
                )
            }  # fmt: skip
            organisation_of = dict(
                session.execute(
                    select(Person.id, Person.organisation_id).where(
                        Person.id.in_({p for _a, p in wanted})
                    )
                ).all()
            )
            wanted.sort(key=lambda ap: (areas[ap[0]].order, areas[ap[0]].code))
            for a, p in wanted:
                area = areas[a]
                result.assessments.append(
                    MissingReport(
                        area=SimpleNamespace(id=area.id, code=area.code, title=area.title),
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
    def missing(self):
        return self.due - self.reported

    @property
    def share(self):
        return round(100 * self.reported / self.due) if self.due else 100


@dataclass
class Completeness:
    period: str
    total: Tally
    by_organisation: list  # [(Organisation, Tally)]
    by_person: list  # [(Person, Tally)]
    missing: dict  # person id -> [(area, improvement or None)]
    what_is_missing: Missing


def completeness(session, period: str, deadline_day: int) -> Completeness:
    """Reported against due for ``period``: improvement reports counted for the responsible
    organisation and the owner, area assessments for the assessor and their organisation;
    what was due is the portfolio as it stood at the period's deadline (owners as they were
    then), and a report made counts whether or not it was due."""
    # A report counts for the organisation it was made for; a missing one for the one that
    # was responsible at the deadline. Counted in SQL by kind (organisation, owner, reported,
    # late): this runs behind the dashboard at any size, and a thousand improvements make a
    # few dozen kinds.
    when = then(period, deadline_day)
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
    what_is_missing = missing(session, period, deadline_day)
    owners_then = area_owners_then(session, period, deadline_day)
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
    orgs = {o.id: o for o in session.scalars(select(Organisation))}
    by_org: dict[int | None, Tally] = {}
    by_person: dict[int, Tally] = {}
    total = Tally()

    def count(org_id, person_id, reported, late, times=1):
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
        missing=what_is_missing.by_person(),
        what_is_missing=what_is_missing,
    )


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
