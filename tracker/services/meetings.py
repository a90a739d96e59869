"""Meetings of the group (koncernledningsmöten and utvecklingsdagar) and their decisions."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker import access
from tracker.models import (
    TEXT_MAX,
    Decision,
    Improvement,
    Meeting,
    MeetingKind,
    Person,
    utcnow,
)
from tracker.services import Errors, NotAllowed, validate
from tracker.services.audit import record

# The years a period can have (tracker.services.periods).
EARLIEST, LATEST = date(1900, 1, 1), date(2099, 12, 31)


def _values(errors: Errors, session, data: dict, meeting: Meeting | None) -> dict:
    values = {}
    if "date" in data:
        if not isinstance(data["date"], date):
            errors.add("date", _l("Give the date of the meeting."))
        elif not EARLIEST <= data["date"] <= LATEST:
            errors.add("date", _l("Give a date between %(first)s and %(last)s.",
                                  first=EARLIEST.isoformat(), last=LATEST.isoformat()))  # fmt: skip
        values["date"] = data["date"]
    if "kind" in data:
        try:
            values["kind"] = MeetingKind(data["kind"])
        except ValueError:
            errors.add("kind", _l("Choose one of: %(choices)s.", choices=", ".join(MeetingKind)))
    if "title" in data:
        values["title"] = validate.text(errors, "title", data["title"], required=True)
    if "place" in data:
        values["place"] = validate.text(errors, "place", data["place"])
    if "notes" in data:
        values["notes"] = validate.text(errors, "notes", data["notes"], max_length=TEXT_MAX)
    if "attendees" in data:
        values["attendees"] = validate.people(errors, session, "attendees", data["attendees"])
    return values


def create(session, data: dict, actor: Person | None) -> Meeting:
    errors = Errors()
    for field in ("date", "title"):
        data.setdefault(field, None)
    values = _values(errors, session, data, None)
    errors.raise_if_any()
    meeting = Meeting(**values)
    session.add(meeting)
    session.flush()
    record(session, actor, "create", meeting, {"title": (None, meeting.title),
                                               "date": (None, meeting.date)})  # fmt: skip
    return meeting


def update(session, meeting: Meeting, data: dict, actor: Person | None) -> dict:
    errors = Errors()
    values = _values(errors, session, data, meeting)
    errors.raise_if_any()
    changes = validate.apply(meeting, values)
    session.flush()
    if changes:
        record(session, actor, "update", meeting, changes)
    return changes


def add_decision(session, meeting: Meeting, data: dict, actor: Person | None) -> Decision:
    """A decision with its text, who is responsible, and optionally a due date and the
    improvement it belongs to."""
    errors = Errors()
    text = validate.text(errors, "text", data.get("text"), required=True, max_length=TEXT_MAX)
    responsible = validate.person(errors, session, "responsible", data.get("responsible"))
    due = data.get("due")
    improvement = None
    if data.get("improvement"):
        improvement = session.scalar(
            select(Improvement).where(Improvement.code == data["improvement"])
        )
        if improvement is None:
            errors.add("improvement", _l("There is no improvement with the code %(code)s.",
                                         code=data["improvement"]))  # fmt: skip
    errors.raise_if_any()
    decision = Decision(meeting=meeting, text=text, responsible=responsible, due=due,
                        improvement=improvement)  # fmt: skip
    session.add(decision)
    session.flush()
    record(session, actor, "create", decision, {"text": (None, text),
                                                "responsible": (None, responsible)})  # fmt: skip
    return decision


def may_close(person: Person, decision: Decision) -> bool:
    return access.allowed(person, access.Rule.ADMIN) or (
        access.allowed(person, access.Rule.GROUP) and decision.responsible_id == person.id
    )


def close_decision(session, decision: Decision, note: str, actor: Person) -> None:
    if not may_close(actor, decision):
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


def open_decisions(session, before: date | None = None) -> list[Decision]:
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


def previous(session, meeting: Meeting) -> Meeting | None:
    return session.scalar(
        select(Meeting).where(Meeting.date < meeting.date).order_by(Meeting.date.desc()).limit(1)
    )
