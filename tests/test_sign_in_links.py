"""Single-use sign-in links: invitations, password resets and the command line's sign-in link.
The service without HTTP (tampered, unknown, used, expired, replaced, inactive, simultaneous
uses), then the pages, the API and the command line."""

import functools
import logging
import re
import threading
from datetime import timedelta

import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy import func, select

from tests.conftest import CLOCK_START, PASSWORD, SECRET, csrf_token_from, together
from tests.worlds import FakeSMTP
from tracker.extensions import db
from tracker.models import AuditEvent, Person, Role, SignInLink
from tracker.services import ValidationError, people, personal_data, sign_in_links
from tracker.services.sign_in_links import INVITATION, LOGIN, RESET, Refusal

NEW_PASSWORD = "tranbär-kanot-fönster-glädje"
LINK = re.compile(r"http://[^\s\"<]+/(?:password|login/link)/[A-Za-z0-9_.\-]+")


def _person(app, person):
    return db.session.get(Person, person.id)


def _make(app, person, purpose=INVITATION, now=CLOCK_START, by=None):
    with app.app_context():
        token = sign_in_links.make(
            db.session, _person(app, person), purpose, now, secret_key=SECRET, by=by
        )
        db.session.commit()
        return token


def _check(app, token, purpose=INVITATION, now=CLOCK_START):
    with app.app_context():
        found = sign_in_links.check(db.session, token, purpose, now, SECRET)
        return found if isinstance(found, Refusal) else found.id


def _use(app, token, purpose=INVITATION, now=CLOCK_START):
    with app.app_context():
        used = sign_in_links.use(db.session, token, purpose, now, SECRET)
        db.session.commit()
        return used if isinstance(used, Refusal) else used.id


def _rows(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def newcomer(factory):
    """A member without a password, as an admin adds them."""
    return factory.person(email="ny@example.se", name="Nora Ny", password=None)


@pytest.fixture
def logged(app):
    """The app's log records while the test runs (the suite runs without pytest's logging)."""
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    app.logger.addHandler(handler)
    yield records
    app.logger.removeHandler(handler)


@pytest.fixture
def mailbox(app, monkeypatch):
    app.config["MAIL_SERVER"] = "mail.example.se"
    FakeSMTP.sent = []
    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    return FakeSMTP.sent


# The service.


def test_a_link_works_until_used_and_only_its_hash_is_stored(app, newcomer):
    token = _make(app, newcomer)
    assert _check(app, token) == _check(app, token)  # checking does not use it
    with app.app_context():
        row = db.session.scalars(select(SignInLink)).one()
        assert row.purpose == INVITATION and row.used_at is None
        assert row.expires_at - row.created_at == timedelta(days=7)
        secret = URLSafeSerializer(SECRET, salt="sign-in-link:invitation").loads(token)
        assert len(row.token_hash) == 64 and secret not in row.token_hash
        assert token not in row.token_hash
    assert isinstance(_use(app, token), int)
    assert _use(app, token) is Refusal.USED
    assert _check(app, token) is Refusal.USED


def test_lifetimes_by_purpose(app, newcomer):
    for purpose, lifetime in ((INVITATION, timedelta(days=7)), (RESET, timedelta(hours=1)),
                              (LOGIN, timedelta(minutes=15))):  # fmt: skip
        token = _make(app, newcomer, purpose)
        last = CLOCK_START + lifetime - timedelta(seconds=1)
        assert isinstance(_check(app, token, purpose, last), int)
        assert _check(app, token, purpose, CLOCK_START + lifetime) is Refusal.EXPIRED
        assert _use(app, token, purpose, CLOCK_START + lifetime) is Refusal.EXPIRED


def test_a_tampered_link_is_told_at_once(app, newcomer):
    token = _make(app, newcomer)
    body, _dot, signature = token.rpartition(".")
    flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    for bad in (f"{body}.{flipped}", token[:-3], "x" + token, "not-a-link", ""):
        assert _check(app, bad) is Refusal.TAMPERED, bad
    # Signed for another purpose: a login link does not choose a password, nor the reverse.
    assert _check(app, token, LOGIN) is Refusal.TAMPERED
    assert _check(app, token, (INVITATION, RESET)) != Refusal.TAMPERED


def test_a_link_signed_with_the_key_but_never_made_is_unknown(app, newcomer):
    forged = URLSafeSerializer(SECRET, salt="sign-in-link:invitation").dumps("made-up-secret")
    assert _check(app, forged) is Refusal.UNKNOWN
    assert _use(app, forged) is Refusal.UNKNOWN


def test_a_newer_link_replaces_the_older_of_its_purpose_only(app, newcomer):
    first = _make(app, newcomer, INVITATION)
    reset = _make(app, newcomer, RESET)
    second = _make(app, newcomer, INVITATION, CLOCK_START + timedelta(minutes=1))
    assert _check(app, first) is Refusal.REPLACED
    assert _use(app, first) is Refusal.REPLACED
    assert isinstance(_check(app, reset, RESET), int)
    assert isinstance(_use(app, second), int)


def test_links_made_at_once_leave_exactly_one_that_works(app, newcomer):
    tokens = []

    def make():
        tokens.append(_make(app, newcomer, RESET))

    together(*([make] * 4))
    assert len(tokens) == 4
    working = [t for t in tokens if not isinstance(_check(app, t, RESET), Refusal)]
    assert len(working) == 1


def test_two_simultaneous_uses_let_exactly_one_through(app, newcomer):
    for _round in range(3):
        token = _make(app, newcomer, LOGIN)
        barrier, outcomes = threading.Barrier(2), []

        def use(token=token, barrier=barrier, outcomes=outcomes):
            barrier.wait(timeout=30)
            outcomes.append(_use(app, token, LOGIN))

        together(use, use)
        assert sorted(map(str, outcomes))[1] == str(Refusal.USED), outcomes
        assert len([o for o in outcomes if isinstance(o, int)]) == 1, outcomes


def test_an_inactive_or_pseudonymised_persons_link_never_works(app, newcomer, factory):
    token = _make(app, newcomer)
    with app.app_context():
        _person(app, newcomer).active = False
        db.session.commit()
    assert _check(app, token) is Refusal.INACTIVE
    assert _use(app, token) is Refusal.INACTIVE
    admin = factory.person(role=Role.ADMIN)
    with app.app_context():
        personal_data.pseudonymise(
            db.session, _person(app, newcomer), "KS 2026/1", CLOCK_START.date(), None
        )
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(SignInLink)) == 0
        with pytest.raises(ValidationError):
            sign_in_links.login_link(db.session, _person(app, newcomer), CLOCK_START, app.config)
    assert _check(app, token) is Refusal.UNKNOWN
    assert admin  # the pseudonymisation needs another admin to exist


