"""The agenda (dagordning) of a meeting: proposed from the exceptions, then the chair's.

The proposal is built for the meeting's day from what needs the group: items flagged as
needing a group decision, items newly off track since the meeting before, items past due,
open decisions and the missing reports, between the standing items. The chair
adopts it (again later, to add what is new, without duplicates), reorders, edits, removes and
adds items, and prints it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select

from tracker.i18n import format_period
from tracker.models import (
    NAME_MAX,
    TEXT_MAX,
    AgendaItem,
    AgendaKind,
    Improvement,
    Meeting,
    Person,
    StatusUpdate,
    StrategicArea,
)
from tracker.services import Errors, meetings, overview, periods, reporting, validate
from tracker.services.audit import record

# Standing items (stående punkter): first and last on every proposal.
STANDING_FIRST = (_l("Opening and the agenda"), _l("Since the last meeting: the dashboard"))
STANDING_LAST = (_l("Any other business"), _l("The message after the meeting"))

# A report older than this many months before the meeting no longer flags its improvement.
FLAG_MONTHS = 3
# Without a meeting before, "newly off track" looks back this far.
FIRST_WINDOW = timedelta(days=31)


@dataclass
class Proposal:
    kind: AgendaKind
    title: str
    note: str = ""
    improvement_id: int | None = None
    decision_id: int | None = None

    @property
    def about(self) -> tuple:
        return about(self)


def about(item) -> tuple:
    """What an item is about; standing and other items are told apart by their title."""
    kind = AgendaKind(item.kind)
    title = item.title if kind in (AgendaKind.STANDING, AgendaKind.OTHER) else None
    return (kind.value, item.improvement_id, item.decision_id, title)


def _short(text: str, limit: int = NAME_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _flagged(session, last_period: str) -> list:
    """Open improvements whose latest report up to ``last_period`` (not older than
    FLAG_MONTHS) asks for a group decision."""
    first = periods.shift(last_period, -(FLAG_MONTHS - 1))
    ranked = (
        select(
            StatusUpdate.improvement_id,
            StatusUpdate.needs_decision,
            StatusUpdate.decision_text,
            func.row_number()
            .over(partition_by=StatusUpdate.improvement_id, order_by=StatusUpdate.period.desc())
            .label("rank"),
        )
        .where(StatusUpdate.period >= first, StatusUpdate.period <= last_period)
        .subquery()
    )
    return session.execute(
        select(Improvement.id, Improvement.code, Improvement.title, ranked.c.decision_text)
        .join(ranked, and_(ranked.c.improvement_id == Improvement.id, ranked.c.rank == 1))
        .join(StrategicArea, Improvement.area_id == StrategicArea.id)
        .where(
            ranked.c.needs_decision.is_(True),
            Improvement.archived.is_(False),
            StrategicArea.archived.is_(False),
            Improvement.state.not_in(reporting.CLOSED_STATES),
        )
        .order_by(StrategicArea.order, Improvement.code)
    ).all()


def _past_due(session, day: date) -> list:
    """Open improvements whose due date is before ``day``."""
    return session.execute(
        select(Improvement.id, Improvement.code, Improvement.title, Improvement.due)
        .join(StrategicArea, Improvement.area_id == StrategicArea.id)
        .where(
            Improvement.due < day,
            Improvement.archived.is_(False),
            StrategicArea.archived.is_(False),
            Improvement.state.not_in(reporting.CLOSED_STATES),
        )
        .order_by(Improvement.due, Improvement.code)
    ).all()


def propose(session, meeting: Meeting, today: date, deadline_day: int) -> list[Proposal]:
    """The proposed agenda for ``meeting``, in order; an improvement appears once, under its
    most pressing reason. A fixed number of queries."""
    end = min(meeting.date, today)
    before = meetings.previous(session, meeting)
    start = before.date if before else end - FIRST_WINDOW
    last_period = periods.shift(periods.of(meeting.date), -1)
    counted = reporting.reported_period(end, deadline_day)

    items = [Proposal(AgendaKind.STANDING, str(title)) for title in STANDING_FIRST]
    seen: set[int] = set()

    def improvement(kind, row, note=""):
        if row.id not in seen:
            seen.add(row.id)
            items.append(Proposal(kind, _short(f"{row.code} {row.title}"), note,
                                  improvement_id=row.id))  # fmt: skip

    for row in _flagged(session, last_period):
        improvement(AgendaKind.NEEDS_DECISION, row, row.decision_text)
    newly_off = [item["code"] for item in overview.since(session, start, end)["off_track"]]
    if newly_off:
        rows = {
            row.code: row
            for row in session.execute(
                select(Improvement.id, Improvement.code, Improvement.title).where(
                    Improvement.code.in_(newly_off)
                )
            )
        }
        for code in newly_off:
            improvement(AgendaKind.OFF_TRACK, rows[code])
    for row in _past_due(session, end):
        improvement(AgendaKind.PAST_DUE, row,
                    _("Due %(date)s.", date=format_date(row.due)))  # fmt: skip
    for decision in meetings.open_decisions(session, before=meeting.date):
        note = _("Responsible: %(name)s.", name=decision.responsible.name)
        if decision.due:
            note += " " + _("Due %(date)s.", date=format_date(decision.due))
        items.append(Proposal(AgendaKind.OPEN_DECISION, _short(decision.text), note,
                              decision_id=decision.id))  # fmt: skip
    complete = reporting.completeness(session, counted)
    if complete.total.missing:
        title = _("Missing reports for %(period)s", period=format_period(counted))
        note = "\n".join(
            _(
                "%(organisation)s: %(missing)s of %(due)s missing.",
                organisation=organisation.name,
                missing=tally.missing,
                due=tally.due,
            )
            for organisation, tally in complete.by_organisation
            if organisation is not None and tally.missing
        )
        items.append(Proposal(AgendaKind.MISSING_REPORTS, title, note))
    items += [Proposal(AgendaKind.STANDING, str(title)) for title in STANDING_LAST]
    return items


def adopt(session, meeting: Meeting, proposals: list[Proposal], actor: Person | None) -> int:
    """Add the proposed items that are not on the agenda yet, after those that are; returns
    how many were added."""
    present = {about(item) for item in meeting.agenda}
    position = max((item.position for item in meeting.agenda), default=0)
    added = 0
    for proposal in proposals:
        if proposal.about in present:
            continue
        position += 1
        added += 1
        meeting.agenda.append(AgendaItem(position=position, kind=proposal.kind,
                                         title=proposal.title, note=proposal.note,
                                         improvement_id=proposal.improvement_id,
                                         decision_id=proposal.decision_id))  # fmt: skip
        present.add(proposal.about)
    session.flush()
    if added:
        record(session, actor, "update", meeting, {"agenda_proposal": (None, added)})
    return added


def _values(errors: Errors, data: dict) -> dict:
    return {
        "title": validate.text(errors, "title", data.get("title"), required=True),
        "note": validate.text(errors, "note", data.get("note"), max_length=TEXT_MAX),
    }


def add_item(session, meeting: Meeting, data: dict, actor: Person | None) -> AgendaItem:
    """An item the chair adds by hand, last on the agenda."""
    errors = Errors()
    values = _values(errors, data)
    errors.raise_if_any()
    position = max((item.position for item in meeting.agenda), default=0) + 1
    item = AgendaItem(position=position, kind=AgendaKind.OTHER, **values)
    meeting.agenda.append(item)
    session.flush()
    record(session, actor, "update", meeting, {"agenda": (None, item.title)})
    return item


def update_item(session, item: AgendaItem, data: dict, actor: Person | None) -> dict:
    errors = Errors()
    values = _values(errors, data)
    errors.raise_if_any()
    changes = validate.apply(item, values)
    session.flush()
    if changes:
        record(session, actor, "update", item.meeting, {"agenda_edit": (None, item.title)})
    return changes


def move(session, item: AgendaItem, step: int, actor: Person | None) -> None:
    """Move an item one place up (-1) or down (+1); at either end nothing moves."""
    items = list(item.meeting.agenda)
    index = items.index(item)
    other = index + step
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        record(session, actor, "update", item.meeting, {"agenda_move": (None, item.title)})
    for position, each in enumerate(items, start=1):
        each.position = position
    session.flush()


def remove(session, item: AgendaItem, actor: Person | None) -> None:
    meeting = item.meeting
    meeting.agenda.remove(item)
    for position, each in enumerate(meeting.agenda, start=1):
        each.position = position
    session.flush()
    record(session, actor, "update", meeting, {"agenda": (item.title, None)})
