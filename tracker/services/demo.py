"""The demo municipality: a plainly fictional municipal group with six months and more of history.

The content is in demo_data; this module turns it into rows, with dates relative to today so
that the demo always looks current.
"""

from datetime import UTC, date, datetime, time, timedelta
from random import Random

from flask_babel import force_locale
from sqlalchemy import func, select

from tracker.extensions import db
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
    Role,
    Status,
    StatusUpdate,
    StrategicArea,
    UpdateRevision,
)
from tracker.services import DomainError, agenda, demo_data, people, periods, team_roles
from tracker.services.audit import record

ASSESSMENT_COMMENTS = {
    Status.ON_TRACK: [
        "Området går enligt plan; åtgärderna håller tidplanen.",
        "Vi ser effekt i verksamheterna och samarbetet över gränserna fungerar.",
        "Inga nya hinder; fokus framåt är att hålla takten.",
    ],
    Status.AT_RISK: [
        "En åtgärd har halkat efter; vi följer den noga i koncernledningsgruppen.",
        "Resursläget är ansträngt och kan påverka tidplanen.",
        "Beroenden mellan förvaltning och bolag behöver lösas för att hålla planen.",
    ],
    Status.OFF_TRACK: [
        "Området avviker från planen; vi behöver prioritera om.",
        "Tidplanen håller inte; ett beslut i koncernledningsgruppen behövs.",
        "Kostnadsläget gör att målbilden inte nås utan nya insatser.",
    ],
}


class NotEmpty(DomainError):
    """The database already holds data; the demo loads only into an empty one."""


def is_empty(session) -> bool:
    return not (
        session.scalar(select(func.count()).select_from(Person))
        or session.scalar(select(func.count()).select_from(Organisation))
    )


def wipe(session) -> None:
    """Delete every row of every table (for `flask demo --reset` only)."""
    for table in reversed(db.metadata.sorted_tables):
        session.execute(table.delete())
    session.flush()


def _reported_at(period: str, rng: Random) -> datetime:
    """When a report for ``period`` was made: a working morning early in the next month."""
    day = periods.first_day(periods.shift(period, 1)) + timedelta(days=rng.randint(1, 8))
    local = datetime.combine(day, time(rng.randint(7, 16), rng.randint(0, 59)), periods.STOCKHOLM)
    return local.astimezone(UTC)


# The group meets on a Tuesday.
MEETING_WEEKDAY = 1


def meeting_day(day: date) -> date:
    """The Tuesday nearest ``day`` (at most three days away): a demo meeting on a weekday."""
    return day + timedelta(days=(MEETING_WEEKDAY - day.weekday() + 3) % 7 - 3)