def test_a_password_set_any_way_ends_the_persons_open_password_links(app, newcomer):
    """Through a link, by an admin or on the command line (people.set_password): the open
    invitation and reset links end with it; a sign-in link does not choose a password and
    stays."""
    invitation = _make(app, newcomer, INVITATION)
    reset = _make(app, newcomer, RESET)
    login = _make(app, newcomer, LOGIN)
    with app.app_context():
        people.set_password(
            db.session,
            _person(app, newcomer),
            NEW_PASSWORD,
            hash_method="pbkdf2:sha256:1000",
            now=CLOCK_START,
        )
        db.session.commit()
    assert _check(app, invitation) is Refusal.EXPIRED
    assert _check(app, reset, RESET) is Refusal.EXPIRED
    assert isinstance(_check(app, login, LOGIN), int)


def test_a_new_email_ends_every_open_link_of_the_person(app, newcomer):
    """An invitation sent to a mistyped address stops working when the admin corrects it:
    whoever reads the old mailbox cannot choose the person's password."""
    tokens = {purpose: _make(app, newcomer, purpose) for purpose in (INVITATION, RESET, LOGIN)}
    with app.app_context():
        people.update(db.session, _person(app, newcomer), {"name": "Nora Ny"}, None)
        db.session.commit()
    assert all(isinstance(_check(app, t, p), int) for p, t in tokens.items())  # no new email
    with app.app_context():
        person = _person(app, newcomer)
        people.update(db.session, person, {"email": "nora@example.se"}, None, now=CLOCK_START)
        db.session.commit()
    assert {p: _check(app, t, p) for p, t in tokens.items()} == dict.fromkeys(
        tokens, Refusal.EXPIRED
    )
    fresh = _make(app, newcomer, INVITATION)  # one sent to the new address works
    assert isinstance(_check(app, fresh), int)


def test_a_link_made_before_deactivation_stays_void_after_reactivation(app, newcomer):
    token = _make(app, newcomer, LOGIN)
    with app.app_context():
        people.update(db.session, _person(app, newcomer), {"active": False}, None, now=CLOCK_START)
        db.session.commit()
    assert _check(app, token, LOGIN) is Refusal.INACTIVE
    with app.app_context():
        people.update(db.session, _person(app, newcomer), {"active": True}, None, now=CLOCK_START)
        db.session.commit()
    assert _check(app, token, LOGIN) is Refusal.EXPIRED


def test_the_export_names_the_links_without_their_hashes(app, newcomer):
    token = _make(app, newcomer, INVITATION)
    _use(app, token)
    with app.app_context():
        document = personal_data.export(db.session, _person(app, newcomer))
    (link,) = document["sign_in_links"]
    assert link["purpose"] == "invitation" and link["used_at"] and link["expires_at"]
    assert "token_hash" not in link and token not in str(document)


# The pages.


