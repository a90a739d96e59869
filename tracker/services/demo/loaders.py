"""The demo's loaders, one per entity: each takes the rows of its file in tracker/demo/ and what
was made before it, adds and flushes its rows, and returns them by the key the other files name
them by (a code or an email)."""

from datetime import date, datetime, timedelta
from random import Random
from typing import Any

from flask_babel import force_locale
from sqlalchemy.orm import Session

from tracker.access import GROUP_ROLES
from tracker.models import (
    UPDATE_FIELDS,
    AreaAssessment,
    Audience,
    Decision,
    Improvement,
    ImprovementState,
    Meeting,
    MeetingKind,
    Organisation,
    OrganisationKind,
    Person,
    Status,
    StatusUpdate,
    StrategicArea,
    UpdateRevision,
)
from tracker.services import agenda, deadlines, periods
from tracker.services import people as people_service
from tracker.services import team_roles as team_roles_service
from tracker.services.audit import record
from tracker.services.demo.dates import day, meeting_day, month, reported_at
from tracker.services.reports import Publication

Table = dict[str, Any]
"""A table of a demo file as TOML reads it: its keys and values are the file's to choose."""


def organisations(session: Session, rows: list[Table]) -> dict[str, Organisation]:
    made: dict[str, Organisation] = {}
    for row in rows:
        made[row["code"]] = Organisation(
            code=row["code"], name=row["name"], kind=OrganisationKind(row["kind"])
        )
        session.add(made[row["code"]])
    session.flush()
    for organisation in made.values():
        record(session, None, "create", organisation, {"name": (None, organisation.name)})
    return made


def people(
    session: Session, rows: list[Table], password: str, hash_method: str
) -> dict[str, Person]:
    """Everyone gets the demo's published password, hashed once: it is no one's own choice, so
    the password policy (for passwords people choose) does not apply to it."""
    password_hash = people_service.hash_password(password, hash_method)
    made = {
        row["email"]: people_service.create_person(
            session,
            email=row["email"],
            name=row["name"],
            title=row["title"],
            role=row["role"],
            organisation_code=row.get("organisation"),
            active=row.get("active", True),
        )
        for row in rows
    }
    for person in made.values():
        person.password_hash = password_hash
    return made


def team_roles(session: Session, rows: dict[str, list[str]], persons: dict[str, Person]) -> None:
    for email, roles in rows.items():
        team_roles_service.set_roles(session, persons[email], roles, None)


def areas(
    session: Session,
    plan: Table,
    persons: dict[str, Person],
    orgs: dict[str, Organisation],
    today: date,
    agreed: datetime,
) -> dict[str, StrategicArea]:
    """The strategic areas, in the order of the file, in the portfolio from ``agreed``."""
    made: dict[str, StrategicArea] = {}
    for order, row in enumerate(plan["area"], start=1):
        made[row["code"]] = StrategicArea(
            code=row["code"],
            title=row["title"],
            description=row["description"],
            goal=row["goal"],
            lead=persons[row["lead"]],
            co_owners=[persons[email] for email in row["co_owners"]],
            organisations=[orgs[code] for code in row["organisations"]],
            order=order,
            plan_from=day(plan["plan_from"], today),
            plan_to=day(plan["plan_to"], today),
            created_at=agreed,
        )
        session.add(made[row["code"]])
    session.flush()
    for area in made.values():
        for event in record(session, None, "create", area, {"title": (None, area.title)}):
            event.at = agreed
    return made


def improvements(
    session: Session,
    rows: list[Table],
    areas: dict[str, StrategicArea],
    persons: dict[str, Person],
    orgs: dict[str, Organisation],
    today: date,
    agreed: datetime,
) -> dict[str, Improvement]:
    """The improvements, in the portfolio from ``agreed`` like their areas."""
    made: dict[str, Improvement] = {}
    for row in rows:
        owner = persons[row["owner"]]
        improvement = Improvement(
            code=row["code"],
            area=areas[row["area"]],
            title=row["title"],
            description=row["description"],
            owner=owner,
            deputy=persons[row["deputy"]] if "deputy" in row else None,
            organisation=orgs[row["organisation"]] if "organisation" in row else owner.organisation,
            organisations=[orgs[code] for code in row.get("organisations", [])],
            start=day(row["start"], today),
            due=day(row["due"], today),
            state=ImprovementState(row["state"]),
            closing_note=row.get("closing_note", ""),
            created_at=agreed,
        )
        session.add(improvement)
        session.flush()
        for event in record(
            session, None, "create", improvement, {"title": (None, improvement.title)}
        ):
            event.at = agreed
        made[row["code"]] = improvement
    return made


def updates(
    session: Session,
    rows: list[Table],
    improvements: dict[str, Improvement],
    today: date,
    rng: Random,
) -> dict[str, list[StatusUpdate]]:
    """The monthly reports of months that have ended, each its own first revision. Who wrote
    each (now and then the deputy), which came in late and who may read its texts are drawn
    from ``rng``."""
    this_month = periods.of(today)
    made: dict[str, list[StatusUpdate]] = {}
    for row in rows:
        improvement = improvements[row["code"]]
        made[row["code"]] = []
        first = month(row.get("reports_from", row["start"]), today)
        for offset, entry in enumerate(row.get("report", [])):
            period = periods.shift(first, offset)
            if entry.get("missing") or period >= this_month:
                continue
            update = _update(improvement, period, entry, rng)
            session.add(update)
            made[row["code"]].append(update)
    session.flush()
    session.add_all(
        UpdateRevision(
            update_id=u.id,
            version=u.version,
            author_id=u.author_id,
            saved_at=u.updated_at,
            **{f: getattr(u, f) for f in UPDATE_FIELDS},
        )
        for reports in made.values()
        for u in reports
    )
    return made


