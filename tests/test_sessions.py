"""Sessions that end: sign-out, a new password, a new role and deactivation end every session
of the person; sign-in renews the session and its CSRF token; idle and absolute expiry on a
frozen clock; a /my report posted after expiry comes back after sign-in."""

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import CLOCK_START, PASSWORD, csrf_token_from
from tests.test_my import served
from tracker import sessions
from tracker.extensions import db
from tracker.models import KeptForm, Person, Role, StatusUpdate
from tracker.services import people

TODAY = date(2026, 11, 5)


def cookie(client):
    return client.get_cookie("session").value


def replay(app, value):
    """A second browser that brings a copied session cookie."""
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def sign_in(client, person, token, next=""):
    data = {"email": person.email, "password": PASSWORD, "csrf_token": token, "next": next}
    return client.post("/login", data=data)


def test_a_cookie_copied_before_sign_out_opens_nothing_after_it(app, client, login_as, csrf):
    login_as(Role.ADMIN)
    copied = cookie(client)
    assert replay(app, copied).get("/admin").status_code == 200
    assert client.post("/logout", data={"csrf_token": csrf("/profile")}).status_code == 302
    thief = replay(app, copied)
    assert thief.get("/admin").status_code == 302
    assert thief.get("/api/v1/areas").status_code == 401


@pytest.mark.parametrize(
    "change",
    [
        lambda s, p: people.set_password(s, p, "a-brand-new-long-secret", hash_method="pbkdf2"),
        lambda s, p: people.update(s, p, {"active": False}, None),
        lambda s, p: people.update(s, p, {"role": "member"}, None),
    ],
    ids=["password", "deactivation", "role"],
)
def test_a_change_to_the_person_ends_every_session_of_theirs(
    app, client, login_as, factory, change
):
    factory.person(
        role=Role.ADMIN
    )  # another admin: the last one can be neither demoted nor deactivated
    admin = login_as(Role.ADMIN)
    copied = cookie(client)
    with app.app_context():
        change(db.session, db.session.get(Person, admin.id))
        db.session.commit()
    assert client.get("/admin").status_code == 302
    assert replay(app, copied).get("/profile").status_code == 302


def test_another_persons_change_leaves_a_session_alone(app, client, login_as, factory):
    login_as(Role.MEMBER)
    other = factory.person(role=Role.MEMBER)
    with app.app_context():
        people.update(db.session, db.session.get(Person, other.id), {"role": "admin"}, None)
        db.session.commit()
    assert client.get("/profile").status_code == 200


def test_sign_in_renews_the_session_and_its_csrf_token(app, client, factory, csrf):
    person = factory.person(role=Role.ADMIN)
    before = csrf()
    assert sign_in(client, person, before).status_code == 302
    after = csrf("/profile")
    assert after != before
    # A form token from before the sign-in writes nothing.
    response = client.post("/logout", data={"csrf_token": before})
    assert response.status_code == 400
    assert client.get("/admin").status_code == 200


def now_in_session(session, token):
    session["_user_id"] = token
    session[sessions.SIGNED_IN_AT] = session[sessions.SEEN_AT] = int(CLOCK_START.timestamp())


def test_a_forged_session_is_signed_out(app, client, factory, clock):
    person = factory.person(role=Role.ADMIN)
    with client.session_transaction() as session:
        now_in_session(session, person.get_id())
    made = cookie(client)
    assert replay(app, made).get("/admin").status_code == 200  # made with the app's key
    # The same cookie signed with another key is not the app's.
    key, app.secret_key = app.secret_key, "another-secret-key-of-some-length"
    with client.session_transaction() as session:
        now_in_session(session, person.get_id())
    app.secret_key = key
    assert replay(app, cookie(client)).get("/admin").status_code == 302


def test_a_session_from_before_the_generations_is_signed_out(app, client, factory, clock):
    person = factory.person(role=Role.ADMIN)
    with client.session_transaction() as session:
        now_in_session(session, str(person.id))  # the old form of the id, without a generation
    assert client.get("/admin").status_code == 302
    with client.session_transaction() as session:
        now_in_session(session, person.get_id())
    assert client.get("/admin").status_code == 200


