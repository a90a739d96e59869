"""Invariants that hold through every door (pages, API, command line): only group members and
admins lead, co-own, own or deputise what is in use, and the last active admin stays one."""

import functools
import threading
import time

import pytest
from sqlalchemy import func, select

from tests.conftest import post, together
from tracker.extensions import db
from tracker.models import AuditEvent, Improvement, Person, Role, StrategicArea
from tracker.services import ValidationError, improvements, people


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


@pytest.mark.parametrize(
    ("button", "model", "key"),
    [
        ("/improvements/SO1-01/archive", Improvement, "SO1-01"),
        ("/areas/SO1/archive", StrategicArea, "SO1"),
    ],
)
def test_the_restore_button_refuses_what_a_politician_would_hold(
    app, api, token_for, client, csrf, login_as, world, button, model, key
):
    token = token_for(person=world["admin"])
    api("PATCH", "/areas/SO1", token=token, body={"co_owners": []})
    api("PATCH", "/improvements/SO1-01", token=token, body={"owner": "lead@example.se"})
    api("PATCH", "/improvements/SO1-01", token=token, body={"archived": True})
    api("PATCH", "/areas/SO1", token=token, body={"archived": True})
    answer = api("PATCH", "/people/lead@example.se", token=token, body={"role": "politician"})
    assert answer.status_code == 200, answer.get_json()

    login_as(person=world["admin"])
    answer = post(client, csrf, button, {})
    assert answer.status_code == 422
    assert "Lena Lead är politiker" in answer.get_data(as_text=True)
    assert _get(app, model, code=key).archived is True


def test_two_admins_demoting_each_other_at_once_leave_one_and_no_error(
    app, factory, token_for, world
):
    """Each request locks the active admins' rows in one order before its own: they wait for
    each other (no deadlock on PostgreSQL), and the second sees the first's change."""
    second = factory.person(role=Role.ADMIN, email="second@example.se", name="Andra")
    tokens = {"admin": token_for(person=world["admin"]), "second": token_for(person=second)}
    for _round in range(3):
        barrier = threading.Barrier(2)
        statuses = {}

        def demote(who, target, barrier=barrier, statuses=statuses):
            client = app.test_client()
            barrier.wait(timeout=30)
            answer = client.patch(
                f"/api/v1/people/{target}",
                json={"role": "member"},
                headers={"Authorization": f"Bearer {tokens[who]}"},
            )
            statuses[who] = answer.status_code

        together(
            functools.partial(demote, "admin", "second@example.se"),
            functools.partial(demote, "second", "admin@example.se"),
        )
        # One demotion passes; the other is refused (422: the last admin), or, when its own
        # admin role was taken first, not allowed (403). Never an error.
        assert sorted(statuses.values()) in ([200, 403], [200, 422]), statuses
        with app.app_context():
            admins = db.session.scalars(
                select(Person).where(Person.role == Role.ADMIN, Person.active.is_(True))
            ).all()
            assert len(admins) == 1
            # Both admins again for the next round.
            for person in db.session.scalars(
                select(Person).where(Person.email.in_(["admin@example.se", "second@example.se"]))
            ):
                person.role = Role.ADMIN
            db.session.commit()


def _race(app, first, second, field):
    """``first`` writes and flushes; before it commits, ``second`` tries its own write, which
    must wait for it. Returns what became of ``second``: "saved", or the message at ``field``."""
    flushed, outcome = threading.Event(), {}

    def write_first():
        with app.app_context():
            first(db.session)
            db.session.flush()
            flushed.set()
            time.sleep(1.0)  # the second write comes now, while this is not yet committed
            db.session.commit()

    def write_second():
        flushed.wait(timeout=30)
        with app.app_context():
            try:
                second(db.session)
                db.session.commit()
                outcome["result"] = "saved"
            except ValidationError as error:
                db.session.rollback()
                outcome["result"] = str(error.errors[field][0])

    together(write_first, write_second)
    return outcome["result"]


def _make_deputy(session):
    """Nils Ny becomes deputy of SO1-01."""
    item = session.scalar(select(Improvement).where(Improvement.code == "SO1-01"))
    improvements.update(session, item, {"deputy": "ny@example.se"}, None)


def _make_politician(session):
    """Nils Ny's role becomes politician."""
    person = session.scalar(select(Person).where(Person.email == "ny@example.se"))
    people.update(session, person, {"role": "politician"}, None)


def test_a_role_change_waits_for_an_assignment_made_at_the_same_time(app, factory, world):
    """Someone is made deputy while, at the same moment, their role becomes politician: the
    role change waits for the assignment (the chosen deputy's row is share-locked; SQLite
    serialises writers) and then sees what they hold, so it is refused."""
    member = factory.person(org=world["dep"], email="ny@example.se", name="Nils Ny")
    result = _race(app, _make_deputy, _make_politician, "role")
    assert "SO1-01" in result
    assert _get(app, Person, email="ny@example.se").role == Role.MEMBER
    assert _get(app, Improvement, code="SO1-01").deputy_id == member.id


def test_an_assignment_waits_for_a_role_change_made_at_the_same_time(app, factory, world):
    """The other order: the role becomes politician and, before that is committed, the person
    is chosen as deputy. Choosing them waits for the role change (the share lock) and then
    sees the new role, so it is refused."""
    factory.person(org=world["dep"], email="ny@example.se", name="Nils Ny")
    result = _race(app, _make_politician, _make_deputy, "deputy")
    assert "politiker" in result or "politician" in result
    assert _get(app, Person, email="ny@example.se").role == Role.POLITICIAN
    assert _get(app, Improvement, code="SO1-01").deputy_id is None


def test_no_door_lets_an_admin_deactivate_themselves(app, api, token_for, factory, world):
    factory.person(role=Role.ADMIN, email="second@example.se")  # not the last admin
    token = token_for(person=world["admin"])
    answer = api("PATCH", "/people/admin@example.se", token=token, body={"active": False})
    assert answer.status_code == 422
    assert "deactivate yourself" in answer.get_json()["errors"]["active"]
    assert _get(app, Person, email="admin@example.se").active is True
