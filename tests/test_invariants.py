"""Invariants that hold through every door (pages, API, command line): only group members and
admins lead, co-own, own or deputise what is in use, and the last active admin stays one."""

import pytest
from sqlalchemy import func, select

from tests.conftest import post
from tracker.extensions import db
from tracker.models import AuditEvent, Improvement, Person, Role, StrategicArea


@pytest.fixture
def world(factory, one_improvement):
    """The one-improvement world, a politician, and an admin's token."""
    politician = factory.person(
        role=Role.POLITICIAN, email="pol@example.se", name="Petra Politiker"
    )
    return {**one_improvement, "politician": politician}


def _history_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEvent))


def _get(app, model, **key):
    with app.app_context():
        return db.session.scalar(select(model).filter_by(**key))


# Only group members and admins lead, co-own, own or deputise.


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/improvements/SO1-01", {"owner": "pol@example.se"}, "owner"),
        ("/improvements/SO1-01", {"deputy": "pol@example.se"}, "deputy"),
        ("/areas/SO1", {"lead": "pol@example.se"}, "lead"),
        ("/areas/SO1", {"co_owners": ["pol@example.se"]}, "co_owners"),
    ],
)
def test_the_api_refuses_a_politician_as_holder(app, api, token_for, world, path, body, field):
    token = token_for(person=world["admin"])
    before = _history_count(app)
    answer = api("PATCH", path, token=token, body=body)
    assert answer.status_code == 422
    assert "politician" in answer.get_json()["errors"][field]
    assert _history_count(app) == before
    assert _get(app, Improvement, code="SO1-01").owner_id == world["co"].id
    assert _get(app, StrategicArea, code="SO1").lead_id == world["lead"].id


def test_the_api_refuses_a_new_improvement_owned_by_a_politician(app, api, token_for, world):
    token = token_for(person=world["admin"])
    body = {"code": "SO1-02", "area": "SO1", "title": "Ny", "owner": "pol@example.se"}
    answer = api("POST", "/improvements", token=token, body=body)
    assert answer.status_code == 422
    assert "owner" in answer.get_json()["errors"]
    assert _get(app, Improvement, code="SO1-02") is None


def test_the_edit_page_refuses_a_politician_as_owner(app, client, csrf, login_as, world):
    login_as(person=world["admin"])
    page = client.get("/improvements/SO1-01/edit").get_data(as_text=True)
    assert "pol@example.se" not in page  # not offered
    answer = post(
        client,
        csrf,
        "/improvements/SO1-01/edit",
        {
            "code": "SO1-01",
            "area": "SO1",
            "title": "Gemensam rekrytering",
            "owner": "pol@example.se",
            "organisation": "SBO",
        },
    )
    assert answer.status_code == 422
    assert _get(app, Improvement, code="SO1-01").owner_id == world["co"].id


def test_someone_who_answers_for_something_cannot_become_a_politician(app, api, token_for, world):
    token = token_for(person=world["admin"])
    answer = api("PATCH", "/people/co@example.se", token=token, body={"role": "politician"})
    assert answer.status_code == 422
    message = answer.get_json()["errors"]["role"]
    assert "SO1" in message and "SO1-01" in message
    assert _get(app, Person, email="co@example.se").role == Role.MEMBER

    # Once someone else owns and co-owns, the role may change.
    api("PATCH", "/improvements/SO1-01", token=token, body={"owner": "lead@example.se"})
    api("PATCH", "/areas/SO1", token=token, body={"co_owners": []})
    answer = api("PATCH", "/people/co@example.se", token=token, body={"role": "politician"})
    assert answer.status_code == 200
    assert _get(app, Person, email="co@example.se").role == Role.POLITICIAN