def _form(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return csrf_token_from(response.get_data(as_text=True))


def _choose(client, token, password=NEW_PASSWORD, again=None):
    csrf = _form(client, f"/password/{token}")
    return client.post(
        f"/password/{token}",
        data={"password": password, "password_again": again or password, "csrf_token": csrf},
    )


def _signed_in(client):
    return client.get("/profile").status_code == 200


def _password_hash(app, person):
    with app.app_context():
        return db.session.get(Person, person.id).password_hash


def test_opening_the_link_does_not_use_it_and_choosing_a_password_signs_in(
    app, client, newcomer, clock
):
    token = _make(app, newcomer)
    for _ in range(3):  # a mail scanner, then the person, then again
        page = client.get(f"/password/{token}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "Välkommen, Nora Ny" in text
        assert page.headers["Referrer-Policy"] == "no-referrer"
        assert page.headers["Cache-Control"] == "no-store"
    response = _choose(client, token)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert _signed_in(client)
    with app.app_context():
        person = _person(app, newcomer)
        assert person.password_hash is not None
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.entity_id == person.id)
        ).all()
        assert {"use_sign_in_link", "set_password"} <= set(actions)
    # Once: the link is used.
    other = app.test_client()
    again = other.get(f"/password/{token}")
    assert again.status_code == 410
    assert "Länken har redan använts" in again.get_data(as_text=True)


def test_a_password_the_policy_refuses_uses_nothing(app, client, newcomer, clock):
    token = _make(app, newcomer)
    for password, again, message in (
        ("kort", "kort", "minst 12 tecken"),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "Lösenorden stämmer inte överens."),
        ("password1234", "password1234", ""),
    ):
        response = _choose(client, token, password, again)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert _password_hash(app, newcomer) is None and not _signed_in(client)
    assert isinstance(_check(app, token), int)  # still unused
    assert _choose(client, token).status_code == 302


@pytest.mark.parametrize(
    "reason", ["tampered", "unknown", "used", "expired", "replaced", "inactive"]
)
def test_every_refusal_says_why_signs_no_one_in_and_writes_nothing(
    app, client, factory, newcomer, clock, logged, reason
):
    token = _make(app, newcomer, RESET)
    if reason == "tampered":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif reason == "unknown":
        token = URLSafeSerializer(SECRET, salt="sign-in-link:reset").dumps("never-made")
    elif reason == "used":
        _use(app, token, RESET)
    elif reason == "expired":
        clock(hours=1)
    elif reason == "replaced":
        _make(app, newcomer, RESET)
    elif reason == "inactive":
        with app.app_context():
            _person(app, newcomer).active = False
            db.session.commit()
    before = (_rows(app, AuditEvent), _rows(app, SignInLink), _password_hash(app, newcomer))
    words = {
        "tampered": "ofullständig eller kommer inte från oss",
        "unknown": "inte giltig längre",
        "used": "redan använts",
        "expired": "gått ut",
        "replaced": "nyare länk",
        "inactive": "inte aktivt",
    }
    page = client.get(f"/password/{token}")
    assert page.status_code in (404, 410)
    assert words[reason] in page.get_data(as_text=True)
    csrf = _form(client, "/password/forgot")
    response = client.post(
        f"/password/{token}",
        data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD, "csrf_token": csrf},
    )
    assert response.status_code in (404, 410)
    assert words[reason] in response.get_data(as_text=True)
    assert not _signed_in(client)
    after = (_rows(app, AuditEvent), _rows(app, SignInLink), _password_hash(app, newcomer))
    assert after == before
    warnings = [r.getMessage() for r in logged if "sign-in link refused" in r.getMessage()]
    assert len(warnings) == 2 and all(reason in w for w in warnings)


def test_a_reset_link_works_once_and_ends_another_open_session(app, factory, clock):
    member = factory.person(email="m@example.se", name="Maja Medlem")
    elsewhere = app.test_client()
    csrf = _form(elsewhere, "/login")
    elsewhere.post("/login", data={"email": member.email, "password": PASSWORD, "csrf_token": csrf})
    assert _signed_in(elsewhere)
    token = _make(app, member, RESET)
    here = app.test_client()
    page = here.get(f"/password/{token}").get_data(as_text=True)
    assert "Välj ett nytt lösenord" in page
    assert _choose(here, token).status_code == 302
    assert _signed_in(here) and not _signed_in(elsewhere)
    assert app.test_client().get(f"/password/{token}").status_code == 410


