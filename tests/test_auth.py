"""Sign-in and sign-out through the real form, with CSRF."""

from sqlalchemy import func, select

from tests.conftest import PASSWORD
from tracker.extensions import db
from tracker.models import AuditEvent, Role

WRONG = "The email address or password is wrong."


def test_login_page_has_named_inputs_and_csrf(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in html
    assert 'name="password"' in html
    assert 'name="csrf_token"' in html


def test_sign_in_and_out(client, factory, csrf):
    person = factory.person(role=Role.MEMBER, name="Karin Lind")
    response = client.post(
        "/login", data={"email": person.email.upper(), "password": PASSWORD, "csrf_token": csrf()}
    )
    assert response.status_code == 302
    assert "Karin Lind" in client.get("/profile").get_data(as_text=True)
    response = client.post("/logout", data={"csrf_token": csrf("/profile")})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")
    assert client.get("/profile").status_code == 302  # signed out: sent to sign-in


def test_wrong_password_and_unknown_email_get_the_same_message(app, client, factory, csrf):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    person = factory.person()
    wrong_password = client.post(
        "/login", data={"email": person.email, "password": "not-it-at-all", "csrf_token": csrf()}
    ).get_data(as_text=True)
    unknown = client.post(
        "/login", data={"email": "nobody@example.se", "password": PASSWORD, "csrf_token": csrf()}
    ).get_data(as_text=True)
    assert WRONG in wrong_password
    assert WRONG in unknown
    assert client.get("/profile").status_code == 302


def test_wrong_password_message_in_swedish_by_default(client, factory, csrf):
    person = factory.person()
    html = client.post(
        "/login", data={"email": person.email, "password": "fel-lösenord", "csrf_token": csrf()}
    ).get_data(as_text=True)
    assert "E-postadressen eller lösenordet är fel." in html


def test_inactive_person_cannot_sign_in_and_loses_session(client, factory, csrf, login_as, app):
    person = factory.person(active=False)
    client.post("/login", data={"email": person.email, "password": PASSWORD, "csrf_token": csrf()})
    assert client.get("/profile").status_code == 302

    active = login_as(Role.MEMBER)
    assert client.get("/profile").status_code == 200
    with app.app_context():
        row = db.session.get(type(active), active.id)
        row.active = False
        db.session.commit()
    assert client.get("/profile").status_code == 302


def test_missing_csrf_token_is_refused_and_nothing_happens(app, client, factory):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    person = factory.person()
    response = client.post("/login", data={"email": person.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "The form had expired" in response.get_data(as_text=True)
    assert client.get("/profile").status_code == 302


def test_sign_out_needs_post_and_csrf(client, login_as):
    login_as(Role.MEMBER)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert client.get("/profile").status_code == 200  # still signed in


def test_next_is_followed_only_within_the_site(client, factory, csrf):
    person = factory.person()

    def sign_in(next_):
        data = {"email": person.email, "password": PASSWORD, "csrf_token": csrf(), "next": next_}
        return client.post("/login", data=data)

    response = sign_in("https://evil.example/phish")
    assert response.headers["Location"] == "/"
    client.post("/logout", data={"csrf_token": csrf("/profile")})
    response = sign_in("/profile")
    assert response.headers["Location"] == "/profile"


def test_start_page_sends_each_role_to_its_place(client, factory, login_as, csrf):
    assert client.get("/").headers["Location"].startswith("/login")

    politician = login_as(Role.POLITICIAN)
    assert client.get("/").headers["Location"] == "/summary"
    client.post("/logout", data={"csrf_token": csrf("/profile")})

    member = login_as(Role.MEMBER)  # owns nothing
    assert client.get("/").headers["Location"] == "/dashboard"
    client.post("/logout", data={"csrf_token": csrf("/profile")})

    org = factory.org()
    owner = factory.person(org=org)
    area = factory.area(lead=member)
    factory.improvement(area, owner)
    login_as(person=owner)
    assert client.get("/").headers["Location"] == "/my"
    assert politician.role == Role.POLITICIAN


def test_markup_in_a_name_is_shown_as_text(client, login_as):
    login_as(Role.MEMBER, name='<script>alert("x")</script>Eva')
    html = client.get("/profile").get_data(as_text=True)
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;Eva" in html


def test_failed_sign_in_writes_nothing(app, client, factory, csrf):
    person = factory.person()
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    client.post("/login", data={"email": person.email, "password": "x", "csrf_token": csrf()})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before
