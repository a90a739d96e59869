"""Saving the monthly updates (månadsuppföljning) of improvements and the area assessments,
with revisions and conflict detection; the deadlines are tracker.services.deadlines."""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

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
    Person,
    Status,
    StatusUpdate,
    StrategicArea,
    UpdateRevision,
)
from tracker.services import (
    REQUIRED,
    Data,
    DomainError,
    Errors,
    NotAllowed,
    Stale,
    keys,
    periods,
    validate,
    versions,
)
from tracker.services.deadlines import closed, revisable

CLOSED_STATES = (ImprovementState.DONE, ImprovementState.CANCELLED)


class Closed(DomainError):
    """The period's deadline has passed and the report was made in time: it is closed."""


def area_owners(area: StrategicArea) -> list[Person]:
    return [area.lead, *area.co_owners]


# Saving an update.


def _clean(errors: Errors, data: Data, base: Data, company: bool) -> Data:
    """The update's fields from ``data`` over ``base``, checked; flags need their texts. Only
    a company's report can mark a text commercially confidential."""
    values = {f: data.get(f, base.get(f)) for f in UPDATE_FIELDS}
    for audience_field in AUDIENCE_FIELDS.values():
        try:
            values[audience_field] = Audience(values[audience_field] or Audience.GROUP)
        except ValueError:
            values[audience_field] = Audience.GROUP
            errors.add(
                audience_field, _l("Choose one of: %(choices)s.", choices=", ".join(Audience))
            )
        else:
            if values[audience_field] == Audience.CONFIDENTIAL and not company:
                errors.add(
                    audience_field,
                    _l("Only a company can mark a text as commercially confidential."),
                )
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


def _snapshot(update: StatusUpdate) -> Data:
    return {f: getattr(update, f) for f in UPDATE_FIELDS}


def _revision(update: StatusUpdate, author: Person) -> UpdateRevision:
    return UpdateRevision(
        update_id=update.id, version=update.version, author_id=author.id, **_snapshot(update)
    )


def report_organisation_id(
    improvement: Improvement, report: StatusUpdate | None = None, responsible: int | None = None
) -> int:
    """The organisation an improvement's report is for: a report's own, once made; else the
    one ``responsible`` at the period's deadline; else today's."""
    if report is not None:
        return report.organisation_id
    return responsible or improvement.organisation_id


R = TypeVar("R", StatusUpdate, AreaAssessment)


def _locked(session: Session, query: Select[R]) -> R | None:
    """The report ``query`` finds, read afresh and locked while it is compared and changed
    (PostgreSQL; SQLite already serialises writers), so that two saves cannot cross."""
    return session.scalar(query.with_for_update().execution_options(populate_existing=True))


def _revise(
    session: Session,
    existing: StatusUpdate | AreaAssessment,
    values: Data,
    expected_version: int | None,
    period: str,
    today: date,
    deadline_day: int,
) -> bool:
    """Set ``values`` on a report already made; False if it says exactly this already (a
    double submit, or nothing changed). Stale if someone saved it after this person read it
    (``expected_version``); Closed if its period's deadline has passed and it was made in
    time."""
    if all(getattr(existing, key) == value for key, value in values.items()):
        return False
    if (expected_version or 0) != existing.version:
        raise Stale(existing)
    if not revisable(session, period, today, deadline_day, existing.late):
        raise Closed(period)
    for key, value in values.items():
        setattr(existing, key, value)
    return True


@dataclass
class Saved(Generic[R]):
    update: R
    created: bool = False
    changed: bool = False


def _save(
    session: Session,
    existing: R | None,
    new: Callable[..., R],
    values: Data,
    expected_version: int | None,
    period: str,
    today: date,
    deadline_day: int,
    *,
    author: Data,
) -> Saved[R]:
    """Revise the report already made (``existing``) to say ``values``, or add the one ``new``
    makes with them, late if made after the period's deadline; flushed. ``author`` (who wrote
    it) is set whenever it is written, but not compared: a double submit changes nothing.
    Stale if the person read another version (``expected_version``, 0 or None: no report);
    Closed as ``_revise`` says."""
    if existing is None:
        if expected_version:
            raise Stale(None)
        report = new(late=closed(period, today, deadline_day), **values, **author)
        session.add(report)
    elif _revise(session, existing, values, expected_version, period, today, deadline_day):
        report = existing
        for key, value in author.items():
            setattr(report, key, value)
    else:
        return Saved(existing)
    session.flush()  # a revision's version goes up here
    return Saved(report, created=existing is None, changed=True)


