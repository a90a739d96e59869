"""The agenda (dagordning) of a meeting: proposed from the exceptions, then the chair's.

The proposal is built for the meeting's day from what needs the group: items flagged as
needing a group decision, items newly off track since the last meeting held, items past due,
open decisions and the missing reports, between the standing items. The chair adds it (again
later, to add only what is new), reorders, edits, removes and adds items, and prints it. A
proposed item the chair removed is kept hidden, so that it is not proposed again.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Row, and_, func, select
from sqlalchemy.orm import Session

from tracker.i18n import format_period, missing_sentence
from tracker.models import (
    NAME_MAX,
    OVERDUE_STATES,
    TEXT_MAX,
    AgendaItem,
    AgendaKind,
    Improvement,
    Meeting,
    Person,
    StatusUpdate,
    StrategicArea,
)
from tracker.services import (
    Changes,
    Data,
    Errors,
    completeness,
    dashboard,
    deadlines,
    meetings,
    periods,
    updates,
    validate,
)
from tracker.services.audit import record
from tracker.services.periods import STOCKHOLM

# Standing items (stående punkter): first and last on every proposal, by a stable key.
STANDING_FIRST = (
    ("opening", _l("Opening and the agenda")),
    ("dashboard", _l("Since the last meeting: the dashboard")),
)
STANDING_LAST = (
    ("other_business", _l("Any other business")),
    ("message", _l("The message after the meeting")),
)
LAST_KEYS = {key for key, _title in STANDING_LAST}

# A report older than this many months before the meeting no longer flags its improvement.
FLAG_MONTHS = 3


@dataclass
class Proposal:
    kind: AgendaKind
    title: str
    note: str = ""
    improvement_id: int | None = None
    decision_id: int | None = None
    key: str = ""
    # Overdue today (models.is_overdue): shown with the mark, not stored.
    overdue: bool = False
    # Who answers for an open decision: shown, not stored (the item names its decision).
    responsible: Person | None = None

    @property
    def about(self) -> tuple[object, ...]:
        return about(self)


def about(item: Proposal | AgendaItem) -> tuple[object, ...]:
    """What an item is about, to tell whether a proposal is on the agenda already (or was
    removed from it): its improvement, its decision or its key. An item the chair added by
    hand is about itself only."""
    kind = AgendaKind(item.kind)
    if kind == AgendaKind.OTHER:
        return (kind.value, id(item))
    return (kind.value, item.improvement_id, item.decision_id, item.key)


def _short(text: str, limit: int = NAME_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _flagged(
    session: Session, last_period: str, cutoff: datetime
) -> Sequence[Row[int, str, str, str]]:
    """Open improvements whose latest report up to ``last_period`` made before ``cutoff`` (and
    not older than FLAG_MONTHS) asks for a group decision."""
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
        .where(
            StatusUpdate.period >= first,
            StatusUpdate.period <= last_period,
            StatusUpdate.created_at < cutoff,
        )
        .subquery()
    )
    return session.execute(
        select(Improvement.id, Improvement.code, Improvement.title, ranked.c.decision_text)
        .join(ranked, and_(ranked.c.improvement_id == Improvement.id, ranked.c.rank == 1))
        .join(StrategicArea, Improvement.area_id == StrategicArea.id)
        .where(ranked.c.needs_decision.is_(True), *_open())
        .order_by(StrategicArea.order, StrategicArea.code, Improvement.code)
    ).all()


def _open() -> tuple[ColumnElement[bool], ...]:
    """Conditions: the improvement is open (not done or cancelled, not archived, nor its area)."""
    return (
        Improvement.archived.is_(False),
        StrategicArea.archived.is_(False),
        Improvement.state.not_in(updates.CLOSED_STATES),
    )


def _past_due(session: Session, day: date) -> Sequence[Row[int, str, str, date | None]]:
    """Improvements overdue on ``day`` (models.is_overdue, in SQL): planned or ongoing and
    due before it."""
    return session.execute(
        select(Improvement.id, Improvement.code, Improvement.title, Improvement.due)
        .join(StrategicArea, Improvement.area_id == StrategicArea.id)
        .where(Improvement.due < day, Improvement.state.in_(OVERDUE_STATES), *_open())
        .order_by(Improvement.due, Improvement.code)
    ).all()


def propose(
    session: Session, meeting: Meeting, today: date, deadline_day: int, locale: str = "sv"
) -> list[Proposal]:
    """The proposed agenda for ``meeting``, in order; an improvement appears once, under its
    most pressing reason. Looks at what is known on the meeting's day, or today if that is
    earlier. Written in ``locale`` (the group's language unless the chair reads another): an
    item added to the agenda keeps its words. A fixed number of queries."""
    with force_locale(locale):
        return _propose(session, meeting, today, deadline_day)


def _propose(session: Session, meeting: Meeting, today: date, deadline_day: int) -> list[Proposal]:
    _held, start, end = meetings.window(session, meeting, today)
    cutoff = datetime.combine(end + timedelta(days=1), time(), STOCKHOLM).astimezone(UTC)
    counted = deadlines.reported_period(end, deadline_day)

    items = [Proposal(AgendaKind.STANDING, str(title), key=key) for key, title in STANDING_FIRST]
    seen: set[int] = set()

    def improvement(
        kind: AgendaKind, row: Row[*tuple[Any, ...]], note: str = "", overdue: bool = False
    ) -> None:
        if row.id not in seen:
            seen.add(row.id)
            items.append(
                Proposal(
                    kind,
                    _short(f"{row.code} {row.title}"),
                    note,
                    improvement_id=row.id,
                    overdue=overdue,
                )
            )

    for row in _flagged(session, periods.of(end), cutoff):
        improvement(AgendaKind.NEEDS_DECISION, row, row.decision_text)
    newly_off = [item["code"] for item in dashboard.since(session, start, end)["off_track"]]
    if newly_off:
        rows = {
            row.code: row
            for row in session.execute(
                select(Improvement.id, Improvement.code, Improvement.title)
                .join(StrategicArea, Improvement.area_id == StrategicArea.id)
                .where(Improvement.code.in_(newly_off), *_open())
            )
        }
        for code in newly_off:
            if code in rows:
                improvement(AgendaKind.OFF_TRACK, rows[code])
    for past_due in _past_due(session, end):
        improvement(
            AgendaKind.PAST_DUE,
            past_due,
            _("Due %(date)s.", date=format_date(past_due.due)),
            overdue=True,
        )
    for decision in meetings.open_decisions(session, before=meeting.date):
        # Who is responsible is shown from the decision (a name is stored in one place).
        note = _("Due %(date)s.", date=format_date(decision.due)) if decision.due else ""
        items.append(
            Proposal(
                AgendaKind.OPEN_DECISION,
                _short(decision.text),
                note,
                decision_id=decision.id,
                overdue=decision.overdue(today),
                responsible=decision.responsible,
            )
        )
    complete = completeness.completeness(session, counted, deadline_day)
    if complete.total.missing:
        title = _("Missing reports for %(period)s", period=format_period(counted))
        note = "\n".join(
            [
                missing_sentence(complete.what_is_missing),
                *(
                    _(
                        "%(organisation)s: %(missing)s of %(due)s missing.",
                        organisation=organisation.name,
                        missing=tally.missing,
                        due=tally.due,
                    )
                    for organisation, tally in complete.by_organisation
                    if organisation is not None and tally.missing
                ),
            ]
        )
        items.append(Proposal(AgendaKind.MISSING_REPORTS, title, note, key=f"missing:{counted}"))
    items += [Proposal(AgendaKind.STANDING, str(title), key=key) for key, title in STANDING_LAST]
    return items


def shown(meeting: Meeting) -> list[AgendaItem]:
    """The agenda as the chair keeps it: in order, without the items removed from it."""
    return [item for item in meeting.agenda if not item.dismissed]


def new_proposals(meeting: Meeting, proposals: list[Proposal]) -> list[Proposal]:
    """The proposals neither on the agenda nor removed from it."""
    known = {about(item) for item in meeting.agenda}
    return [p for p in proposals if p.about not in known]


def _lock(session: Session, meeting: Meeting) -> None:
    """Serialise changes to one meeting's agenda (PostgreSQL; SQLite writes one at a time),
    then read its items afresh."""
    session.execute(select(Meeting.id).where(Meeting.id == meeting.id).with_for_update())
    session.refresh(meeting, attribute_names=["agenda"])


def _renumber(items: list[AgendaItem], meeting: Meeting | None = None) -> None:
    """Positions in the order of ``items``; with ``meeting``, its removed items follow."""
    if meeting is not None:
        items = items + [each for each in meeting.agenda if each.dismissed and each not in items]
    for position, item in enumerate(items, start=1):
        item.position = position


def adopt(
    session: Session, meeting: Meeting, proposals: list[Proposal], actor: Person | None
) -> int:
    """Add the proposals that are neither on the agenda nor removed from it: the closing
    standing items stay last, everything else goes before them. Returns how many were added."""
    _lock(session, meeting)
    fresh = new_proposals(meeting, proposals)
    if not fresh:
        return 0
    items = list(meeting.agenda)
    closing = next((i for i, item in enumerate(items) if item.key in LAST_KEYS), len(items))
    made = [
        AgendaItem(
            position=0,
            kind=p.kind,
            title=p.title,
            note=p.note,
            improvement_id=p.improvement_id,
            decision_id=p.decision_id,
            key=p.key,
        )
        for p in fresh
    ]
    middle = [item for item in made if item.key not in LAST_KEYS]
    last = [item for item in made if item.key in LAST_KEYS]
    items = items[:closing] + middle + items[closing:] + last
    _renumber(items)
    meeting.agenda.extend(made)
    session.flush()
    record(session, actor, "update", meeting, {"agenda_proposal": (None, len(made))})
    return len(made)


def _values(errors: Errors, data: Data) -> Data:
    return {
        "title": validate.text(errors, "title", data.get("title"), required=True),
        "note": validate.text(errors, "note", data.get("note"), max_length=TEXT_MAX),
    }


def add_item(session: Session, meeting: Meeting, data: Data, actor: Person | None) -> AgendaItem:
    """An item the chair adds by hand, before the closing standing items."""
    errors = Errors()
    values = _values(errors, data)
    errors.raise_if_any()
    _lock(session, meeting)
    item = AgendaItem(position=0, kind=AgendaKind.OTHER, **values)
    _place(meeting, item)
    session.flush()
    record(session, actor, "update", meeting, {"agenda": (None, item.title)})
    return item


def _place(meeting: Meeting, item: AgendaItem) -> None:
    """Put ``item`` among the shown items, just before the closing standing items."""
    items = [each for each in shown(meeting) if each is not item]
    closing = next((i for i, each in enumerate(items) if each.key in LAST_KEYS), len(items))
    items.insert(closing, item)
    if item not in meeting.agenda:
        meeting.agenda.append(item)
    _renumber(items, meeting)


def update_item(session: Session, item: AgendaItem, data: Data, actor: Person | None) -> Changes:
    errors = Errors()
    values = _values(errors, data)
    errors.raise_if_any()
    changes = validate.apply(item, values)
    session.flush()
    if changes:
        record(session, actor, "update", item.meeting, {"agenda_edit": (None, item.title)})
    return changes


def move(session: Session, item: AgendaItem, step: int, actor: Person | None) -> bool:
    """Move an item one place up (-1) or down (+1) among the items shown; at either end
    nothing moves. Returns whether it moved."""
    items = shown(item.meeting)
    index = items.index(item)
    other = index + step
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    _renumber(items, item.meeting)
    session.flush()
    record(session, actor, "update", item.meeting, {"agenda_move": (None, item.title)})
    return True


def remove(session: Session, item: AgendaItem, actor: Person | None) -> None:
    """Take an item off the agenda. An item added by hand is deleted; a proposed one is kept
    hidden, so that it is not proposed again."""
    meeting = item.meeting
    if item.kind == AgendaKind.OTHER:
        meeting.agenda.remove(item)
    else:
        item.dismissed = True
    _renumber(shown(meeting), meeting)
    session.flush()
    record(session, actor, "update", meeting, {"agenda": (item.title, None)})


def restore(session: Session, item: AgendaItem, actor: Person | None) -> None:
    """Put a removed proposed item back, just before the closing standing items."""
    item.dismissed = False
    _place(item.meeting, item)
    session.flush()
    record(session, actor, "update", item.meeting, {"agenda": (None, item.title)})
