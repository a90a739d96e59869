"""Who may do what: the one place that views and the API ask.

Pure decisions: a person (or None) and a thing in, yes or no out; nothing here reads the request,
so the services ask them too. The views' guard that enforces a rule on a request is
``tracker.guard``: every view declares a rule with ``@requires(...)``, and a route without a rule
fails the route-inventory test (tests/test_access.py), so a new page cannot forget to say who may
see it.

Rules:
    PUBLIC     anyone, signed in or not (sign-in, health, accessibility statement)
    SIGNED_IN  any signed-in person of any role (start page, profile, summary)
    GROUP      members of the group and admins; politicians get 403
    ADMIN      admins only
"""

import enum
from collections.abc import Iterable

from tracker.models import (
    ApiToken,
    Audience,
    Decision,
    Improvement,
    ImprovementVersion,
    Person,
    Role,
    StrategicArea,
)


class Rule(enum.StrEnum):
    PUBLIC = "public"
    SIGNED_IN = "signed_in"
    GROUP = "group"
    ADMIN = "admin"


# Endpoints that come from Flask or extensions rather than from our blueprints.
BUILTIN_RULES = {"static": Rule.PUBLIC, "api-docs.openapi_json": Rule.PUBLIC}

GROUP_ROLES = frozenset({Role.ADMIN, Role.MEMBER})


def allowed(person: Person | None, rule: Rule) -> bool:
    """May this person (None when nobody is signed in) pass this rule?"""
    if rule is Rule.PUBLIC:
        return True
    if person is None or not person.is_authenticated or not person.active:
        return False
    if rule is Rule.SIGNED_IN:
        return True
    if rule is Rule.GROUP:
        return person.role in GROUP_ROLES
    if rule is Rule.ADMIN:
        return person.role == Role.ADMIN
    raise ValueError(f"unknown rule {rule!r}")


def rule_of(view: object) -> Rule | None:
    """The rule a view declared with ``tracker.guard.requires``, or None."""
    rule = getattr(view, "access_rule", None)
    return rule if isinstance(rule, Rule) else None


# Ownership. A member edits what they own; an admin edits everything.


def leads_area(person: Person, area: StrategicArea) -> bool:
    return area.lead_id == person.id


def owns_area(person: Person, area: StrategicArea) -> bool:
    """Lead owner or co-owner of the area."""
    return leads_area(person, area) or any(p.id == person.id for p in area.co_owners)


# What a non-admin owner may change; everything else is the admin's.
AREA_LEAD_FIELDS = frozenset({"description", "goal"})
IMPROVEMENT_OWNER_FIELDS = frozenset({"description", "start", "due", "state", "closing_note"})


def _owner_fields(
    person: Person | None, owner: bool, theirs: frozenset[str]
) -> frozenset[str] | None:
    """The one ownership rule for editing: an admin changes every field (None); the owner, if
    a group member, changes the owner's fields (``theirs``); anyone else changes nothing."""
    if person is None:
        return frozenset()
    if allowed(person, Rule.ADMIN):
        return None
    return theirs if owner and allowed(person, Rule.GROUP) else frozenset()


def _area_fields(person: Person | None, area: StrategicArea) -> frozenset[str] | None:
    owner = person is not None and leads_area(person, area)
    return _owner_fields(person, owner, AREA_LEAD_FIELDS)


def _improvement_fields(person: Person | None, improvement: Improvement) -> frozenset[str] | None:
    owner = person is not None and improvement.owner_id == person.id
    return _owner_fields(person, owner, IMPROVEMENT_OWNER_FIELDS)


def _within(mine: frozenset[str] | None, fields: Iterable[str]) -> bool:
    return mine is None or (bool(mine) and frozenset(fields) <= mine)


def changeable_fields(
    person: Person | None, item: StrategicArea | Improvement, fields: Iterable[str]
) -> frozenset[str]:
    """Which of ``fields`` this person may change on an area or an improvement."""
    asked = frozenset(fields)
    if isinstance(item, StrategicArea):
        mine = _area_fields(person, item)
    else:
        mine = _improvement_fields(person, item)
    return asked if mine is None else asked & mine


def may_edit_area(
    person: Person | None, area: StrategicArea, fields: Iterable[str] = AREA_LEAD_FIELDS
) -> bool:
    """Admins change anything; the area's lead owner changes its description and goal."""
    return _within(_area_fields(person, area), fields)


def may_edit_improvement(
    person: Person | None,
    improvement: Improvement,
    fields: Iterable[str] = IMPROVEMENT_OWNER_FIELDS,
) -> bool:
    """Admins change anything; the owner changes its description, dates and state."""
    return _within(_improvement_fields(person, improvement), fields)


def may_order_areas(person: Person | None) -> bool:
    """The order of the strategic areas is the group's: admins change it."""
    return person is not None and allowed(person, Rule.ADMIN)


def owns_token(person: Person | None, token: ApiToken) -> bool:
    """A personal access token is seen and revoked by its own person only."""
    return person is not None and token.person_id == person.id


def may_report_on(
    person: Person, improvement: Improvement, then: ImprovementVersion | None = None
) -> bool:
    """Monthly status: the improvement's owner, its deputy, or an admin; for a period, also
    whoever was owner or deputy at its deadline (``then``, the improvement's version)."""
    if allowed(person, Rule.ADMIN):
        return True
    owners: set[int | None] = {improvement.owner_id, improvement.deputy_id}
    if then is not None:
        owners |= {then.owner_id, then.deputy_id}
    return allowed(person, Rule.GROUP) and person.id in owners


# Meetings, team roles and who reads what.


def may_close_decision(person: Person | None, decision: Decision) -> bool:
    """A decision is closed by the group member responsible for it, or by an admin."""
    return allowed(person, Rule.ADMIN) or (
        person is not None and allowed(person, Rule.GROUP) and decision.responsible_id == person.id
    )


def may_have_team_roles(person: Person) -> bool:
    """Team roles are kept for the group's members and admins, never for politicians."""
    return person.role in GROUP_ROLES


def audiences_read_by(role: Role) -> frozenset[Audience]:
    """Which texts of a monthly update someone of ``role`` reads, by each text's audience: the
    group reads them all; a politician only those marked for the politicians (the group's own
    and a company's commercially confidential texts never leave the group)."""
    if role in GROUP_ROLES:
        return frozenset(Audience)
    return frozenset({Audience.POLITICIANS})