def save_update(
    session: Session,
    improvement: Improvement,
    period: str,
    data: Data,
    actor: Person,
    *,
    today: date,
    deadline_day: int,
    expected_version: int | None = None,
) -> Saved[StatusUpdate]:
    """Create or revise the update of ``improvement`` for ``period``.

    ``expected_version`` is the version the person read (0 or None: they saw no report). A
    report saved meanwhile raises Stale, unless it already says exactly this (a double
    submit), which changes nothing. The row is locked while it is compared and changed
    (PostgreSQL; SQLite already serialises writers), so two saves cannot cross.
    """
    errors = Errors()
    checked = periods.collect(errors, "period", period, today)
    month = checked.value if checked else None
    due_then = (
        versions.improvement_then(session, improvement, month, deadline_day) if month else None
    )
    if not access.may_report_on(actor, improvement, due_then):
        raise NotAllowed("only the owner, the deputy or an admin reports on an improvement")
    existing = None
    if month:
        existing = _locked(
            session,
            select(StatusUpdate).where(
                StatusUpdate.improvement_id == improvement.id, StatusUpdate.period == month
            ),
        )
    # A report already made stays revisable even if the improvement has closed since.
    if month and existing is None and due_then is None:
        errors.add(
            "period",
            _l("%(code)s is not due a report for %(period)s.", code=improvement.code, period=month),
        )
    responsible = due_then.organisation_id if due_then is not None else None
    organisation = session.get_one(
        Organisation, report_organisation_id(improvement, existing, responsible)
    )
    company = organisation.kind == OrganisationKind.COMPANY
    values = _clean(errors, data, _snapshot(existing) if existing else {}, company)
    errors.raise_if_any()
    assert month is not None  # raise_if_any raised otherwise
    period = month

    saved = _save(
        session,
        existing,
        functools.partial(
            StatusUpdate,
            improvement_id=improvement.id,
            period=period,
            organisation_id=organisation.id,
        ),
        values,
        expected_version,
        period,
        today,
        deadline_day,
        author={"author_id": actor.id},
    )
    if saved.changed:
        session.add(_revision(saved.update, actor))
        session.flush()
    return saved


def import_update(
    session: Session,
    improvement: Improvement,
    period: str | None,
    data: Data,
    actor: Person,
    *,
    today: date,
    deadline_day: int,
    organisation: Organisation | None = None,
    author: Person | None = None,
    late: bool | None = None,
) -> StatusUpdate | None:
    """An admin brings a month's report from a workbook (services/plan_workbook): it fills only
    a month that has no report yet (None if there is one: it is left as it is, however it
    reads), marked as imported, for ``organisation`` (default: the improvement's), by
    ``author`` (default: the admin: else an active group member or admin), ``late`` unless
    told if ``today`` is after the month's deadline; checked as a report made here is (not for
    a month before the improvement entered the portfolio)."""
    if not access.allowed(actor, access.Rule.ADMIN):
        raise NotAllowed("only an admin imports reports")
    errors = Errors()
    checked = periods.collect(errors, "period", period, today)
    month = checked.value if checked else None
    if month and keys.report(session, improvement, month) is not None:
        return None
    # A month whose deadline came before the improvement entered the portfolio was never due
    # (a month due then but closed since keeps its report: a workbook holds no past states).
    if month and improvement.created_at >= versions.moment(month, deadline_day):
        errors.add(
            "period",
            _l("%(code)s is not due a report for %(period)s.", code=improvement.code, period=month),
        )
    if author is not None and not (author.active and access.allowed(author, access.Rule.GROUP)):
        errors.add(
            "author",
            _l(
                "%(name)s cannot have written a report: only an active group member or admin "
                "reports.",
                name=author.name,
            ),
        )
    organisation = organisation or improvement.organisation
    values = _clean(errors, data, {}, organisation.kind == OrganisationKind.COMPANY)
    errors.raise_if_any()
    assert month is not None  # raise_if_any raised otherwise
    writer = author or actor
    report = StatusUpdate(
        improvement_id=improvement.id,
        period=month,
        organisation_id=organisation.id,
        author_id=writer.id,
        late=closed(month, today, deadline_day) if late is None else late,
        imported=True,
        **values,
    )
    session.add(report)
    session.flush()
    session.add(_revision(report, writer))  # written at the next flush (many, in an import)
    if (index := keys.of(session)) is not None:
        index.add_report(report)
    return report


