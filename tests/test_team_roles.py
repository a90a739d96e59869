"""Team roles (Belbin): bad input writes nothing, the group's role balance and each area's coverage match a hand count, and a politician has none."""

from datetime import date

from sqlalchemy import func, select

from tests.conftest import post
from tracker.extensions import db
from tracker.models import Role, TeamRoleResult
from tracker.services import team_roles

TODAY = date(2026, 11, 20)


def test_team_roles(app, client, csrf, login_as, factory, two_meetings):
    admin = login_as(Role.ADMIN)
    lead, owner = two_meetings["lead"], two_meetings["owner"]
    # Bad input: the same role twice, an unknown role: a clear message, nothing written.
    response = post(
        client, csrf, f"/team-roles/{lead.id}", {"first": "plant", "second": "plant", "third": ""}
    )
    assert "Each role can be given once." in response.get_data(as_text=True)
    assert response.status_code == 422
    response = post(client, csrf, f"/team-roles/{lead.id}", {"first": "wizard"})
    assert response.status_code == 422 and "Not a valid choice" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(TeamRoleResult)) == 0
    post(
        client, csrf, f"/team-roles/{lead.id}", {"first": "plant", "second": "shaper", "third": ""}
    )
    post(
        client,
        csrf,
        f"/team-roles/{owner.id}",
        {"first": "shaper", "second": "implementer", "third": "teamworker"},
    )
    with app.app_context():
        people = team_roles.members(db.session)
        balance = {r["role"]: (r["strongest"], r["among"]) for r in team_roles.balance(people)}
        coverage = {r["area"].code: r for r in team_roles.area_coverage(db.session)}
    assert balance["plant"] == (1, 1) and balance["shaper"] == (1, 2)
    assert balance["implementer"] == (0, 1) and balance["specialist"] == (0, 0)
    # Both areas are owned by the two of them: the same five roles present, four missing.
    for code in ("SO1", "SO2"):
        assert [r.value for r in coverage[code]["present"]] == [
            "plant",
            "shaper",
            "teamworker",
            "implementer",
        ]
        assert "specialist" in [r.value for r in coverage[code]["missing"]]
    html = client.get("/team-roles").get_data(as_text=True)
    assert 'id="chart-team-roles"' in html and "Role balance" in html
    # A politician has no team roles.
    politician = factory.person(role=Role.POLITICIAN)
    assert client.get(f"/team-roles/{politician.id}").status_code == 404
    assert admin.role == Role.ADMIN