def test_what_is_finished_does_not_hold_a_role_back_but_cannot_come_back(
    app, api, token_for, world
):
    """An archived improvement keeps its owner (a fact of its history), so the owner may
    become a politician; it cannot be restored to use until someone who may own it does."""
    token = token_for(person=world["admin"])
    api("PATCH", "/areas/SO1", token=token, body={"co_owners": []})
    assert (
        api("PATCH", "/improvements/SO1-01", token=token, body={"archived": True}).status_code
        == 200
    )
    answer = api("PATCH", "/people/co@example.se", token=token, body={"role": "politician"})
    assert answer.status_code == 200

    answer = api("PATCH", "/improvements/SO1-01", token=token, body={"archived": False})
    assert answer.status_code == 422
    assert "owner" in answer.get_json()["errors"]
    assert _get(app, Improvement, code="SO1-01").archived is True

    body = {"archived": False, "owner": "lead@example.se"}
    assert api("PATCH", "/improvements/SO1-01", token=token, body=body).status_code == 200


def test_the_command_line_refuses_to_make_an_owner_a_politician(app, runner, world):
    result = runner.invoke(args=["users", "set-role", "co@example.se", "politician"])
    assert result.exit_code == 1
    assert "SO1-01" in result.output
    assert _get(app, Person, email="co@example.se").role == Role.MEMBER


# The last active admin.


def test_the_api_refuses_to_demote_or_deactivate_the_last_admin(app, api, token_for, world):
    token = token_for(person=world["admin"])
    for body, field in (({"role": "member"}, "role"), ({"active": False}, "active")):
        answer = api("PATCH", "/people/admin@example.se", token=token, body=body)
        assert answer.status_code == 422
        assert "last active admin" in answer.get_json()["errors"][field]
    admin = _get(app, Person, email="admin@example.se")
    assert (admin.role, admin.active) == (Role.ADMIN, True)


def test_with_a_second_admin_the_first_may_step_down(app, api, token_for, factory, world):
    factory.person(role=Role.ADMIN, email="second@example.se")
    token = token_for(person=world["admin"])
    answer = api("PATCH", "/people/admin@example.se", token=token, body={"role": "member"})
    assert answer.status_code == 200
    assert _get(app, Person, email="admin@example.se").role == Role.MEMBER


def test_a_deactivated_admin_does_not_count(app, api, token_for, factory, world):
    factory.person(role=Role.ADMIN, email="gone@example.se", active=False)
    token = token_for(person=world["admin"])
    answer = api("PATCH", "/people/admin@example.se", token=token, body={"role": "member"})
    assert answer.status_code == 422


def test_the_edit_page_refuses_to_demote_the_last_admin(app, client, csrf, login_as, world):
    admin = world["admin"]
    login_as(person=admin)
    answer = post(
        client,
        csrf,
        f"/people/{admin.id}/edit",
        {
            "name": "Admin",
            "email": "admin@example.se",
            "title": "",
            "organisation": "BUF",
            "role": "member",
            "locale": "",
        },
    )
    assert answer.status_code == 422
    assert "är den sista aktiva administratören" in answer.get_data(as_text=True)
    assert _get(app, Person, email="admin@example.se").role == Role.ADMIN


def test_the_command_line_refuses_to_demote_or_deactivate_the_last_admin(app, runner, world):
    for args in (["set-role", "admin@example.se", "member"], ["deactivate", "admin@example.se"]):
        result = runner.invoke(args=["users", *args])
        assert result.exit_code == 1, result.output
        assert "last active admin" in result.output
    admin = _get(app, Person, email="admin@example.se")
    assert (admin.role, admin.active) == (Role.ADMIN, True)


def test_the_command_line_changes_roles_and_activity(app, runner, world):
    result = runner.invoke(args=["users", "set-role", "lead@example.se", "admin"])
    assert result.exit_code == 0, result.output
    assert "lead@example.se is now admin." in result.output
    result = runner.invoke(args=["users", "deactivate", "admin@example.se"])
    assert result.exit_code == 0, result.output
    assert _get(app, Person, email="admin@example.se").active is False
    result = runner.invoke(args=["users", "activate", "admin@example.se"])
    assert result.exit_code == 0, result.output
    assert _get(app, Person, email="admin@example.se").active is True
    result = runner.invoke(args=["users", "activate", "admin@example.se"])
    assert "no change" in result.output
    result = runner.invoke(args=["users", "deactivate", "nobody@example.se"])
    assert result.exit_code == 1