def load(
    session,
    password: str,
    today: date | None = None,
    deadline_day: int = 10,
    hash_method: str = "scrypt",
) -> dict:
    """Load the demo into an empty database; everyone's ``password`` is hashed with
    ``hash_method`` (PASSWORD_HASH_METHOD). Returns counts of what was made."""
    if not is_empty(session):
        raise NotEmpty("the database is not empty")
    today = today or periods.today_local()
    this_month = periods.of(today)
    rng = Random(2026)  # noqa: S311 - demo content, not security

    orgs = {}
    for code, name, kind in demo_data.ORGANISATIONS:
        org = Organisation(code=code, name=name, kind=OrganisationKind(kind))
        session.add(org)
        orgs[code] = org
    session.flush()
    for org in orgs.values():
        record(session, None, "create", org, {"name": (None, org.name)})

    persons = {}
    for row in demo_data.PEOPLE:
        persons[row["email"]] = people.create_person(
            session,
            email=row["email"],
            name=row["name"],
            title=row["title"],
            role=row["role"],
            organisation_code=row["org"],
            password=password,
            hash_method=hash_method,
        )

    # The plan was agreed at a development day in the autumn before it began: the areas and
    # improvements are in the portfolio from then, as their history says.
    plan_from = date(today.year - 1, 1, 1)
    agreed = datetime.combine(plan_from - timedelta(days=45), time(9), periods.STOCKHOLM)
    agreed = agreed.astimezone(UTC)
    areas = {}
    for order, row in enumerate(demo_data.AREAS, start=1):
        area = StrategicArea(
            code=row["code"],
            title=row["title"],
            description=row["description"],
            goal=row["goal"],
            lead=persons[row["lead"]],
            co_owners=[persons[e] for e in row["co_owners"]],
            organisations=[orgs[c] for c in row["organisations"]],
            order=order,
            plan_from=plan_from,
            plan_to=date(today.year + 2, 12, 31),
            created_at=agreed,
        )
        session.add(area)
        areas[row["code"]] = area
    session.flush()
    for area in areas.values():
        for event in record(session, None, "create", area, {"title": (None, area.title)}):
            event.at = agreed

    updates = 0
    improvement_updates: dict[str, list] = {}
    for row in demo_data.IMPROVEMENTS:
        owner = persons[row["owner"]]
        deputy = persons[row["deputy"]] if row.get("deputy") else None
        improvement = Improvement(
            code=row["code"],
            area=areas[row["area"]],
            title=row["title"],
            description=row["description"],
            owner=owner,
            deputy=deputy,
            organisation=orgs[row["organisation"]]
            if row.get("organisation")
            else owner.organisation,
            organisations=[orgs[c] for c in row.get("organisations", [])],
            start=periods.first_day(periods.shift(this_month, row["start"])),
            due=periods.last_day(periods.shift(this_month, row["due"])),
            state=ImprovementState(row["state"]),
            created_at=agreed,
        )
        session.add(improvement)
        session.flush()
        for event in record(
            session, None, "create", improvement, {"title": (None, improvement.title)}
        ):
            event.at = agreed
        improvement_updates[improvement.code] = []
        first = row.get("story_from", row["start"])
        for offset, entry in enumerate(row.get("story", [])):
            period = periods.shift(this_month, first + offset)
            if entry.get("missing") or period >= this_month:
                continue
            author = deputy if deputy is not None and rng.random() < 0.15 else owner
            at = _reported_at(period, rng)
            # A few reports come in after the deadline.
            late = rng.random() < 0.06
            if late:
                at = at + timedelta(days=12)
            # Most owners write what happened for the politicians too; a company keeps some
            # risks commercially confidential.
            company = improvement.organisation.kind == OrganisationKind.COMPANY
            risks_audience = Audience.GROUP
            if entry.get("risks"):
                risks_audience = rng.choice(
                    [Audience.POLITICIANS, Audience.GROUP]
                    + ([Audience.CONFIDENTIAL] * 2 if company else [])
                )
            update = StatusUpdate(
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
            session.add(update)
            improvement_updates[improvement.code].append(update)
            updates += 1

    # Each report is its own first revision.
    session.flush()
    session.add_all(
        UpdateRevision(update_id=u.id, version=u.version, author_id=u.author_id,
                       saved_at=u.updated_at, **{f: getattr(u, f) for f in UPDATE_FIELDS})
        for made in improvement_updates.values()
        for u in made
    )  # fmt: skip
    # The area owners' own assessments, the last six months, mostly agreeing with the roll-up.
    assessments = 0
    for area in areas.values():
        statuses = {}
        for improvement in area.improvements:
            for update in improvement_updates.get(improvement.code, []):
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
                session.add(
                    AreaAssessment(
                        area=area,
                        period=period,
                        person=owner,
                        organisation=owner.organisation,
                        status=status,
                        comment=ASSESSMENT_COMMENTS[status][rng.randrange(3)],
                        created_at=_reported_at(period, rng),
                    )
                )
                assessments += 1

    group = [p for p in persons.values() if p.role != Role.POLITICIAN]
    improvements = {i.code: i for i in session.scalars(select(Improvement))}
    planned = []
    for row in demo_data.MEETINGS:
        day = meeting_day(today - timedelta(days=row["days_ago"]))
        meeting = Meeting(date=day, kind=MeetingKind(row["kind"]), title=row["title"],
                          place=row["place"], notes=row["notes"],
                          attendees=group if day < today else [])  # fmt: skip
        session.add(meeting)
        for entry in row["decisions"]:
            session.add(
                Decision(
                    meeting=meeting,
                    text=entry["text"],
                    responsible=persons[entry["responsible"]],
                    due=day + timedelta(days=entry["due_in"]),
                    improvement=improvements.get(entry.get("improvement", "")),
                    closed_at=_reported_at(periods.of(today), rng) if entry.get("closed") else None,
                )
            )
        if row.get("agenda"):
            planned.append(meeting)
    session.flush()
    for meeting in planned:
        with force_locale("sv"):
            agenda.adopt(session, meeting, agenda.propose(session, meeting, today, deadline_day),
                         None)  # fmt: skip
    for email, roles in demo_data.TEAM_ROLES.items():
        team_roles.set_roles(session, persons[email], roles, None)
    return {
        "organisations": len(orgs),
        "people": len(persons),
        "areas": len(areas),
        "improvements": len(demo_data.IMPROVEMENTS),
        "updates": updates,
        "area assessments": assessments,
        "meetings": len(demo_data.MEETINGS),
    }


def sign_ins() -> list[tuple[str, str, str]]:
    """(role, email, name) of the demo people worth signing in as, one or more per role."""
    return [(p["role"], p["email"], p["name"]) for p in demo_data.PEOPLE]
