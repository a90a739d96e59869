"""Who may see what: the route inventory, the role rules and the ownership rules."""

import pytest

from tracker.access import (
    AREA_LEAD_FIELDS,
    BUILTIN_RULES,
    IMPROVEMENT_OWNER_FIELDS,
    Rule,
    allowed,
    audiences_read_by,
    changeable_fields,
    may_close_decision,
    may_edit_area,
    may_edit_improvement,
    may_have_team_roles,
    may_report_on,
    rule_of,
)
from tracker.models import Audience, Role, StrategicArea
from tracker.models import Improvement as ImprovementRow


def test_every_route_declares_an_access_rule(app):
    missing = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.endpoint not in BUILTIN_RULES and rule_of(view) is None:
            missing.append(f"{rule.rule} ({rule.endpoint})")
    assert missing == []


def _get_routes(app):
    """(path, rule) for every GET route without arguments."""
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static":
            view = app.view_functions[rule.endpoint]
            yield rule.rule, BUILTIN_RULES.get(rule.endpoint) or rule_of(view)


POLITICIAN_MAY_SEE = {
    "/",
    "/summary",
    "/reports",
    "/reports/compare",
    "/api/v1/reports",
    "/api/v1/summary",
    "/profile",
    "/accessibility",
    "/login",
    "/password/forgot",
    "/login/oidc",  # single sign-on: without a provider set up, the sign-in page says so
    "/login/oidc/callback",
    "/health",
    "/session",
    "/api/v1/openapi.json",
    "/vendor/plotly.min.js",
    "/vendor/plotly.css",
    "/status.css",
}


def test_a_politician_gets_403_everywhere_else(app, client, login_as):
    login_as(Role.POLITICIAN)
    seen = set()
    for path, _rule in _get_routes(app):
        response = client.get(path)
        seen.add(path)
        if path in POLITICIAN_MAY_SEE:
            assert response.status_code in (200, 204, 302, 422), path  # 422: a period is required
        else:
            assert response.status_code == 403, path
    assert {
        "/portfolio",
        "/dashboard",
        "/my",
        "/api/v1/areas",
        "/summary/export.xlsx",
        "/export.xlsx",
        "/import/template.xlsx",
    } <= seen


def test_403_page_says_so_in_plain_words(client, login_as):
    login_as(Role.POLITICIAN)
    response = client.get("/portfolio")
    assert response.status_code == 403
    assert "Du har inte behörighet till den här sidan." in response.get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_sign_in(app, client):
    for path, rule in _get_routes(app):
        response = client.get(path)
        if rule is Rule.PUBLIC:
            assert response.status_code == 200, path
        elif path.startswith("/api/"):
            assert response.status_code == 401, path
        else:
            assert response.status_code == 302, path
            assert response.headers["Location"].startswith("/login?next="), path


@pytest.mark.parametrize("role", [Role.MEMBER, Role.ADMIN])
def test_group_members_see_group_pages(client, login_as, role):
    login_as(role)
    for path in ("/my", "/dashboard", "/portfolio", "/summary", "/profile"):
        assert client.get(path).status_code == 200, path


class P:
    def __init__(self, id, role, active=True):
        self.id, self.role, self.active, self.is_authenticated = id, role, active, True


def people():
    """Three members (ids 1, 2 and 3) and an admin (id 4): who owns what is up to the test."""
    return P(1, Role.MEMBER), P(2, Role.MEMBER), P(3, Role.MEMBER), P(4, Role.ADMIN)


class Area:
    def __init__(self, lead_id, co_owners=()):
        self.lead_id, self.co_owners = lead_id, list(co_owners)


class Improvement:
    def __init__(self, owner_id, deputy_id=None):
        self.owner_id, self.deputy_id = owner_id, deputy_id


@pytest.mark.parametrize(
    ("role", "rule", "expected"),
    [
        (Role.ADMIN, Rule.ADMIN, True),
        (Role.MEMBER, Rule.ADMIN, False),
        (Role.POLITICIAN, Rule.ADMIN, False),
        (Role.ADMIN, Rule.GROUP, True),
        (Role.MEMBER, Rule.GROUP, True),
        (Role.POLITICIAN, Rule.GROUP, False),
        (Role.POLITICIAN, Rule.SIGNED_IN, True),
    ],
)
def test_role_rules(role, rule, expected):
    assert allowed(P(1, role), rule) is expected