def test_the_login_link_page_asks_first_and_signs_in_once(app, client, factory, clock):
    member = factory.person(email="m@example.se", name="Maja Medlem")
    token = _make(app, member, LOGIN)
    page = client.get(f"/login/link/{token}")
    assert page.status_code == 200 and "Logga in som Maja Medlem" in page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert not _signed_in(client)
    csrf = csrf_token_from(page.get_data(as_text=True))
    response = client.post(f"/login/link/{token}", data={"csrf_token": csrf})
    assert response.status_code == 302 and _signed_in(client)
    other = app.test_client()
    assert other.get(f"/login/link/{token}").status_code == 410
    # A login link does not choose a password, nor an invitation sign in.
    assert other.get(f"/password/{_make(app, member, LOGIN)}").status_code == 404
    assert other.get(f"/login/link/{_make(app, member, RESET)}").status_code == 404
    # Without the CSRF token nothing happens.
    fresh = _make(app, member, LOGIN)
    assert other.post(f"/login/link/{fresh}").status_code == 400
    assert isinstance(_check(app, fresh, LOGIN), int)


# Invitations: the page, the API, the command line.


def _add(client, csrf, invite=True, email="ny@example.se", locale=""):
    data = {"name": "Nora Ny", "email": email, "role": "member", "organisation": "",
            "locale": locale, "csrf_token": csrf()}  # fmt: skip
    if invite:
        data["invite"] = "y"
    return client.post("/people/new", data=data)


def test_without_a_mail_server_the_admin_sees_the_link_once(app, client, csrf, login_as, clock):
    login_as(Role.ADMIN)
    page = client.get("/people/new").get_data(as_text=True)
    assert re.search(r'<input checked id="invite" name="invite" type="checkbox"', page)
    response = _add(client, csrf)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    assert "Inbjudan kunde inte skickas med e-post" in text
    # First that the person was added; the link in the neutral notice, whole, with a button
    # that copies it (static/js/tools.js).
    assert text.index("Nora Ny har lagts till.") < text.index("Inbjudan kunde inte skickas")
    assert 'class="notice shown-link"' in text and "new-secret" not in text
    assert re.search(r'<pre id="invitation-link" class="secret">http://[^<]+</pre>', text)
    assert 'data-copy="invitation-link"' in text and "js/tools.js" in text
    url = LINK.search(text).group(0)
    assert url.startswith(app.config["BASE_URL"] + "/password/")
    token = url.rsplit("/", 1)[1]
    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.email == "ny@example.se"))
        link = db.session.scalars(select(SignInLink)).one()
        assert link.emailed is False and link.created_by_id is not None
        assert token not in link.token_hash
        pid = person.id
    shown = client.get(f"/people/{pid}").get_data(as_text=True)
    assert token not in shown and "för att lämnas över själv" in shown
    assert "har lagts till" not in shown and "js/tools.js" not in shown
    assert "Skapade en inbjudan att lämna över själv." in shown  # the history
    assert "Skicka igen" in shown
    # The person uses it.
    member = app.test_client()
    assert _choose(member, token).status_code == 302 and _signed_in(member)
    shown = client.get(f"/people/{pid}").get_data(as_text=True)
    assert "Accepterad" in shown and "Skicka igen" not in shown
    assert "Accepterade inbjudan." in shown


def test_the_invitation_email_is_in_the_persons_language(
    app, client, csrf, login_as, clock, mailbox
):
    login_as(Role.ADMIN)
    response = _add(client, csrf, email="en@example.se", locale="en")
    assert response.status_code == 302
    response = _add(client, csrf, email="sv@example.se")
    assert response.status_code == 302
    english, swedish = mailbox
    assert english["To"] == "en@example.se" and english["Subject"] == (
        "You are invited to Group portfolio"
    )
    assert swedish["Subject"] == "Du är inbjuden till Koncernportföljen"
    body = swedish.get_content()
    assert "Hej Nora Ny," in body and "Länken kan användas en gång och gäller till" in body
    assert "Choose your password here:" in english.get_content()
    token = LINK.search(body).group(0).rsplit("/", 1)[1]
    with app.app_context():
        pid = db.session.scalar(select(Person.id).where(Person.email == "sv@example.se"))
        assert db.session.scalars(
            select(SignInLink.emailed).where(SignInLink.person_id == pid)
        ).one()
    shown = client.get(f"/people/{pid}").get_data(as_text=True)
    assert "Skickad med e-post" in shown and token not in shown
    assert "Skickade en inbjudan med e-post." in shown  # the history
    # Send again: a new link, the older one replaced.
    csrf_value = csrf_token_from(shown)
    assert client.post(f"/people/{pid}/invite", data={"csrf_token": csrf_value}).status_code == 302
    assert len(mailbox) == 3
    newer = LINK.search(mailbox[2].get_content()).group(0).rsplit("/", 1)[1]
    assert newer != token
    old = app.test_client().get(f"/password/{token}")
    assert old.status_code == 410 and "nyare länk" in old.get_data(as_text=True)
    assert app.test_client().get(f"/password/{newer}").status_code == 200


