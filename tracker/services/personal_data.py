"""A person's own data: everything the app holds about them, as one JSON document (the right
of access, GDPR art. 15), and the pseudonymisation of a person who has left, done only under
a recorded disposal decision (gallringsbeslut). docs/personal-data.md lists every field."""

import enum
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, literal, or_, select
from sqlalchemy.orm import Session, selectinload

from tracker.models import (
    ApiToken,
    AreaAssessment,
    AuditEvent,
    Decision,
    Improvement,
    KeptForm,
    Meeting,
    Person,
    PublishedReport,
    Reminder,
    SignInAttempt,
    SignInLink,
    StatusUpdate,
    StrategicArea,
    UpdateRevision,
    area_co_owner,
    meeting_attendee,
    utcnow,
)
from tracker.services import Errors, history, periods, validate
from tracker.services.audit import locked, record
from tracker.services.people import end_sessions

# What a pseudonymised person is called, and the address that stands in for theirs: not an
# address anyone has (.invalid is reserved), unique like an email must be.
PSEUDONYM = "Tidigare medarbetare {n}"
PSEUDONYM_EMAIL = "tidigare-medarbetare-{n}@pseudonymiserad.invalid"
REFERENCE_MAX = 100
# Never exported: secrets, and counters that say nothing about the person.
NOT_EXPORTED = frozenset({"password_hash", "token_hash", "session_generation", "version"})

Document = dict[str, Any]


def export(session: Session, person: Person) -> Document:
    """Everything about ``person``: their profile, team roles, API tokens (names and dates),
    what they hold now and their ownerships over time, the reports, revisions and assessments
    they wrote, the decisions they answer for, the meetings they attended, the reminders they
    were sent, their sign-in links (purpose and dates), the history events they made and
    those about them. One query per part."""
    pid = person.id
    events_made = _events(session, AuditEvent.actor_id == pid)
    about = _events(
        session, AuditEvent.entity_type == Person.__tablename__, AuditEvent.entity_id == pid
    )
    named = _events(session, AuditEvent.value_kind == Person.__tablename__, _names_person(pid))
    co_owned = select(area_co_owner.c.area_id).where(area_co_owner.c.person_id == pid)
    attended = select(meeting_attendee.c.meeting_id).where(meeting_attendee.c.person_id == pid)
    return {
        "exported_at": _value(utcnow()),
        "profile": {
            **_row(person),
            "organisation": person.organisation.code if person.organisation else None,
            "has_password": person.password_hash is not None,
        },
        "team_roles": [{"rank": r.rank, "role": r.role.value} for r in person.team_roles],
        "api_tokens": [_row(t, "person_id") for t in _all(session, ApiToken, person_id=pid)],
        "holds_now": {
            "areas_led": _codes(session, StrategicArea, StrategicArea.lead_id == pid),
            "areas_co_owned": _codes(session, StrategicArea, StrategicArea.id.in_(co_owned)),
            **_improvements_held(session, pid),
        },
        "ownerships_over_time": [_event(e) for e in named],
        "reports": _written(session, StatusUpdate.author_id, pid, StatusUpdate.improvement),
        "report_revisions": [
            _row(r, "author_id")
            for r in _all(session, UpdateRevision, UpdateRevision.id, author_id=pid)
        ],
        "area_assessments": _written(session, AreaAssessment.person_id, pid, AreaAssessment.area),
        "decisions_responsible": [
            _row(d, "responsible_id")
            for d in _all(session, Decision, Decision.id, responsible_id=pid)
        ],
        "meetings_attended": [
            {"date": _value(m.date), "title": m.title}
            for m in session.scalars(
                select(Meeting).where(Meeting.id.in_(attended)).order_by(Meeting.date)
            )
        ],
        "reports_published": [
            {
                "period": r.period,
                "version": r.version,
                "registration_number": r.registration_number,
                "published_at": _value(r.published_at),
            }
            for r in _all(session, PublishedReport, PublishedReport.id, published_by_id=pid)
        ],
        "reminders": [_row(r, "person_id") for r in _all(session, Reminder, person_id=pid)],
        "sign_in_attempts": [
            _row(a, "email")
            for a in _all(session, SignInAttempt, SignInAttempt.at, email=person.email)
        ],
        "sign_in_links": [
            {
                "purpose": link.purpose,
                "created_at": _value(link.created_at),
                "expires_at": _value(link.expires_at),
                "used_at": _value(link.used_at),
                "emailed": link.emailed,
            }
            for link in _all(session, SignInLink, person_id=pid)
        ],
        "kept_forms": [
            {"path": k.path, "created_at": _value(k.created_at)}
            for k in _all(session, KeptForm, person_id=pid)
        ],
        "history_made": [_event(e) for e in events_made],
        "history_about": [_event(e) for e in about],
    }


