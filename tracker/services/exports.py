"""The portfolio and its updates for a period as rows, one list per sheet of the Excel
workbook (tracker.charts.workbook). For the group only: the texts are all there."""

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.models import (
    AreaAssessment,
    Improvement,
    Person,
    StatusUpdate,
    StrategicArea,
)
from tracker.services import periods
from tracker.status import STATE_LABELS, STATUS_LABELS

Sheets = dict[str, list[dict[str, object]]]
"""{sheet name: rows}, each row {column header: value}, headers in the reader's language."""


def sheets(session: Session, span: periods.Span, locale: str = "sv") -> Sheets:
    """{sheet name: rows}, sheet names, headers and labels in ``locale``; a fixed number of
    queries."""
    with force_locale(locale):
        return _sheets(session, span)


def _sheets(session: Session, span: periods.Span) -> Sheets:
    areas = session.scalars(
        select(StrategicArea)
        .where(StrategicArea.archived.is_(False))
        .options(
            selectinload(StrategicArea.lead).selectinload(Person.organisation),
            selectinload(StrategicArea.co_owners),
        )
        .order_by(StrategicArea.order, StrategicArea.code)
    ).all()
    improvements = session.scalars(
        select(Improvement)
        .where(Improvement.archived.is_(False))
        .options(
            selectinload(Improvement.area),
            selectinload(Improvement.owner),
            selectinload(Improvement.organisation),
        )
        .order_by(Improvement.code)
    ).all()
    updates = session.scalars(
        select(StatusUpdate)
        .where(StatusUpdate.period >= span.first, StatusUpdate.period <= span.last)
        .options(selectinload(StatusUpdate.improvement), selectinload(StatusUpdate.organisation))
        .order_by(StatusUpdate.period, StatusUpdate.id)
    ).all()
    assessments = session.scalars(
        select(AreaAssessment)
        .where(AreaAssessment.period >= span.first, AreaAssessment.period <= span.last)
        .options(
            selectinload(AreaAssessment.area),
            selectinload(AreaAssessment.person),
            selectinload(AreaAssessment.organisation),
        )
        .order_by(AreaAssessment.period, AreaAssessment.id)
    ).all()
    yes, no = _("Yes"), _("No")
    return {
        _("Areas"): [
            {
                _("Code"): a.code,
                _("Strategic area"): a.title,
                _("Goal"): a.goal,
                _("Lead owner"): a.lead.name,
                _("Co-owners"): ", ".join(p.name for p in a.co_owners),
            }
            for a in areas
        ],
        _("Improvements"): [
            {
                _("Code"): i.code,
                _("Strategic area"): i.area.code,
                _("Improvement"): i.title,
                _("Owner"): i.owner.name,
                _("Organisation"): i.organisation.name,
                _("State"): str(STATE_LABELS[i.state]),
                _("Start"): i.start,
                _("Due"): i.due,
            }
            for i in improvements
        ],
        _("Updates"): [
            {
                _("Improvement"): u.improvement.code,
                _("Period"): u.period,
                _("Status"): str(STATUS_LABELS[u.status]),
                _("Progress (%)"): u.progress,
                _("What happened"): u.comment,
                _("Next steps"): u.next_steps,
                _("Risks and obstacles"): u.risks,
                _("Needs a group decision"): yes if u.needs_decision else no,
                _("What must the group decide?"): u.decision_text,
                _("Raised to the politicians"): yes if u.raise_to_politicians else no,
                _("Why is it raised to the politicians?"): u.politicians_text,
                _("Reported for"): u.organisation.name,
                _("Late"): yes if u.late else no,
            }
            for u in updates
        ],
        _("Area assessments"): [
            {
                _("Strategic area"): a.area.code,
                _("Period"): a.period,
                _("Assessed by"): a.person.name,
                _("Organisation"): a.organisation.name if a.organisation else "",
                _("Status"): str(STATUS_LABELS[a.status]),
                _("Assessment"): a.comment,
            }
            for a in assessments
        ],
    }
