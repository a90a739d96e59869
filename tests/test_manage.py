"""Managing the portfolio through the pages: organisations, people, areas, improvements;
bad input gets a message at the field and writes nothing; nothing is deleted."""

from datetime import date

import pytest
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import (
    AuditEvent,
    Improvement,
    ImprovementState,
    Organisation,
    OrganisationKind,
    Person,
    Role,
    StrategicArea,
)


def rows(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def world(factory):
    """Two organisations, an admin, a lead, a co-owner, an owner and an area with one item."""
    dep = factory.org(code="BUF", name="Barn- och utbildningsförvaltningen")
    com = factory.org(code="SBO", name="Sjöviksbostäder AB", kind=OrganisationKind.COMPANY)
    admin = factory.person(role=Role.ADMIN, org=dep, email="admin@example.se", name="Admin")
    lead = factory.person(org=dep, email="lead@example.se", name="Lena Lead")
    co = factory.person(org=com, email="co@example.se", name="Tomas Co")
    area = factory.area(lead, code="SO1", title="Attraktiv arbetsgivare", co_owners=[co],
                        organisations=[dep, com])  # fmt: skip
    item = factory.improvement(area, co, code="SO1-01", title="Gemensam rekrytering",
                               start=date(2026, 1, 1), due=date(2026, 12, 31))  # fmt: skip
    return {"dep": dep, "com": com, "admin": admin, "lead": lead, "co": co, "area": area,
            "item": item}  # fmt: skip


def post(client, csrf, path, data):
    return client.post(path, data={**data, "csrf_token": csrf("/profile")})


def test_an_admin_manages_organisations_and_archives_instead_of_deleting(
    app, client, csrf, login_as, world
):
    login_as(person=world["admin"])
    response = post(
        client,
        csrf,
        "/organisations/new",
        {"code": "SEV", "name": "Sjövik Energi", "kind": "company"},
    )
    assert response.status_code == 302
    response = post(
        client,
        csrf,
        "/organisations/SEV/edit",
        {"code": "SEV", "name": "Sjövik Energi och Vatten AB", "kind": "company"},
    )
    assert response.status_code == 302
    post(client, csrf, "/organisations/SEV/archive", {})
    with app.app_context():
        org = db.session.scalar(select(Organisation).where(Organisation.code == "SEV"))
        assert org.name == "Sjövik Energi och Vatten AB" and org.archived
    # An archived organisation cannot be chosen anew.
    html = post(
        client,
        csrf,
        "/people/new",
        {
            "name": "Ny",
            "email": "ny@example.se",
            "organisation": "SEV",
            "role": "member",
            "locale": "",
        },
    ).get_data(as_text=True)
    assert (
        "Sjövik Energi och Vatten AB"
        not in html.split('id="organisation"')[1].split("</select>")[0]
    )


def test_bad_input_is_shown_at_the_field_and_writes_nothing(app, client, csrf, login_as, world):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(person=world["admin"])
    with app.app_context():
        gone = db.session.get(Person, world["co"].id)
    before = {
        m: rows(app, m) for m in (Organisation, Person, StrategicArea, Improvement, AuditEvent)
    }

    html = post(
        client, csrf, "/organisations/new", {"code": "BUF", "name": "Igen", "kind": "department"}
    ).get_data(as_text=True)
    assert "already taken" in html and 'aria-invalid="true"' in html
    html = post(
        client,
        csrf,
        "/people/new",
        {
            "name": "X",
            "email": "LEAD@example.se",
            "organisation": "",
            "role": "member",
            "locale": "",
        },
    ).get_data(as_text=True)
    assert "Someone already has this email address." in html
    html = post(
        client, csrf, "/areas/new", {"code": "", "title": "", "lead": "", "order": "0"}
    ).get_data(as_text=True)
    assert "Enter a code." in html and "Enter a title." in html and "Choose the lead owner." in html
    html = post(
        client,
        csrf,
        "/areas/new",
        {"code": "SO2", "title": "T" * 201, "lead": "lead@example.se", "order": "0"},
    ).get_data(as_text=True)
    assert "Field cannot be longer than 200 characters." in html
    html = post(
        client,
        csrf,
        "/areas/new",
        {
            "code": "SO2",
            "title": "T",
            "lead": "lead@example.se",
            "co_owners": ["lead@example.se"],
            "order": "0",
        },
    ).get_data(as_text=True)
    assert "The lead owner cannot also be a co-owner." in html
    item = {
        "code": "SO1-02",
        "area": "SO1",
        "title": "T",
        "owner": "co@example.se",
        "deputy": "",
        "organisation": "",
        "state": "planned",
        "start": "2026-05-01",
        "due": "2026-04-01",
    }
    html = post(client, csrf, "/improvements/new", item).get_data(as_text=True)
    assert "The due date cannot be before the start." in html
    html = post(
        client, csrf, "/improvements/new", {**item, "due": "", "owner": "nobody@example.se"}
    ).get_data(as_text=True)
    assert "Not a valid choice" in html
    assert gone.active
    after = {m: rows(app, m) for m in before}
    assert after == before


def test_an_inactive_owner_cannot_be_chosen(app, client, csrf, login_as, world, factory):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(person=world["admin"])
    ghost = factory.person(org=world["dep"], email="ghost@example.se", name="Ghost", active=False)
    # Through the API (the page does not even offer the person).
    from tracker.services import ValidationError, improvements

    with app.app_context():
        with pytest.raises(ValidationError) as raised:
            improvements.create(
                db.session, {"code": "X1", "area": "SO1", "title": "T", "owner": ghost.email}, None
            )
        assert "deactivated" in str(raised.value.errors["owner"][0])
        db.session.rollback()


def test_a_lead_edits_only_description_and_goal(app, client, csrf, login_as, world):
    login_as(person=world["lead"])
    html = client.get("/areas/SO1/edit").get_data(as_text=True)
    assert 'name="description"' in html and 'name="lead"' not in html and 'name="code"' not in html
    response = post(
        client,
        csrf,
        "/areas/SO1/edit",
        {
            "description": "Ny beskrivning",
            "goal": "Nytt mål",
            "title": "Kapat",
            "lead": "co@example.se",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        area = db.session.scalar(select(StrategicArea).where(StrategicArea.code == "SO1"))
        assert (area.description, area.goal) == ("Ny beskrivning", "Nytt mål")
        assert area.title == "Attraktiv arbetsgivare" and area.lead.email == "lead@example.se"


def test_an_owner_edits_description_dates_and_state(app, client, csrf, login_as, world):
    login_as(person=world["co"])
    response = post(
        client,
        csrf,
        "/improvements/SO1-01/edit",
        {
            "description": "Mer",
            "start": "2026-02-01",
            "due": "2027-03-31",
            "state": "ongoing",
            "owner": "lead@example.se",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        item = db.session.scalar(select(Improvement).where(Improvement.code == "SO1-01"))
        assert item.due == date(2027, 3, 31) and item.state == ImprovementState.ONGOING
        assert item.owner.email == "co@example.se"


def test_a_member_who_does_not_lead_gets_403_and_nothing_changes(
    app, client, csrf, login_as, world
):
    login_as(person=world["co"])  # co-owner, not lead
    before = rows(app, AuditEvent)
    assert client.get("/areas/SO1/edit").status_code == 403
    assert (
        post(client, csrf, "/areas/SO1/edit", {"description": "x", "goal": "y"}).status_code == 403
    )
    assert post(client, csrf, "/areas/SO1/archive", {}).status_code == 403
    assert rows(app, AuditEvent) == before


def test_reassigning_an_owner_keeps_who_reported_before(
    app, client, csrf, login_as, world, factory
):
    factory.update(world["item"], "2026-09")
    login_as(person=world["admin"])
    data = {
        "code": "SO1-01",
        "area": "SO1",
        "title": "Gemensam rekrytering",
        "description": "",
        "owner": "lead@example.se",
        "deputy": "",
        "organisation": "",
        "state": "ongoing",
        "start": "2026-01-01",
        "due": "2026-12-31",
    }
    assert post(client, csrf, "/improvements/SO1-01/edit", data).status_code == 302
    with app.app_context():
        item = db.session.scalar(select(Improvement).where(Improvement.code == "SO1-01"))
        assert item.owner.email == "lead@example.se"
        from tracker.models import StatusUpdate

        update = db.session.scalar(select(StatusUpdate))
        assert update.author.email == "co@example.se"
        assert update.organisation.code == "SBO"  # as it was when reported


def test_a_deactivated_person_keeps_their_history_and_cannot_sign_in(
    app, client, csrf, login_as, world
):
    login_as(person=world["admin"])
    assert post(client, csrf, f"/people/{world['co'].id}/active", {}).status_code == 302
    with app.app_context():
        assert db.session.get(Person, world["co"].id).active is False
        assert (
            db.session.scalar(select(Improvement).where(Improvement.code == "SO1-01")).owner_id
            == world["co"].id
        )
    client.post("/logout", data={"csrf_token": csrf("/profile")})
    from tests.conftest import PASSWORD

    client.post(
        "/login", data={"email": "co@example.se", "password": PASSWORD, "csrf_token": csrf()}
    )
    assert client.get("/profile").status_code == 302


def test_find_improvements_with_the_filter_in_the_url(app, client, login_as, world, factory):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    from tracker.models import Status

    other = factory.improvement(world["area"], world["lead"], code="SO1-02", title="Chefsprogram")
    factory.update(world["item"], "2026-10", status=Status.OFF_TRACK)
    login_as(Role.MEMBER)
    html = client.get("/improvements?status=off_track").get_data(as_text=True)
    assert "Gemensam rekrytering" in html and "Chefsprogram" not in html
    html = client.get("/improvements?status=not_reported&owner=lead@example.se").get_data(
        as_text=True
    )
    assert "Chefsprogram" in html and "Gemensam rekrytering" not in html
    html = client.get("/improvements?organisation=SBO").get_data(as_text=True)
    assert "Gemensam rekrytering" in html and "Chefsprogram" not in html
    response = client.get("/improvements?area=NOPE&state=flying")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is no strategic area with the code NOPE." in html and "is not a state" in html
    assert other.code == "SO1-02"


def test_pages_query_counts_do_not_grow(client, login_as, factory, count_queries):
    made = factory.portfolio(areas=1, improvements_per_area=2)
    login_as(Role.ADMIN)

    def paths(m):
        return [
            "/ownership",
            "/improvements",
            f"/areas/{m.areas[0].code}",
            f"/improvements/{m.improvements[0].code}",
            f"/people/{m.people[0].id}",
            "/people",
            "/organisations",
            "/history",
        ]

    small = {}
    for path in paths(made):
        with count_queries() as counter:
            assert client.get(path).status_code == 200, path
        small[path] = counter.count
    bigger = factory.portfolio(
        areas=4, improvements_per_area=5, periods=("2026-08", "2026-09", "2026-10")
    )
    for area in bigger.areas:
        factory.improvement(area, made.people[0])
    for path_small, path_big in zip(paths(made), paths(made), strict=True):
        with count_queries() as counter:
            client.get(path_big)
        assert counter.count == small[path_small], (path_big, counter.statements)