def pseudonymise(
    session: Session,
    person: Person,
    reference: str | None,
    decided_on: date | None,
    actor: Person | None,
) -> None:
    """Replace a deactivated person's name with a pseudonym and remove their email, title,
    external id and password; delete their API tokens, team roles, kept forms, sign-in
    attempts and sign-in links. Their reports and the history stay, under the pseudonym.
    Only with the disposal decision's reference and date, which the history records."""
    errors = Errors()
    locked(session, person)
    if person.active:
        errors.add("person", _l("Deactivate the person before they are pseudonymised."))
    if person.pseudonymised_at is not None:
        errors.add("person", _l("The person is pseudonymised already."))
    reference = validate.text(
        errors, "reference", reference, required=True, max_length=REFERENCE_MAX, one_line=True
    )
    if decided_on is None:
        errors.add("decided_on", _l("Give the date of the disposal decision."))
    elif decided_on > periods.today_local():
        errors.add("decided_on", _l("The disposal decision's date cannot be in the future."))
    errors.raise_if_any()
    assert decided_on is not None
    old_email = person.email
    session.execute(delete(ApiToken).where(ApiToken.person_id == person.id))
    session.execute(delete(KeptForm).where(KeptForm.person_id == person.id))
    session.execute(delete(SignInLink).where(SignInLink.person_id == person.id))
    session.execute(delete(SignInAttempt).where(SignInAttempt.email == old_email))
    person.team_roles.clear()
    person.name = PSEUDONYM.format(n=person.id)
    person.email = PSEUDONYM_EMAIL.format(n=person.id)
    person.title = ""
    person.external_id = person.external_issuer = None
    person.password_hash = None
    person.last_signed_in_at = None
    person.pseudonymised_at = utcnow()
    session.flush()
    end_sessions(person)
    decision = f"{reference} ({decided_on.isoformat()})"
    record(session, actor, "pseudonymise", person, {"disposal_decision": (None, decision)})


def _names_person(pid: int) -> Any:
    """Whether an event's values (comma-separated ids) name the person."""
    wanted = f"%,{pid},%"
    return or_(
        (literal(",") + AuditEvent.old_value + literal(",")).like(wanted),
        (literal(",") + AuditEvent.new_value + literal(",")).like(wanted),
    )


def _events(session: Session, *where: Any) -> list[history.Entry]:
    rows = session.scalars(
        select(AuditEvent)
        .where(*where)
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return history.entries(session, list(rows))


def _event(entry: "history.Entry") -> Document:
    return {
        "at": _value(entry.event.at),
        "by": entry.actor_key,
        "action": entry.event.action,
        "item_type": entry.event.entity_type,
        "item": entry.item_key,
        "field": entry.event.field,
        "old": entry.old_key,
        "new": entry.new_key,
    }


def _written(session: Session, author: Any, pid: int, item: Any) -> list[Document]:
    """The reports (or assessments) whose ``author`` column is the person, period by period,
    each with the code of the ``item`` it is about."""
    model = author.class_
    rows = session.scalars(
        select(model)
        .where(author == pid)
        .options(selectinload(item))
        .order_by(model.period, model.id)
    )
    return [{**_row(r, author.key), item.key: getattr(r, item.key).code} for r in rows]


def _improvements_held(session: Session, pid: int) -> Document:
    return {
        "improvements_owned": _codes(session, Improvement, Improvement.owner_id == pid),
        "improvements_deputy": _codes(session, Improvement, Improvement.deputy_id == pid),
    }


def _codes(session: Session, model: Any, *where: Any) -> list[str]:
    return list(session.scalars(select(model.code).where(*where).order_by(model.code)))


def _all(session: Session, model: Any, *order: Any, **equal: object) -> list[Any]:
    query = select(model).filter_by(**equal).order_by(*(order or (model.id,)))
    return list(session.scalars(query))


def _row(obj: Any, *left_out: str) -> Document:
    """The row's columns as JSON values, but secrets and what ``left_out`` names."""
    skip = NOT_EXPORTED.union(left_out)
    return {
        c.key: _value(getattr(obj, c.key)) for c in obj.__mapper__.column_attrs if c.key not in skip
    }


def _value(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value
