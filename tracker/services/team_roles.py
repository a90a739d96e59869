"""Team roles (teamroller): each group member's strongest Belbin roles, the group's balance, and
which roles each strategic area's owners bring. The results only, never the questionnaire;
for the group, never for politicians."""

from typing import TypedDict

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker import access
from tracker.models import Person, StrategicArea, TeamRole, TeamRoleResult
from tracker.services import Changes, Errors, NotAllowed, people
from tracker.services.audit import record

# How many of their strongest roles are kept per member.
STRONGEST = 3


class RoleBalance(TypedDict):
    role: str
    strongest: int  # members with it as their strongest role
    among: int  # members with it among their strongest


class AreaCoverage(TypedDict):
    area: StrategicArea
    owners: list[Person]
    present: list[TeamRole]
    missing: list[TeamRole]
    recorded: bool


def set_roles(session: Session, person: Person, roles: list[str], actor: Person | None) -> Changes:
    """Replace ``person``'s results with ``roles`` (strongest first; empty values skipped).
    Returns what changed."""
    if not access.may_have_team_roles(person):
        raise NotAllowed("team roles are kept for group members only")
    errors = Errors()
    chosen: list[TeamRole] = []
    for value in roles:
        if not value:
            continue
        try:
            chosen.append(TeamRole(value))
        except ValueError:
            errors.add("roles", _l("Choose one of: %(choices)s.", choices=", ".join(TeamRole)))
    if len(chosen) > STRONGEST:
        errors.add("roles", _l("Give at most %(n)s roles.", n=STRONGEST))
    if len(set(chosen)) != len(chosen):
        errors.add("roles", _l("Each role can be given once."))
    errors.raise_if_any()
    old = [r.role for r in person.team_roles]
    if old == chosen:
        return {}
    person.team_roles.clear()
    session.flush()
    person.team_roles.extend(
        TeamRoleResult(rank=rank, role=role) for rank, role in enumerate(chosen, start=1)
    )
    session.flush()
    changes: Changes = {"team_roles": (" > ".join(old), " > ".join(chosen))}
    record(session, actor, "update", person, changes)
    return changes


def members(session: Session) -> list[Person]:
    """Active group members and admins with their results, by name (two queries)."""
    return people.group_members(
        session, selectinload(Person.team_roles), selectinload(Person.organisation)
    )


def balance(people: list[Person]) -> list[RoleBalance]:
    """For each role: how many members have it as their strongest, and among their strongest."""
    rows: list[RoleBalance] = []
    for role in TeamRole:
        ranks = [r.rank for p in people for r in p.team_roles if r.role == role]
        rows.append({"role": role.value, "strongest": ranks.count(1), "among": len(ranks)})
    return rows


def area_coverage(session: Session) -> list[AreaCoverage]:
    """For each strategic area: its active owners (lead and co-owners), the roles they bring,
    and the roles none of them has (a fixed number of queries)."""
    areas = session.scalars(
        select(StrategicArea)
        .where(StrategicArea.archived.is_(False))
        .options(
            selectinload(StrategicArea.lead).selectinload(Person.team_roles),
            selectinload(StrategicArea.co_owners).selectinload(Person.team_roles),
        )
        .order_by(StrategicArea.order, StrategicArea.code)
    )
    rows: list[AreaCoverage] = []
    for area in areas:
        owners = [p for p in [area.lead, *area.co_owners] if p.active]
        owners = list({p.id: p for p in owners}.values())
        present = {r.role for p in owners for r in p.team_roles}
        rows.append(
            {
                "area": area,
                "owners": owners,
                "present": [role for role in TeamRole if role in present],
                "missing": [role for role in TeamRole if role not in present],
                "recorded": any(p.team_roles for p in owners),
            }
        )
    return rows