def save_assessment(
    session: Session,
    area: StrategicArea,
    period: str,
    data: Data,
    actor: Person,
    *,
    today: date,
    deadline_day: int,
    expected_version: int | None = None,
) -> Saved[AreaAssessment]:
    """The actor's own assessment of an area they lead or co-own, for ``period``: an owner as
    the area stood at the period's deadline (now, for a period whose deadline is to come)."""
    errors = Errors()
    checked = periods.collect(errors, "period", period, today)
    month = checked.value if checked else None
    owners_then = (
        versions.area_owners_then(session, month, deadline_day, [area.id]).get(area.id, [])
        if month
        else []
    )
    if actor.id not in owners_then and not any(p.id == actor.id for p in area_owners(area)):
        raise NotAllowed("only the area's owners assess it")
    status = validate.choice(errors, "status", Status, data.get("status"))
    comment = validate.text(errors, "comment", data.get("comment"), max_length=TEXT_MAX)
    errors.raise_if_any()
    assert month is not None and status is not None  # raise_if_any raised otherwise
    period = month
    existing = _locked(
        session,
        select(AreaAssessment).where(
            AreaAssessment.area_id == area.id,
            AreaAssessment.period == period,
            AreaAssessment.person_id == actor.id,
        ),
    )
    if existing is None and actor.id not in owners_then:
        errors.add(
            "period",
            _l(
                "%(code)s is not due your assessment for %(period)s.", code=area.code, period=period
            ),
        )
        errors.raise_if_any()

    def new(**fields: object) -> AreaAssessment:
        # Counted for the organisation the actor belonged to at the deadline.
        then = versions.organisations_then(session, [actor.id], period, deadline_day)
        return AreaAssessment(
            area_id=area.id,
            period=period,
            person_id=actor.id,
            organisation_id=then.get(actor.id, actor.organisation_id),
            **fields,
        )

    return _save(
        session,
        existing,
        new,
        {"status": status, "comment": comment},
        expected_version,
        period,
        today,
        deadline_day,
        author={},
    )


def import_assessment(
    session: Session,
    area: StrategicArea,
    period: str | None,
    data: Data,
    actor: Person,
    *,
    assessor: Person,
    today: date,
    deadline_day: int,
    organisation: Organisation | None = None,
    late: bool | None = None,
) -> Saved[AreaAssessment]:
    """An admin brings an area owner's assessment of a month from a workbook
    (services/plan_workbook): it fills only an area, month and ``assessor`` that has none yet
    (Saved of the one there, not created, if there is one: it is left as it is, however it
    reads), for ``organisation`` (default: the assessor's at the month's deadline), ``late``
    unless told if ``today`` is after the month's deadline. Checked as an assessment made here
    is: the assessor led or co-owned the area at the month's deadline, or does now; not for a
    month before the area entered the portfolio."""
    if not access.allowed(actor, access.Rule.ADMIN):
        raise NotAllowed("only an admin imports assessments")
    errors = Errors()
    checked = periods.collect(errors, "period", period, today)
    month = checked.value if checked else None
    if month:
        existing = keys.assessment(session, area, month, assessor)
        if existing is not None:
            return Saved(existing)
        if area.created_at >= versions.moment(month, deadline_day):
            errors.add(
                "period",
                _l(
                    "%(code)s is not due an assessment for %(period)s.",
                    code=area.code,
                    period=month,
                ),
            )
        else:
            owner = any(p.id == assessor.id for p in area_owners(area))
            if not owner and assessor.id not in versions.area_owners_then(
                session, month, deadline_day, [area.id]
            ).get(area.id, []):
                errors.add(
                    "assessor",
                    _l(
                        "%(name)s did not lead or co-own %(code)s in %(period)s: only the "
                        "area's owners assess it.",
                        name=assessor.name,
                        code=area.code,
                        period=month,
                    ),
                )
    status = validate.choice(errors, "status", Status, data.get("status"))
    comment = validate.text(errors, "comment", data.get("comment"), max_length=TEXT_MAX)
    errors.raise_if_any()
    assert month is not None and status is not None  # raise_if_any raised otherwise
    if organisation is not None:
        organisation_id: int | None = organisation.id
    else:
        # In an import, every person's organisation that month, read once for all rows.
        index = keys.of(session)
        ids = [p.id for p in index.all(Person)] if index is not None else [assessor.id]
        then_in = keys.once(
            session,
            ("organisations_then", month),
            lambda: versions.organisations_then(session, ids, month, deadline_day),
        )
        organisation_id = then_in.get(assessor.id, assessor.organisation_id)
    assessment = AreaAssessment(
        area_id=area.id,
        period=month,
        person_id=assessor.id,
        organisation_id=organisation_id,
        status=status,
        comment=comment,
        late=closed(month, today, deadline_day) if late is None else late,
    )
    session.add(assessment)
    session.flush()
    if (index := keys.of(session)) is not None:
        index.add_assessment(assessment)
    return Saved(assessment, created=True, changed=True)