def test_nobody_and_the_inactive_pass_only_public_rules():
    assert allowed(None, Rule.PUBLIC)
    assert not allowed(None, Rule.SIGNED_IN)
    assert not allowed(P(1, Role.ADMIN, active=False), Rule.SIGNED_IN)


def test_ownership_rules():
    lead, co, other, admin = people()
    area = Area(lead_id=1, co_owners=[co])
    assert may_edit_area(lead, area)
    assert may_edit_area(lead, area, {"goal"})
    assert not may_edit_area(lead, area, {"goal", "lead"})  # the rest is the admin's
    assert not may_edit_area(co, area)  # co-owners report, the lead edits the text
    assert not may_edit_area(other, area)
    assert may_edit_area(admin, area, {"lead", "code"})
    assert not may_edit_area(P(1, Role.POLITICIAN), area)
    assert not may_edit_area(None, area)

    improvement = Improvement(owner_id=2, deputy_id=3)
    assert may_report_on(co, improvement)
    assert may_report_on(other, improvement)  # the deputy reports on the owner's behalf
    assert not may_report_on(lead, improvement)
    assert may_report_on(admin, improvement)
    assert may_edit_improvement(co, improvement, {"state", "due"})
    assert not may_edit_improvement(co, improvement, {"owner"})
    assert not may_edit_improvement(other, improvement)  # the deputy reports, not edits
    assert may_edit_improvement(admin, improvement, {"owner"})


class Decision:
    def __init__(self, responsible_id):
        self.responsible_id = responsible_id


def test_decision_rules():
    """The member responsible for a decision closes it, and any admin; nobody else."""
    decision = Decision(responsible_id=1)
    assert may_close_decision(P(1, Role.MEMBER), decision)
    assert not may_close_decision(P(2, Role.MEMBER), decision)
    assert may_close_decision(P(2, Role.ADMIN), decision)
    assert not may_close_decision(P(1, Role.POLITICIAN), decision)
    assert not may_close_decision(P(1, Role.MEMBER, active=False), decision)
    assert not may_close_decision(None, decision)


def test_team_roles_are_kept_for_the_group_only():
    assert may_have_team_roles(P(1, Role.MEMBER)) and may_have_team_roles(P(1, Role.ADMIN))
    assert not may_have_team_roles(P(1, Role.POLITICIAN))


def test_which_texts_of_an_update_each_role_reads():
    everything = {Audience.GROUP, Audience.POLITICIANS, Audience.CONFIDENTIAL}
    assert audiences_read_by(Role.MEMBER) == audiences_read_by(Role.ADMIN) == everything
    # Group-only and commercially confidential texts never leave the group.
    assert audiences_read_by(Role.POLITICIAN) == {Audience.POLITICIANS}


def test_changeable_fields_names_what_a_person_may_change():
    """The fields an edit form may send: the same rule as may_edit_area / may_edit_improvement."""
    lead, owner, other, admin = people()
    area = StrategicArea(lead_id=1)
    improvement = ImprovementRow(owner_id=2, deputy_id=3)
    every = {"code", "title", "description", "goal", "lead", "owner", "start", "due", "state"}
    assert changeable_fields(admin, area, every) == every
    assert changeable_fields(admin, improvement, every) == every
    assert changeable_fields(lead, area, every) == {"description", "goal"} == AREA_LEAD_FIELDS
    assert changeable_fields(owner, improvement, every) == every & IMPROVEMENT_OWNER_FIELDS
    assert changeable_fields(owner, improvement, every) == {"description", "start", "due", "state"}
    assert changeable_fields(lead, improvement, every) == set()
    assert changeable_fields(owner, area, every) == set()
    assert changeable_fields(other, improvement, every) == set()  # the deputy reports only
    assert changeable_fields(P(1, Role.POLITICIAN), area, every) == set()
    assert changeable_fields(None, area, every) == set()
    for person in (lead, owner, other, admin, P(1, Role.POLITICIAN)):
        for fields in ({"goal"}, {"goal", "lead"}, {"state", "due"}, {"owner"}):
            assert (changeable_fields(person, area, fields) == fields) == may_edit_area(
                person, area, fields
            )
            assert (changeable_fields(person, improvement, fields) == fields) == (
                may_edit_improvement(person, improvement, fields)
            )
