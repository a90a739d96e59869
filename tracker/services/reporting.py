"""Monthly reporting (månadsuppföljning): who is due, deadlines and lateness, saving updates
and area assessments with revisions and conflict detection, and completeness.

A period is a calendar month, YYYY-MM, in Europe/Stockholm. Its reports are due by a day of
the following month (REPORT_DEADLINE_DAY, default the 10th). Until then a report can be
revised; after it a missing report is still accepted and marked late, and a report made in
time is closed unless an admin reopened the period.
"""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from tracker import access
from tracker.models import (
    AUDIENCE_FIELDS,
    TEXT_MAX,
    UPDATE_FIELDS,
    AreaAssessment,
    Audience,
    Improvement,
    ImprovementState,
    Organisation,
    OrganisationKind,
    PeriodReopening,
    Person,
    Status,
    StatusUpdate,
    StrategicArea,
    UpdateRevision,
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


def closed(period: str, today: date, day: int) -> bool:
    """Whether ``period``'s deadline has passed: only then is there anything to reopen."""
    return today > deadline(period, day)


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


def report_organisation_id(improvement: Improvement, report=None, responsible=None) -> int:
    """The organisation an improvement's report is for: a report's own, once made; else the
    one ``responsible`` at the period's deadline; else today's."""
    if report is not None:
        return report.organisation_id
    return responsible or improvement.organisation_id


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
    checked = periods.collect(errors, "period", period, today)
    period = checked.value if checked else None
    due_then = (
        versions.improvement_then(session, improvement, period, deadline_day) if period else None
    )
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
    responsible = due_then.organisation_id if due_then is not None else None
    organisation = session.get(
        Organisation, report_organisation_id(improvement, existing, responsible)
    )
    company = organisation.kind == OrganisationKind.COMPANY
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
        organisation_id=organisation.id,
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
    checked = periods.collect(errors, "period", period, today)
    period = checked.value if checked else None
    owners_then = (
        versions.area_owners_then(session, period, deadline_day, [area.id]).get(area.id, [])
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
        organisation_id=versions.organisations_then(session, [actor.id], period, deadline_day).get(
            actor.id, actor.organisation_id
        ),
        status=status,
        comment=comment,
        late=today > deadline(period, deadline_day),
    )
    session.add(assessment)
    session.flush()
    return Saved(assessment, created=True, changed=True)


def reopen(
    session, period: str, until: date, actor: Person, today: date, day: int
) -> PeriodReopening:
    """An admin opens ``period`` for reports and revisions until ``until``; only a period
    whose deadline (``day`` of the following month) has passed: before it, it is open."""
    if not access.allowed(actor, access.Rule.ADMIN):
        raise NotAllowed("only an admin reopens a period")
    errors = Errors()
    periods.collect(errors, "period", period, today, deadline_day=day)  # closed, to reopen
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
