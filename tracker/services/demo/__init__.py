"""The demo municipality: a plainly fictional municipal group with six months and more of history.

Its content is data, in the TOML files of tracker/demo/ (one per entity, with dates relative to
the day the demo is loaded, so that it always looks current); the loaders in ``loaders`` turn
each file into rows, in the order they depend on each other. The variation a real group would
have (who wrote a report, which came in late, the area owners' assessments) is drawn from one
seeded generator, so that the demo is the same every time it is loaded on the same day.
"""

import tomllib
from datetime import UTC, date, datetime
from importlib.resources import files
from random import Random

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import Organisation, Person
from tracker.services import DomainError, periods
from tracker.services.demo import loaders
from tracker.services.demo.dates import day
from tracker.services.demo.loaders import Table
from tracker.services.reports import Publication

DATA = files("tracker") / "demo"


class NotEmpty(DomainError):
    """The database already holds data; the demo loads only into an empty one."""


def read(name: str) -> Table:
    """The parsed content of tracker/demo/``name``.toml."""
    with (DATA / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def is_empty(session: Session) -> bool:
    return not (
        session.scalar(select(func.count()).select_from(Person))
        or session.scalar(select(func.count()).select_from(Organisation))
    )


def load(
    session: Session,
    password: str,
    today: date | None = None,
    deadline_day: int = 10,
    hash_method: str = "scrypt",
) -> dict[str, int]:
    """Load the demo into an empty database; everyone's ``password`` is hashed with
    ``hash_method`` (PASSWORD_HASH_METHOD). Returns counts of what was made."""
    if not is_empty(session):
        raise NotEmpty("the database is not empty")
    today = today or periods.today_local()
    rng = Random(2026)  # noqa: S311 - demo content, not security

    orgs = loaders.organisations(session, read("organisations")["organisation"])
    persons = loaders.people(session, read("people")["person"], password, hash_method)
    plan = read("areas")
    agreed = datetime.combine(day(plan["agreed"], today), plan["agreed_time"], periods.STOCKHOLM)
    agreed = agreed.astimezone(UTC)
    areas = loaders.areas(session, plan, persons, orgs, today, agreed)
    rows = read("improvements")["improvement"]
    improvements = loaders.improvements(session, rows, areas, persons, orgs, today, agreed)
    updates = loaders.updates(session, rows, improvements, today, rng)
    assessments = loaders.assessments(session, read("assessments"), areas, updates, today, rng)
    rows = read("meetings")["meeting"]
    meetings = loaders.meetings(session, rows, persons, today)
    loaders.decisions(session, rows, meetings, persons, improvements, today, rng)
    loaders.agendas(session, rows, meetings, today, deadline_day)
    loaders.team_roles(session, read("team_roles"), persons)
    return {
        "organisations": len(orgs),
        "people": len(persons),
        "areas": len(areas),
        "improvements": len(improvements),
        "updates": sum(len(made) for made in updates.values()),
        "area assessments": assessments,
        "meetings": len(meetings),
    }


def report(
    session: Session, today: date, deadline_day: int
) -> tuple[periods.Span, Publication, Person]:
    """The published report the demo starts with, for the caller to render and store: its span,
    its registration number and note, and who publishes it."""
    return loaders.report(session, read("reports"), today, deadline_day)


def sign_ins() -> list[tuple[str, str, str]]:
    """(role, email, name) of the demo people worth signing in as, one or more per role."""
    people = read("people")["person"]
    return [(p["role"], p["email"], p["name"]) for p in people if p.get("active", True)]