def test_a_refused_email_shows_the_link_instead(app, client, csrf, login_as, clock, monkeypatch):
    class Refusing(FakeSMTP):
        def send_message(self, message):
            raise OSError("connection refused")

    app.config["MAIL_SERVER"] = "mail.example.se"
    monkeypatch.setattr("smtplib.SMTP", Refusing)
    login_as(Role.ADMIN)
    response = _add(client, csrf)
    assert response.status_code == 200 and LINK.search(response.get_data(as_text=True))


def test_no_invitation_for_someone_with_a_password_or_inactive(
    app, client, csrf, login_as, factory, clock
):
    login_as(Role.ADMIN)
    member = factory.person(name="Har Lösen")
    gone = factory.person(name="Gone Away", password=None)
    with app.app_context():
        _person(app, gone).active = False
        db.session.commit()
    for person, words in ((member, "har redan ett lösenord"), (gone, "är inte aktiv")):
        assert "Skicka en inbjudan" not in client.get(f"/people/{person.id}").get_data(as_text=True)
        response = client.post(f"/people/{person.id}/invite", data={"csrf_token": csrf()})
        assert response.status_code == 422 and words in response.get_data(as_text=True)
    assert _rows(app, SignInLink) == 0
    # Added without an invitation: a button to send one.
    assert _add(client, csrf, invite=False).status_code == 302
    with app.app_context():
        pid = db.session.scalar(select(Person.id).where(Person.email == "ny@example.se"))
    page = client.get(f"/people/{pid}").get_data(as_text=True)
    assert "Inte inbjuden än." in page and "Skicka en inbjudan" in page


def test_the_api_invites(app, api, token_for, clock, mailbox):
    secret = token_for(Role.ADMIN)
    body = {"email": "api@example.se", "name": "Api Person", "role": "member", "invite": True}
    response = api("POST", "/people", secret, body)
    assert response.status_code == 201, response.get_json()
    invitation = response.get_json()["invitation"]
    assert invitation["emailed"] is True and invitation["url"] is None
    assert [m["To"] for m in mailbox] == ["api@example.se"]
    app.config["MAIL_SERVER"] = None
    body = {**body, "email": "hand@example.se"}
    invitation = api("POST", "/people", secret, body).get_json()["invitation"]
    assert invitation["emailed"] is False and "/password/" in invitation["url"]
    assert app.test_client().get(invitation["url"].split("5000", 1)[1]).status_code == 200
    # Without "invite": no invitation, as before.
    plain = api("POST", "/people", secret, {**body, "email": "plain@example.se", "invite": False})
    assert plain.status_code == 201 and plain.get_json().get("invitation") is None
    # Someone who cannot be invited is not created either.
    refused = api("POST", "/people", secret, {**body, "email": "off@example.se", "active": False})
    assert refused.status_code == 422 and "invite" in refused.get_json()["errors"]
    with app.app_context():
        assert db.session.scalar(select(Person).where(Person.email == "off@example.se")) is None


def test_the_command_line_invites_and_prints_a_login_link(app, runner, factory, clock):
    factory.person(email="ny@example.se", name="Nora Ny", password=None)
    result = runner.invoke(args=["users", "invite", "ny@example.se"])
    assert result.exit_code == 0, result.output
    assert "could not be emailed" in result.output
    url = result.output.strip().splitlines()[-1]
    assert url.startswith("http://127.0.0.1:5000/password/")
    result = runner.invoke(args=["users", "invite", "nobody@example.se"])
    assert result.exit_code != 0 and "No person has the email" in result.output
    result = runner.invoke(args=["users", "login-link", "ny@example.se"])
    assert result.exit_code == 0 and "until 2026-11-05 08:15 UTC" in result.output
    login = result.output.strip().splitlines()[-1]
    assert login.startswith("http://127.0.0.1:5000/login/link/")
    client = app.test_client()
    path = login.removeprefix("http://127.0.0.1:5000")
    csrf = csrf_token_from(client.get(path).get_data(as_text=True))
    assert client.post(path, data={"csrf_token": csrf}).status_code == 302
    assert _signed_in(client)
    assert app.test_client().get(path).status_code == 410
    # Someone with a password needs no invitation.
    factory.person(email="har@example.se")
    result = runner.invoke(args=["users", "invite", "har@example.se"])
    assert result.exit_code != 0 and "has a password already" in result.output


def test_the_command_line_sends_the_invitation_by_email(app, runner, factory, clock, mailbox):
    factory.person(email="ny@example.se", name="Nora Ny", password=None)
    result = runner.invoke(args=["users", "invite", "ny@example.se"])
    assert result.exit_code == 0 and "Invitation sent to ny@example.se" in result.output
    assert [m["To"] for m in mailbox] == ["ny@example.se"]
    assert "/password/" not in result.output


# Forgot your password?


def _forgot(client, email):
    csrf = _form(client, "/password/forgot")
    return client.post("/password/forgot", data={"email": email, "csrf_token": csrf})


