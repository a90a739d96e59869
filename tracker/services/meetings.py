"""Meetings of the group (koncernledningsmöten and utvecklingsdagar) and their decisions."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypedDict

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker import access
from tracker.models import (
    NAME_MAX,
    TEXT_MAX,
    Decision,
    Improvement,
    Meeting,
    MeetingKind,
    Person,
    utcnow,
)
from tracker.services import (
    Changes,
    Config,
    Data,
    Errors,
    NotAllowed,
    dashboard,
    deadlines,
    mail,
    people,
    validate,
)
from tracker.services.audit import add_created, apply_changes, record
from tracker.status import STATUSES

# The years a period can have (tracker.services.periods).
EARLIEST, LATEST = date(1900, 1, 1), date(2099, 12, 31)


def _values(errors: Errors, session: Session, data: Data, meeting: Meeting | None) -> Data:
    values: Data = {}
    if "date" in data:
        if not isinstance(data["date"], date):
            errors.add("date", _l("Give the date of the meeting."))
        elif not EARLIEST <= data["date"] <= LATEST:
            errors.add(
                "date",
                _l(
                    "Give a date between %(first)s and %(last)s.",
                    first=format_date(EARLIEST),
                    last=format_date(LATEST),
                ),
            )
        values["date"] = data["date"]
    if "kind" in data:
        values["kind"] = validate.choice(errors, "kind", MeetingKind, data["kind"])
    if "title" in data:
        values["title"] = validate.text(errors, "title", data["title"], required=True)
    if "place" in data:
        values["place"] = validate.text(errors, "place", data["place"])
    if "notes" in data:
        values["notes"] = validate.text(errors, "notes", data["notes"], max_length=TEXT_MAX)
    if "attendees" in data:
        values["attendees"] = validate.people(errors, session, "attendees", data["attendees"])
    return values


def create(session: Session, data: Data, actor: Person | None) -> Meeting:
    errors = Errors()
    for field in ("date", "title"):
        data.setdefault(field, None)
    values = _values(errors, session, data, None)
    errors.raise_if_any()
    meeting = Meeting(**values)
    add_created(
        session, meeting, actor, {"title": (None, meeting.title), "date": (None, meeting.date)}
    )
    return meeting


def update(session: Session, meeting: Meeting, data: Data, actor: Person | None) -> Changes:
    errors = Errors()
    values = _values(errors, session, data, meeting)
    errors.raise_if_any()
    return apply_changes(session, meeting, values, actor)


def add_decision(session: Session, meeting: Meeting, data: Data, actor: Person | None) -> Decision:
    """A decision with its text, who is responsible, and optionally a due date and the
    improvement it belongs to."""
    errors = Errors()
    text = validate.text(errors, "text", data.get("text"), required=True, max_length=TEXT_MAX)
    responsible = validate.person(errors, session, "responsible", data.get("responsible"))
    due = data.get("due")
    improvement = None
    if data.get("improvement"):
        query = select(Improvement).where(Improvement.code == data["improvement"])
        improvement = session.scalar(query) if validate.findable(data["improvement"]) else None
        if improvement is None:
            errors.add(
                "improvement",
                _l("There is no improvement with the code %(code)s.", code=data["improvement"]),
            )
    errors.raise_if_any()
    decision = Decision(
        meeting=meeting, text=text, responsible=responsible, due=due, improvement=improvement
    )
    add_created(
        session, decision, actor, {"text": (None, text), "responsible": (None, responsible)}
    )
    return decision


def close_decision(session: Session, decision: Decision, note: str, actor: Person) -> None:
    if not access.may_close_decision(actor, decision):
        raise NotAllowed("only the responsible person or an admin closes a decision")
    errors = Errors()
    note = validate.text(errors, "note", note, max_length=TEXT_MAX)
    errors.raise_if_any()
    if decision.closed_at is None:
        decision.closed_at = utcnow()
        decision.closing_note = note
        session.flush()
        record(
            session,
            actor,
            "update",
            decision,
            {"closed": (False, True), "closing_note": ("", note)},
        )


def open_decisions(session: Session, before: date | None = None) -> list[Decision]:
    """Decisions not yet closed, from meetings before ``before`` (or all), oldest first."""
    query = (
        select(Decision)
        .join(Meeting)
        .where(Decision.closed_at.is_(None))
        .options(
            selectinload(Decision.responsible).selectinload(Person.organisation),
            selectinload(Decision.improvement),
            selectinload(Decision.meeting),
        )
        .order_by(Meeting.date, Decision.id)
    )
    if before is not None:
        query = query.where(Meeting.date < before)
    return list(session.scalars(query))


def previous(session: Session, meeting: Meeting) -> Meeting | None:
    return session.scalar(
        select(Meeting).where(Meeting.date < meeting.date).order_by(Meeting.date.desc()).limit(1)
    )


def decisions_due(session: Session, start: date, end: date) -> list[Decision]:
    """Decisions due from ``start`` to ``end`` (both included), open or closed, by due date."""
    return list(
        session.scalars(
            select(Decision)
            .where(Decision.due >= start, Decision.due <= end)
            .options(
                selectinload(Decision.responsible).selectinload(Person.organisation),
                selectinload(Decision.meeting),
                selectinload(Decision.improvement),
            )
            .order_by(Decision.due, Decision.id)
        )
    )


@dataclass
class Message:
    """What the message after a meeting says: the decisions and the status highlights. The
    caller words it with templates/meetings/message.txt."""

    meeting: Meeting
    decisions: list[Decision]
    carried: list[Decision]
    period: str
    counts: dict[str, int]  # status value, then "not_reported" -> number of improvements
    finished: list[dashboard.NewsItem]
    off_track: list[dashboard.NewsItem]
    today: date  # what overdue is measured against


# Without a meeting held before, "since the last meeting" looks back this far.
FIRST_WINDOW = timedelta(days=31)


def window(session: Session, meeting: Meeting, today: date) -> tuple[Meeting | None, date, date]:
    """What ``meeting`` looks back on: (the last meeting held before it, from, to). It runs
    from that meeting's day (or FIRST_WINDOW back) to the meeting's day, or today if that is
    earlier: a meeting planned later still counts from the last one actually held."""
    end = min(meeting.date, today)
    held = dashboard.last_meeting(session, end)
    return held, (held.date if held else end - FIRST_WINDOW), end


def message(session: Session, meeting: Meeting, today: date, deadline_day: int) -> Message:
    """The message after ``meeting``: its decisions, the decisions still open from before,
    and where the portfolio stood in the period reviewed (a fixed number of queries)."""
    _held, start, end = window(session, meeting, today)
    period = deadlines.reported_period(meeting.date, deadline_day)
    counts = Counter(row["status"] for row in dashboard.period_rows(session, period, deadline_day))
    changes = dashboard.since(session, start, end)
    return Message(
        meeting=meeting,
        decisions=list(meeting.decisions),
        carried=open_decisions(session, before=meeting.date),
        period=period,
        counts={s: counts.get(s, 0) for s in STATUSES},
        finished=changes["finished"],
        off_track=changes["off_track"],
        today=today,
    )


def recipients(session: Session) -> list[Person]:
    """Who the message after a meeting goes to: every active group member and admin."""
    return people.group_members(session)


def send_message(
    session: Session, meeting: Meeting, subject: str, body: str, config: Config, actor: Person
) -> tuple[list[Person], list[Person]]:
    """Email the message after ``meeting`` to the group, one email per person, in the same
    words, and keep the text as sent. Returns (sent, failed) lists of people."""
    people = recipients(session)
    sent_to, failed_to = mail.deliver_all(config, subject, body, [p.email for p in people])
    sent = [p for p in people if p.email in sent_to]
    failed = [p for p in people if p.email in failed_to]
    if sent:
        meeting.message = body
        meeting.message_sent_at = utcnow()
        meeting.message_sent_by = actor
        session.flush()
        record(session, actor, "update", meeting, {"message": (None, len(sent))})
    return sent, failed


def attach(
    session: Session, decision: Decision, improvement: Improvement, actor: Person | None
) -> None:
    """The decision is carried out by ``improvement`` (one made from it, or an existing one)."""
    old = decision.improvement
    decision.improvement = improvement
    session.flush()
    record(session, actor, "update", decision, {"improvement": (old, improvement)})


class Draft(TypedDict):
    """A new improvement's first values (the form's fields)."""

    title: str
    description: str
    owner: str  # email
    due: date | None


def improvement_draft(decision: Decision) -> Draft:
    """A new improvement's first values, taken from a decision: its words as the description,
    its first line as the title, who is responsible as the owner, its due date."""
    first_line = decision.text.strip().splitlines()[0] if decision.text.strip() else ""
    title = first_line if len(first_line) <= NAME_MAX else first_line[: NAME_MAX - 1] + "…"
    return {
        "title": title,
        "description": decision.text,
        "owner": decision.responsible.email,
        "due": decision.due,
    }
