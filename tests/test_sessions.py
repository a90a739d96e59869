"""Sessions that end: sign-out, a new password, a new role and deactivation end every session
of the person; sign-in renews the session and its CSRF token; idle and absolute expiry on a
frozen clock; a /my report posted after expiry comes back after sign-in."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD, csrf_token_from
from tests.test_my import served
from tracker import sessions
from tracker.extensions import db
from tracker.models import KeptForm, Person, Role, StatusUpdate
from tracker.services import people

TODAY = date(2026, 11, 5)
START = datetime(2026, 11, 5, 8, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    """The sessions' clock, frozen at START; returns a function that moves it on."""
    now = {"at": START}
    monkeypatch.setattr(sessions, "clock", lambda: now["at"])

    def move(**delta):
        now["at"] += timedelta(**delta)

    return move


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
def test_a_change_to_the_person_ends_every_session_of_theirs(app, client, login_as, change):
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


def test_a_forged_session_is_signed_out(app, client, factory):
    person = factory.person(role=Role.ADMIN)
    with client.session_transaction() as session:
        session["_user_id"] = f"{person.id}:0"
        session[sessions.SIGNED_IN_AT] = session[sessions.SEEN_AT] = 0
    forged = cookie(client)
    # Signed with another key: the cookie is not the app's.
    app.secret_key = "another-secret-key-of-some-length"
    assert replay(app, forged).get("/admin").status_code == 302


def test_a_session_from_before_the_generations_is_signed_out(app, client, factory):
    person = factory.person(role=Role.ADMIN)
    with client.session_transaction() as session:
        session["_user_id"] = str(person.id)  # the old form of the id, without a generation
    assert client.get("/admin").status_code == 302


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
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(KeptForm)) == 0  # used once
    assert "You were signed out before" not in client.get("/my").get_data(as_text=True)
    assert client.post("/my", data=again).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StatusUpdate)) == 3


def test_a_kept_report_comes_back_only_to_its_own_author(
    app, client, login_as, earlier_reports, factory, today, clock
):
    login_as(person=earlier_reports["owner"])
    form = served(client.get("/my").get_data(as_text=True))
    form[f"{earlier_reports['keys']['first_nov']}-comment"] = "Only mine"
    clock(minutes=90)
    assert client.post("/my", data=form).status_code == 303
    someone = factory.person(role=Role.MEMBER)
    html = client.get("/login?next=/my").get_data(as_text=True)
    sign_in(client, someone, csrf_token_from(html), next="/my")
    assert "Only mine" not in client.get("/my").get_data(as_text=True)


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