def test_forgot_password_answers_alike_and_emails_only_a_known_active_person(
    app, factory, clock, mailbox, logged
):
    assert "Glömt lösenordet?" in app.test_client().get("/login").get_data(as_text=True)
    factory.person(email="known@example.se", name="Känd Person")
    factory.person(email="invited@example.se", password=None)
    gone = factory.person(email="gone@example.se")
    with app.app_context():
        _person(app, gone).active = False
        db.session.commit()
    answers = []
    for email in ("known@example.se", "nobody@example.se", "gone@example.se",
                  "invited@example.se"):  # fmt: skip
        client = app.test_client()
        response = _forgot(client, email)
        assert response.status_code == 302 and response.headers["Location"] == "/login"
        page = client.get("/login").get_data(as_text=True)
        answers.append(re.sub(r'value="[^"]*"', "", page))
    assert (
        len(set(answers)) == 1
        and "har vi skickat en länk för att välja ett nytt lösenord" in (answers[0])
    )
    assert [m["To"] for m in mailbox] == ["known@example.se", "invited@example.se"]
    assert mailbox[0]["Subject"] == "Välj ett nytt lösenord till Koncernportföljen"
    url = LINK.search(mailbox[0].get_content()).group(0)
    assert "en timme" not in url and "/password/" in url
    with app.app_context():
        links = db.session.scalars(select(SignInLink)).all()
        assert {link.purpose for link in links} == {RESET} and len(links) == 2
        assert all(link.expires_at - link.created_at == timedelta(hours=1) for link in links)


def test_forgot_password_without_a_mail_server_logs_and_shows_no_link(
    app, client, factory, clock, logged
):
    factory.person(email="known@example.se")
    response = _forgot(client, "known@example.se")
    assert response.status_code == 302
    assert not LINK.search(client.get("/login").get_data(as_text=True))
    assert _rows(app, SignInLink) == 0
    assert any("could not be sent" in r.getMessage() for r in logged)


def test_forgot_password_is_throttled_per_email_and_per_address(app, factory, clock, mailbox):
    app.config.update(SIGN_IN_FAILURES_PER_ACCOUNT=3, SIGN_IN_FAILURES_PER_ADDRESS=5)
    factory.person(email="known@example.se")
    client = app.test_client()
    statuses = [_forgot(client, "known@example.se").status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert len(mailbox) == 3
    # Unknown emails answer alike, and count against the address.
    statuses = [_forgot(client, f"n{n}@example.se").status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    response = _forgot(client, "other@example.se")
    assert response.status_code == 429 and "Retry-After" in response.headers
    assert "För många försök" in response.get_data(as_text=True)
    # The reset requests count as failed attempts: they never clear the sign-in's count.
    clock(minutes=16)
    assert _forgot(client, "known@example.se").status_code == 302


def test_the_forgot_page_asks_for_an_email_and_sends_nothing_without(app, client, mailbox):
    csrf = _form(client, "/password/forgot")
    response = client.post("/password/forgot", data={"email": "", "csrf_token": csrf})
    assert response.status_code == 422 and "Skriv din e-postadress." in response.get_data(
        as_text=True
    )
    assert mailbox == [] and _rows(app, SignInLink) == 0


def test_a_login_link_and_an_invitation_are_in_the_persons_history(app, client, newcomer, clock):
    token = _make(app, newcomer, LOGIN)
    csrf = _form(client, f"/login/link/{token}")
    client.post(f"/login/link/{token}", data={"csrf_token": csrf})
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "use_sign_in_link")
        ).all()
        assert [(e.field, e.new_value, e.actor_id) for e in events] == [
            ("purpose", "login", newcomer.id)
        ]


def test_simultaneous_presses_of_one_login_link_sign_in_once(app, newcomer, clock):
    token = _make(app, newcomer, LOGIN)
    clients = [app.test_client() for _ in range(2)]
    tokens = [_form(c, f"/login/link/{token}") for c in clients]
    barrier, statuses = threading.Barrier(2), []

    def press(n):
        barrier.wait(timeout=30)
        statuses.append(clients[n].post(f"/login/link/{token}", data={"csrf_token": tokens[n]}))

    together(functools.partial(press, 0), functools.partial(press, 1))
    assert sorted(r.status_code for r in statuses) == [302, 410]
    assert sorted(_signed_in(c) for c in clients) == [False, True]