def _update(improvement: Improvement, period: str, entry: Table, rng: Random) -> StatusUpdate:
    deputy = improvement.deputy
    author = deputy if deputy is not None and rng.random() < 0.15 else improvement.owner
    at = reported_at(period, rng)
    # A few reports come in after the deadline.
    late = rng.random() < 0.06
    if late:
        at = at + timedelta(days=12)
    # Most owners write what happened for the politicians too; a company keeps some risks
    # commercially confidential.
    company = improvement.organisation.kind == OrganisationKind.COMPANY
    risks_audience = Audience.GROUP
    if entry.get("risks"):
        risks_audience = rng.choice(
            [Audience.POLITICIANS, Audience.GROUP]
            + ([Audience.CONFIDENTIAL] * 2 if company else [])
        )
    return StatusUpdate(
        improvement=improvement,
        period=period,
        status=Status(entry["status"]),
        progress=entry["progress"],
        comment=entry.get("comment", ""),
        next_steps=entry.get("next_steps", ""),
        risks=entry.get("risks", ""),
        needs_decision=bool(entry.get("decision")),
        decision_text=entry.get("decision", ""),
        raise_to_politicians=bool(entry.get("politicians")),
        politicians_text=entry.get("politicians", ""),
        comment_audience=Audience.POLITICIANS if rng.random() < 0.7 else Audience.GROUP,
        risks_audience=risks_audience,
        organisation=improvement.organisation,
        author=author,
        created_at=at,
        updated_at=at,
        late=late,
    )


def assessments(
    session: Session,
    comments: Table,
    areas: dict[str, StrategicArea],
    updates: dict[str, list[StatusUpdate]],
    today: date,
    rng: Random,
) -> int:
    """The area owners' own assessments of the last six months, mostly agreeing with the worst
    status of the area's reports; a quarter of last month's are not made yet. Returns how many
    were made."""
    this_month = periods.of(today)
    made = 0
    for area in areas.values():
        statuses: dict[str, list[Status]] = {}
        for improvement in area.improvements:
            for update in updates.get(improvement.code, []):
                statuses.setdefault(update.period, []).append(update.status)
        for months_ago in range(6, 0, -1):
            period = periods.shift(this_month, -months_ago)
            seen = statuses.get(period)
            if not seen:
                continue
            worst = max(seen, key=list(Status).index)
            for owner in [area.lead, *area.co_owners]:
                if months_ago == 1 and rng.random() < 0.25:
                    continue  # not yet assessed
                status = worst if rng.random() < 0.7 else Status.ON_TRACK
                texts = comments[status.value]
                session.add(
                    AreaAssessment(
                        area=area,
                        period=period,
                        person=owner,
                        organisation=owner.organisation,
                        status=status,
                        comment=texts[rng.randrange(len(texts))],
                        created_at=reported_at(period, rng),
                    )
                )
                made += 1
    return made


def meetings(
    session: Session, rows: list[Table], persons: dict[str, Person], today: date
) -> list[Meeting]:
    """The meetings, each on the Tuesday nearest its date; the whole group (all but the
    politicians) attended those that have been held."""
    group = [p for p in persons.values() if p.role in GROUP_ROLES]
    made: list[Meeting] = []
    for row in rows:
        held = meeting_day(day(row["date"], today))
        made.append(
            Meeting(
                date=held,
                kind=MeetingKind(row["kind"]),
                title=row["title"],
                place=row["place"],
                notes=row["notes"],
                attendees=group if held < today else [],
            )
        )
        session.add(made[-1])
    return made


def decisions(
    session: Session,
    rows: list[Table],
    meetings: list[Meeting],
    persons: dict[str, Person],
    improvements: dict[str, Improvement],
    today: date,
    rng: Random,
) -> None:
    """The meetings' decisions, each due some days after its meeting; a closed one was closed
    this month, at a time drawn from ``rng``."""
    for row, meeting in zip(rows, meetings, strict=True):
        for entry in row.get("decision", []):
            code = entry.get("improvement")
            closed = entry.get("closed")
            session.add(
                Decision(
                    meeting=meeting,
                    text=entry["text"],
                    responsible=persons[entry["responsible"]],
                    due=meeting.date + timedelta(days=entry["due_after_days"]),
                    improvement=improvements[code] if code else None,
                    closed_at=reported_at(periods.of(today), rng) if closed else None,
                )
            )
    session.flush()


def agendas(
    session: Session, rows: list[Table], meetings: list[Meeting], today: date, deadline_day: int
) -> None:
    """The agenda the app proposes, adopted for the meetings whose row asks for one."""
    for row, meeting in zip(rows, meetings, strict=True):
        if row.get("agenda"):
            with force_locale("sv"):
                proposals = agenda.propose(session, meeting, today, deadline_day)
                agenda.adopt(session, meeting, proposals, None)


def report(
    session: Session, row: Table, today: date, deadline_day: int
) -> tuple[periods.Span, Publication, Person]:
    """What the demo publishes (the caller renders and stores it): last month's summary as
    reported by ``today``, the registration number and note, and the publisher."""
    span = periods.Span(deadlines.reported_period(today, deadline_day))
    values: Publication = {
        "registration_number": row["registration_number"].format(year=today.year),
        "note": row["note"],
    }
    publisher = people_service.find_by_email(session, row["publisher"])
    if publisher is None:
        raise ValueError(f"the publisher {row['publisher']} is not among the demo's people")
    return span, values, publisher
