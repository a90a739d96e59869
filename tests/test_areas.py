"""The order of the strategic areas: a new area goes last, and an admin moves areas up and
down; every page that lists areas follows that order."""

import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from tests.conftest import post, rows, saved
from tracker.extensions import db
from tracker.forms import ImprovementForm
from tracker.models import AuditEvent, Person, Role, StrategicArea
from tracker.services import NotAllowed, areas
from tracker.views import improvements as improvement_views
from tracker.views.common import form_values


def orders(app) -> dict[str, int]:
    with app.app_context():
        return dict(db.session.execute(select(StrategicArea.code, StrategicArea.order)).all())


def shown(html: str, codes) -> list[str]:
    """The codes in the order the page first shows them."""
    return sorted(codes, key=lambda c: html.index(f'id="area-{c}"'))


def events(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEvent))


@pytest.fixture
def three(factory):
    lead = factory.person(email="lead@example.se")
    for code, order in (("SO1", 1), ("SO2", 2), ("SO3", 3)):
        factory.area(lead, code=code, order=order)
    return lead


def test_a_new_area_goes_last_and_a_given_order_is_kept(app, three):
    with app.app_context():
        lead = db.session.get(Person, three.id)
        new = areas.create(db.session, {"code": "SO4", "title": "Ny", "lead": lead.email}, None)
        assert new.order == 4
        given = areas.create(
            db.session, {"code": "SO0", "title": "Först", "lead": lead.email, "order": 0}, None
        )
        assert given.order == 0
        db.session.commit()


def test_the_first_area_has_order_zero(app, factory):
    lead = factory.person(email="lead@example.se")
    with app.app_context():
        area = areas.create(db.session, {"code": "SO1", "title": "T", "lead": lead.email}, None)
        assert area.order == 0


def test_an_area_made_through_the_api_or_the_page_goes_last(
    app, client, csrf, login_as, api, token_for, three
):
    token = token_for(Role.ADMIN)
    response = api("POST", "/areas", token, {"code": "SO4", "title": "Ny", "lead": three.email})
    assert response.status_code == 201 and response.get_json()["order"] == 4
    assert [a["code"] for a in api("GET", "/areas", token).get_json()["items"]][-1] == "SO4"
    login_as(Role.ADMIN)
    saved(
        client,
        csrf,
        "/areas/new",
        {"code": "SO5", "title": "Sist", "lead": three.email, "order": ""},
    )
    assert orders(app)["SO5"] == 5
    html = client.get("/portfolio").get_data(as_text=True)
    assert shown(html, ["SO1", "SO2", "SO3", "SO4", "SO5"]) == ["SO1", "SO2", "SO3", "SO4", "SO5"]


def test_an_admin_moves_an_area_on_the_portfolio_and_the_dashboard_follows(
    app, client, csrf, login_as, three
):
    login_as(Role.ADMIN)
    response = client.post("/areas/SO3/move/up", data={"csrf_token": csrf("/portfolio")})
    assert response.status_code == 302
    # Back on the portfolio, at the button that was pressed.
    assert response.headers["Location"].endswith("/portfolio#move-up-SO3")
    assert orders(app) == {"SO1": 1, "SO2": 3, "SO3": 2}
    html = client.get("/portfolio").get_data(as_text=True)
    assert shown(html, ["SO1", "SO2", "SO3"]) == ["SO1", "SO3", "SO2"]
    assert 'id="move-up-SO3"' in html
    dashboard = client.get("/dashboard").get_data(as_text=True)
    first = {c: dashboard.index(f">{c}") for c in ("SO1", "SO2", "SO3")}
    assert sorted(first, key=first.get) == ["SO1", "SO3", "SO2"]
    # Down to the end: the focus goes to the button that is left, "Move up".
    response = client.post("/areas/SO3/move/down", data={"csrf_token": csrf("/portfolio")})
    assert response.headers["Location"].endswith("/portfolio#move-up-SO3")
    assert orders(app) == {"SO1": 1, "SO2": 2, "SO3": 3}
    with app.app_context():
        changes = db.session.scalars(
            select(AuditEvent).where(AuditEvent.field == "order").order_by(AuditEvent.id)
        ).all()
        codes = dict(db.session.execute(select(StrategicArea.id, StrategicArea.code)).all())
        assert [(codes[e.entity_id], e.old_value, e.new_value) for e in changes][-2:] == [
            ("SO2", "3", "2"),
            ("SO3", "2", "3"),
        ]