def test_with_passwords_turned_off_no_password_is_chosen_but_the_login_link_works(
    app, client, csrf, login_as, factory, runner, api, token_for, clock, mailbox
):
    """TRACKER_PASSWORD_LOGIN=false: no invitation, no reset, no page to choose a password
    (even through a link made before); the command line's sign-in link still lets one in."""
    made_before = _make(app, factory.person(email="tidig@example.se", password=None))
    login_as(Role.ADMIN)
    app.config["PASSWORD_LOGIN"] = False
    other = app.test_client()
    assert other.get("/password/forgot").status_code == 404
    assert other.get(f"/password/{made_before}").status_code == 404
    form = client.get("/people/new").get_data(as_text=True)
    assert 'name="invite"' not in form
    answer = _add(client, csrf)
    assert answer.status_code == 302 and mailbox == []
    with app.app_context():
        nora = db.session.scalar(select(Person).where(Person.email == "ny@example.se"))
    assert nora is not None and _rows(app, SignInLink) == 1  # only the one made before
    page = client.get(f"/people/{nora.id}").get_data(as_text=True)
    assert "Skicka en inbjudan" not in page and "Skicka igen" not in page
    refused = client.post(f"/people/{nora.id}/invite", data={"csrf_token": csrf()})
    assert refused.status_code == 422 and _rows(app, SignInLink) == 1
    body = {"email": "api@example.se", "name": "Api Person", "role": "member", "invite": True}
    assert api("POST", "/people", token_for(Role.ADMIN), body).status_code == 422
    assert runner.invoke(args=["users", "invite", "ny@example.se"]).exit_code != 0
    result = runner.invoke(args=["users", "login-link", "ny@example.se"])
    path = result.output.strip().splitlines()[-1].removeprefix("http://127.0.0.1:5000")
    page = other.get(path)
    assert page.status_code == 200, result.output
    token = csrf_token_from(page.get_data(as_text=True))
    assert other.post(path, data={"csrf_token": token}).status_code == 302
    assert _signed_in(other)


# Every door that sets a password, changes an email or deactivates ends the open links.