def test_every_door_that_changes_a_role_or_a_password_ends_the_sessions(
    app, client, login_as, factory, csrf, runner, token_for, api
):
    member = factory.person(role=Role.MEMBER)
    theirs = app.test_client()
    sign_in(theirs, member, csrf_token_from(theirs.get("/login").get_data(as_text=True)))

    def still_in():
        return theirs.get("/profile").status_code == 200

    assert still_in()
    # The API: a new role.
    admin = login_as(Role.ADMIN)
    response = api("PATCH", f"/people/{member.email}", token_for(person=admin), {"role": "admin"})
    assert response.status_code == 200, response.get_json()
    assert not still_in()
    # The command line: a new password.
    sign_in(theirs, member, csrf_token_from(theirs.get("/login").get_data(as_text=True)))
    assert still_in()
    result = runner.invoke(
        args=["users", "set-password", member.email, "--password-stdin"],
        input=f"{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert not still_in()
    # The edit page: deactivated.
    sign_in(theirs, member, csrf_token_from(theirs.get("/login").get_data(as_text=True)))
    assert still_in()
    response = client.post(f"/people/{member.id}/active", data={"csrf_token": csrf("/profile")})
    assert response.status_code in (302, 303), response.status_code
    assert not still_in()


def test_idle_expiry_after_an_hour_without_requests(app, client, login_as, clock):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(Role.MEMBER)
    clock(minutes=59)
    assert client.get("/profile").status_code == 200  # a request: the hour starts again
    clock(minutes=59)
    assert client.get("/profile").status_code == 200
    clock(minutes=61)
    response = client.get("/profile")
    assert response.status_code == 302
    assert "/login?next=/profile" in response.headers["Location"]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You were signed out after 60 minutes without activity." in html
    assert client.get("/profile").status_code == 302


def test_the_keep_alive_request_keeps_a_session(app, client, login_as, clock):
    login_as(Role.MEMBER)
    for _ in range(3):
        clock(minutes=50)
        assert client.get("/session").status_code == 204
    assert client.get("/profile").status_code == 200


def test_absolute_expiry_after_twelve_hours_however_busy(app, client, login_as, clock):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(Role.MEMBER)
    for _ in range(23):
        clock(minutes=30)
        assert client.get("/profile").status_code == 200
    clock(minutes=31)  # 12 h 1 min after the sign-in
    response = client.get("/profile")
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You were signed out: a sign-in lasts 12 hours at the most." in html


def test_the_limits_are_settings(app, client, login_as, clock):
    app.config.update(SESSION_IDLE_MINUTES=5, SESSION_LIFETIME_HOURS=1)
    login_as(Role.MEMBER)
    clock(minutes=6)
    assert client.get("/profile").status_code == 302


def test_a_report_posted_after_expiry_comes_back_after_sign_in(
    app, client, login_as, earlier_reports, today, clock
):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    owner = login_as(person=earlier_reports["owner"])
    keys = earlier_reports["keys"]
    form = served(client.get("/my").get_data(as_text=True))
    text = "A long report, written over lunch <b>with care</b>."
    row = keys["first_nov"]
    form.update({f"{row}-status": "on_track", f"{row}-progress": "40", f"{row}-comment": text})
    clock(minutes=90)
    response = client.post("/my", data=form)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/login?next=/my")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StatusUpdate)) == 2  # none new
    html = client.get("/login?next=/my").get_data(as_text=True)
    assert "What you were sending is kept: sign in and you come back to it." in html

    response = sign_in(client, owner, csrf_token_from(html), next="/my")
    assert response.headers["Location"].endswith("/my")
    html = client.get("/my").get_data(as_text=True)
    assert "You were signed out before your reports were sent." in html
    assert "with care&lt;/b&gt;" in html  # the text as typed, shown as text
    again = served(html)
    assert (again[f"{row}-status"], again[f"{row}-progress"]) == ("on_track", "40")
    assert again[f"{row}-comment"] == text
    # Shown once; the copy goes when the report is saved.
    assert "You were signed out before" not in client.get("/my").get_data(as_text=True)
    assert client.post("/my", data=again).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StatusUpdate)) == 3
        assert db.session.scalar(select(func.count()).select_from(KeptForm)) == 0