def test_moving_the_first_up_or_the_last_down_changes_nothing(app, client, csrf, login_as, three):
    login_as(Role.ADMIN)
    before = events(app)
    client.post("/areas/SO1/move/up", data={"csrf_token": csrf("/portfolio")})
    response = client.post("/areas/SO3/move/down", data={"csrf_token": csrf("/portfolio")})
    assert response.headers["Location"].endswith("/portfolio#move-up-SO3")
    assert orders(app) == {"SO1": 1, "SO2": 2, "SO3": 3}
    assert events(app) == before


def test_equal_orders_are_numbered_so_that_a_move_shows(app, factory):
    lead = factory.person()
    for code in ("B", "A", "C"):
        factory.area(lead, code=code)  # all order 0, as areas were made before
    with app.app_context():
        c = db.session.scalar(select(StrategicArea).where(StrategicArea.code == "C"))
        assert areas.move(db.session, c, -1, None)
        db.session.commit()
    assert orders(app) == {"A": 1, "C": 2, "B": 3}


def test_archived_areas_are_passed_over(app, factory):
    lead = factory.person()
    for code, order, archived in (("A", 1, False), ("B", 2, True), ("C", 3, False)):
        factory.area(lead, code=code, order=order, archived=archived)
    with app.app_context():
        c = db.session.scalar(select(StrategicArea).where(StrategicArea.code == "C"))
        assert areas.move(db.session, c, -1, None)
        db.session.commit()
    assert orders(app) == {"C": 1, "A": 2, "B": 3}


@pytest.mark.parametrize("role", [Role.MEMBER, Role.POLITICIAN])
def test_only_an_admin_moves_areas(app, client, csrf, login_as, three, role):
    login_as(role)
    before = events(app)
    assert client.post("/areas/SO2/move/up", data={"csrf_token": csrf()}).status_code == 403
    assert orders(app) == {"SO1": 1, "SO2": 2, "SO3": 3}
    assert events(app) == before
    with app.app_context():
        member = db.session.get(Person, three.id)
        area = db.session.scalar(select(StrategicArea).where(StrategicArea.code == "SO2"))
        with pytest.raises(NotAllowed):
            areas.move(db.session, area, -1, member)


def test_the_buttons_are_for_admins_only(client, login_as, three):
    login_as(Role.MEMBER)
    html = client.get("/portfolio").get_data(as_text=True)
    assert "move-up-" not in html and "/move/" not in html


def test_the_admin_sees_move_up_except_on_the_first_and_move_down_except_on_the_last(
    client, login_as, three
):
    login_as(Role.ADMIN)
    html = client.get("/portfolio").get_data(as_text=True)
    assert re.findall(r'id="(move-(?:up|down)-SO\d)"', html) == [
        "move-down-SO1",
        "move-up-SO2",
        "move-down-SO2",
        "move-up-SO3",
    ]


def test_form_values_take_the_named_fields_as_a_service_takes_them(app):
    """An edit view sends form.data filtered by what the person may change: an empty text as "",
    an empty choice as None, a multiple choice as a list; a field not named (the CSRF token, the
    version the form was opened at) never."""
    sent = MultiDict({"code": "X1", "title": "T", "deputy": "", "state": "planned", "version": "3"})
    with app.test_request_context(method="POST"):
        form = ImprovementForm(formdata=sent)
        data = form_values(form, improvement_views.FIELDS)
        assert "csrf_token" in form and "csrf_token" not in data
        assert "version" in form and "version" not in data
        assert set(data) == {f.short_name for f in form} - {"csrf_token", "version"}
        assert {k: data[k] for k in ("code", "description", "deputy", "organisations")} == {
            "code": "X1",
            "description": "",
            "deputy": None,
            "organisations": [],
        }
        assert form_values(form, {"description", "due"}) == {"description": "", "due": None}


def test_a_lead_edits_only_description_and_goal(app, client, csrf, login_as, one_improvement):
    login_as(person=one_improvement["lead"])
    html = client.get("/areas/SO1/edit").get_data(as_text=True)
    assert 'name="description"' in html and 'name="lead"' not in html and 'name="code"' not in html
    saved(
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
    with app.app_context():
        area = db.session.scalar(select(StrategicArea).where(StrategicArea.code == "SO1"))
        assert (area.description, area.goal) == ("Ny beskrivning", "Nytt mål")
        assert area.title == "Attraktiv arbetsgivare" and area.lead.email == "lead@example.se"


def test_a_member_who_does_not_lead_gets_403_and_nothing_changes(
    app, client, csrf, login_as, one_improvement
):
    login_as(person=one_improvement["co"])  # co-owner, not lead
    before = rows(app, AuditEvent)
    assert client.get("/areas/SO1/edit").status_code == 403
    assert (
        post(client, csrf, "/areas/SO1/edit", {"description": "x", "goal": "y"}).status_code == 403
    )
    assert post(client, csrf, "/areas/SO1/archive", {}).status_code == 403
    assert rows(app, AuditEvent) == before