def test_a_password_changed_on_the_profile_or_the_command_line_ends_the_open_links(
    app, client, factory, runner, clock, csrf, login_as
):
    member = login_as(Role.MEMBER)
    reset = _make(app, member, RESET)  # asked for, then remembered the password
    page = client.get("/profile").get_data(as_text=True)
    response = client.post(
        "/profile/password",
        data={"current_password": PASSWORD, "password": NEW_PASSWORD,
              "password_again": NEW_PASSWORD, "csrf_token": csrf_token_from(page)},
    )  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    assert _check(app, reset, RESET) is Refusal.EXPIRED
    newcomer = factory.person(email="ny@example.se", name="Nora Ny", password=None)
    invitation = _make(app, newcomer, INVITATION)
    result = runner.invoke(
        args=["users", "set-password", "ny@example.se", "--password-stdin"],
        input=NEW_PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert _check(app, invitation) is Refusal.EXPIRED


def test_a_corrected_email_on_the_page_or_the_api_ends_the_invitation(
    app, client, csrf, login_as, api, token_for, factory, clock
):
    login_as(Role.ADMIN)
    anna = factory.person(email="anna@komun.se", name="Anna Ny", password=None)
    token = _make(app, anna, INVITATION)  # went to the wrong mailbox
    edit = client.get(f"/people/{anna.id}/edit").get_data(as_text=True)
    data = {"name": "Anna Ny", "email": "anna@kommun.se", "title": "", "role": "member",
            "organisation": "", "locale": "", "version": "1",
            "csrf_token": csrf_token_from(edit)}  # fmt: skip
    assert client.post(f"/people/{anna.id}/edit", data=data).status_code == 302
    with app.app_context():
        assert _person(app, anna).email == "anna@kommun.se"
    assert _check(app, token) is Refusal.EXPIRED
    # Whoever holds the old mailbox is not signed in as Anna.
    holder = app.test_client()
    assert holder.get(f"/password/{token}").status_code == 410 and not _signed_in(holder)
    bo = factory.person(email="bo@komun.se", name="Bo Ny", password=None)
    token = _make(app, bo, INVITATION)
    response = api("PATCH", "/people/bo@komun.se", token_for(Role.ADMIN), {"email": "bo@kommun.se"})
    assert response.status_code == 200, response.get_json()
    assert _check(app, token) is Refusal.EXPIRED


def test_deactivation_on_the_page_or_the_command_line_ends_the_open_links(
    app, client, csrf, login_as, runner, factory, clock
):
    login_as(Role.ADMIN)
    maja = factory.person(email="maja@example.se", name="Maja")
    login = _make(app, maja, LOGIN)
    for _press in range(2):  # deactivated, then active again
        page = client.get(f"/people/{maja.id}").get_data(as_text=True)
        assert (
            client.post(
                f"/people/{maja.id}/active", data={"csrf_token": csrf_token_from(page)}
            ).status_code
            == 302
        )
    with app.app_context():
        assert _person(app, maja).active
    assert _check(app, login, LOGIN) is Refusal.EXPIRED
    invitation = _make(app, factory.person(email="ny@example.se", password=None))
    assert runner.invoke(args=["users", "deactivate", "ny@example.se"]).exit_code == 0
    assert runner.invoke(args=["users", "activate", "ny@example.se"]).exit_code == 0
    assert _check(app, invitation) is Refusal.EXPIRED


def test_after_a_reset_the_new_password_signs_in_at_once(app, factory, clock, mailbox):
    """Nine wrong guesses, then 'Forgot your password?' (the tenth failure), then the link:
    the new password, chosen through the person's own mailbox, signs in at once."""
    member = factory.person(email="m@example.se", name="Maja")
    browser = app.test_client()
    for _ in range(9):
        csrf = _form(browser, "/login")
        browser.post("/login", data={"email": member.email, "password": "wrong-wrong-wrong",
                                     "csrf_token": csrf})  # fmt: skip
    assert _forgot(browser, member.email).status_code == 302
    csrf = _form(browser, "/login")
    locked = browser.post(
        "/login", data={"email": member.email, "password": PASSWORD, "csrf_token": csrf}
    )
    assert locked.status_code == 429  # the count is full before the link is used
    token = LINK.search(mailbox[0].get_content()).group(0).rsplit("/", 1)[1]
    assert _choose(browser, token).status_code == 302
    other = app.test_client()
    csrf = _form(other, "/login")
    response = other.post(
        "/login", data={"email": member.email, "password": NEW_PASSWORD, "csrf_token": csrf}
    )
    assert response.status_code == 302 and _signed_in(other)


# Single sign-on only: no password is offered.


@pytest.fixture
def single_sign_on(app):
    """Single sign-on configured (oidc.configured); no provider is asked in these tests."""
    app.config.update(OIDC_ISSUER="https://idp.example.se", OIDC_CLIENT_ID="tracker")


def test_a_single_sign_on_person_is_sent_no_reset_link(app, factory, clock, mailbox, logged):
    factory.person(email="sso@example.se", name="Sso Only", password=None, external_id="sub-1")
    # Without single sign-on configured, the external id is only a link made ahead of time.
    assert _forgot(app.test_client(), "sso@example.se").status_code == 302
    assert [m["To"] for m in mailbox] == ["sso@example.se"]
    app.config.update(OIDC_ISSUER="https://idp.example.se", OIDC_CLIENT_ID="tracker")
    clock(minutes=1)
    client = app.test_client()
    response = _forgot(client, "sso@example.se")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "skickat en länk för att välja ett nytt lösenord" in client.get("/login").get_data(
        as_text=True
    )
    assert len(mailbox) == 1 and _rows(app, SignInLink) == 1
    assert any("single sign-on" in r.getMessage() for r in logged)


def test_a_single_sign_on_person_cannot_be_invited(
    app, client, csrf, login_as, runner, api, token_for, factory, clock, single_sign_on
):
    login_as(Role.ADMIN)
    sso = factory.person(email="sso@example.se", name="Sso Only", password=None, external_id="s")
    page = client.get(f"/people/{sso.id}").get_data(as_text=True)
    assert "Skicka en inbjudan" not in page
    response = client.post(f"/people/{sso.id}/invite", data={"csrf_token": csrf()})
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Sso Only loggar in med enkel inloggning och behöver ingen inbjudan." in text
    result = runner.invoke(args=["users", "invite", "sso@example.se"])
    assert result.exit_code != 0 and "signs in with single sign-on" in result.output
    body = {"email": "s@example.se", "name": "S", "role": "member", "invite": True,
            "external_id": "sub-9"}  # fmt: skip
    response = api("POST", "/people", token_for(Role.ADMIN), body)
    assert response.status_code == 422 and "invite" in response.get_json()["errors"]
    assert _rows(app, SignInLink) == 0
    with app.app_context():
        assert db.session.scalar(select(Person).where(Person.email == "s@example.se")) is None
    # Without single sign-on configured, the same person is invited to a password.
    app.config["OIDC_ISSUER"] = None
    assert client.post(f"/people/{sso.id}/invite", data={"csrf_token": csrf()}).status_code == 200
    assert _rows(app, SignInLink) == 1


def test_the_reset_email_waits_less_for_the_mail_server(app, runner, factory, clock, monkeypatch):
    """The forgot page sends within the request: a silent mail server delays it by at most
    RESET_MAIL_TIMEOUT seconds; an invitation may wait the usual time."""
    waits = []

    class Timed(FakeSMTP):
        def __init__(self, host, port, timeout=None):
            super().__init__(host, port, timeout)
            waits.append(timeout)

    app.config["MAIL_SERVER"] = "mail.example.se"
    FakeSMTP.sent = []
    monkeypatch.setattr("smtplib.SMTP", Timed)
    factory.person(email="known@example.se")
    factory.person(email="ny@example.se", password=None)
    assert _forgot(app.test_client(), "known@example.se").status_code == 302
    assert runner.invoke(args=["users", "invite", "ny@example.se"]).exit_code == 0
    assert waits == [10, 30] and len(FakeSMTP.sent) == 2