def test_a_kept_report_comes_back_only_to_its_own_author(
    app, client, login_as, earlier_reports, factory, today, clock
):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(person=earlier_reports["owner"])
    form = served(client.get("/my").get_data(as_text=True))
    form[f"{earlier_reports['keys']['first_nov']}-comment"] = "Only mine"
    clock(minutes=90)
    assert client.post("/my", data=form).status_code == 303
    someone = factory.person(role=Role.ADMIN)
    html = client.get("/login?next=/my").get_data(as_text=True)
    sign_in(client, someone, csrf_token_from(html), next="/my")
    html = client.get("/my").get_data(as_text=True)
    assert "Only mine" not in html and "You were signed out before" not in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(KeptForm)) == 1


@pytest.mark.parametrize("between", ["/session", "/static/css/app.css", "/profile"])
def test_a_report_is_kept_even_when_other_requests_come_first(
    app, client, login_as, earlier_reports, today, clock, between
):
    """Back from lunch: the first keystroke asks for /session before the report is sent."""
    login_as(person=earlier_reports["owner"])
    form = served(client.get("/my").get_data(as_text=True))
    form[f"{earlier_reports['keys']['first_nov']}-comment"] = "Written before lunch"
    clock(minutes=90)
    assert client.get(between).status_code in (200, 302)
    assert client.post("/my", data=form).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(KeptForm)) == 1


def test_a_report_is_not_kept_long_after_the_session_was_last_used(
    app, client, login_as, earlier_reports, today, clock
):
    login_as(person=earlier_reports["owner"])
    form = served(client.get("/my").get_data(as_text=True))
    clock(minutes=90)
    client.get("/profile")  # the session ends
    clock(hours=13)
    assert client.post("/my", data=form).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(KeptForm)) == 0


def test_one_kept_report_a_person_and_it_goes_when_the_report_is_saved(
    app, client, login_as, earlier_reports, today, clock
):
    owner = login_as(person=earlier_reports["owner"])
    row = earlier_reports["keys"]["first_nov"]
    form = served(client.get("/my").get_data(as_text=True))
    form.update({f"{row}-status": "on_track", f"{row}-progress": "10"})
    clock(minutes=90)
    for text in ("first", "second"):
        form[f"{row}-comment"] = text
        assert client.post("/my", data=form).status_code == 303
    with app.app_context():
        assert db.session.scalars(select(KeptForm.data)).one().count("second") == 1
    html = client.get("/login?next=/my").get_data(as_text=True)
    sign_in(client, owner, csrf_token_from(html), next="/my")
    again = served(client.get("/my").get_data(as_text=True))
    assert again[f"{row}-comment"] == "second"
    assert client.post("/my", data=again).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(KeptForm)) == 0


def test_an_api_token_works_beside_an_ended_session_and_does_not_refresh_it(
    app, client, login_as, token_for, api, clock
):
    person = login_as(Role.MEMBER)
    token = token_for(person=person)
    clock(minutes=50)
    assert client.get("/profile").status_code == 200
    for _ in range(3):
        clock(minutes=50)
        response = client.get("/api/v1/areas", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200
    assert client.get("/profile").status_code == 302  # the token's calls kept nothing alive


def test_a_post_after_expiry_without_a_valid_csrf_token_keeps_nothing(
    app, client, login_as, earlier_reports, today, clock
):
    login_as(person=earlier_reports["owner"])
    form = served(client.get("/my").get_data(as_text=True))
    form["csrf_token"] = "forged"
    clock(minutes=90)
    assert client.post("/my", data=form).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(KeptForm)) == 0
