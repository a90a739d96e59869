"""The password policy: length, not the person's email or name, and not weak by zxcvbn, with
the reason in the reader's language; the command line follows it."""

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tests.conftest import PASSWORD, post, rows
from tests.pages import sign_in
from tracker.extensions import db
from tracker.models import AuditEvent, Person, Role, SignInAttempt
from tracker.services import passwords, people

HASH = "pbkdf2:sha256:1000"


def reasons(password, locale="en", email="karin.lind@sjovik.example", name="Karin Lind"):
    with force_locale(locale):
        return [str(m) for m in passwords.problems(password, email=email, name=name)]


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("kort-lösen", "The password must be at least 12 characters long."),
        ("aaaaaaaaaaaa", "It repeats the same characters or words."),
        ("password1234", "It is one of the most common passwords."),
        ("asdfghjkl;lkj", "It follows keys that sit next to each other on the keyboard."),
        ("abcdefghijklmn", "It is a sequence such as abc or 1234."),
        ("karin.lind@sjovik.example", "The password must not contain your email address"),
        ("KarinLind2026!", "The password must not contain your email address or your name."),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(app, password, why):
    with app.app_context():
        found = reasons(password)
    assert found and any(why in r for r in found), found


@pytest.mark.parametrize(
    "password", ["kanelbulle-i-solen", "correct-horse-battery", "Sjöviks hamn om våren"]
)
def test_strong_passwords_pass(app, password):
    with app.app_context():
        assert reasons(password) == []


def test_the_reason_is_in_the_readers_language(app):
    with app.app_context():
        assert "Lösenordet är för lätt att gissa." in reasons("password1234", "sv")
        assert "Lösenordet måste vara minst 12 tecken långt." in reasons("kort", "sv")


def test_a_very_long_password_is_checked_quickly_and_passes(app):
    with app.app_context():
        assert reasons("en mening som är lång nog " * 40) == []


def test_the_command_line_refuses_a_weak_password_and_writes_nothing(app, runner):
    result = runner.invoke(
        args=["users", "create", "eva@example.se", "--name", "Eva Berg", "--password-stdin"],
        input="password1234\n",
    )
    assert result.exit_code != 0
    assert "too easy to guess" in result.output and "most common passwords" in result.output
    result = runner.invoke(
        args=["users", "create", "eva@example.se", "--name", "Eva Berg", "--password-stdin"],
        input="eva@example.se\n",
    )
    assert result.exit_code != 0 and "must not contain your email" in result.output
    result = runner.invoke(
        args=["users", "create", "eva@example.se", "--name", "Eva Berg", "--password-stdin"],
        input="hamnen-i-sjövik-om-våren\n",
    )
    assert result.exit_code == 0, result.output


GOOD = "tranbär-kanot-fönster-glädje"


def _change(client, csrf, current, new, again=None):
    data = {"current_password": current, "password": new, "password_again": again or new}
    return post(client, csrf, "/profile/password", data)


def test_a_person_changes_their_password_on_the_profile(app, client, csrf, login_as, factory):
    """The current password first; the policy holds; the other sessions end and this one goes
    on; the history says that the password changed, never what it is."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    person = login_as(Role.MEMBER, email="eva.berg@example.se", name="Eva Berg")
    elsewhere = app.test_client()
    sign_in(elsewhere, person.email, PASSWORD)
    assert elsewhere.get("/profile").status_code == 200
    before = rows(app, AuditEvent)

    response = _change(client, csrf, "not-my-password", GOOD)
    assert response.status_code == 422
    assert "That is not your current password." in response.get_data(as_text=True)
    response = _change(client, csrf, PASSWORD, "evaberg-2026-12", "evaberg-2026-12")
    assert response.status_code == 422
    assert "must not contain your email address or your name" in response.get_data(as_text=True)
    response = _change(client, csrf, PASSWORD, GOOD, GOOD + "x")
    assert response.status_code == 422
    assert "The two new passwords are not the same." in response.get_data(as_text=True)
    assert client.post("/profile/password", data={"current_password": PASSWORD}).status_code == 400
    assert rows(app, AuditEvent) == before  # nothing changed
    with app.app_context():
        assert people.authenticate(db.session, person.email, PASSWORD, hash_method=HASH)

    response = _change(client, csrf, PASSWORD, GOOD)
    assert response.status_code == 302
    assert client.get("/profile").status_code == 200  # this session goes on
    assert elsewhere.get("/profile").status_code == 302  # the other one has ended
    with app.app_context():
        assert people.authenticate(db.session, person.email, PASSWORD, hash_method=HASH) is None
        assert people.authenticate(db.session, person.email, GOOD, hash_method=HASH)
        event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (event.action, event.actor_id, event.old_value, event.new_value) == (
            "set_password",
            person.id,
            None,
            None,
        )


def test_guessing_the_current_password_is_throttled_like_sign_in(app, client, csrf, login_as):
    app.config["SIGN_IN_FAILURES_PER_ACCOUNT"] = 3
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(Role.MEMBER)
    for _ in range(3):
        assert _change(client, csrf, "wrong-guess", GOOD).status_code == 422
    response = _change(client, csrf, PASSWORD, GOOD)  # even the right one must wait now
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert "Too many wrong passwords" in response.get_data(as_text=True)


def test_the_right_current_password_never_counts_as_a_guess(app, client, csrf, login_as):
    """A new password the policy refuses, again and again: the current one was right, so
    nothing is throttled, here or at sign-in."""
    app.config["SIGN_IN_FAILURES_PER_ACCOUNT"] = 3
    person = login_as(Role.MEMBER)
    for _ in range(4):
        assert _change(client, csrf, PASSWORD, "short").status_code == 422
    assert _change(client, csrf, PASSWORD, GOOD).status_code == 302
    with app.app_context():
        outcomes = db.session.scalars(
            select(SignInAttempt.outcome).where(SignInAttempt.email == person.email)
        ).all()
    assert set(outcomes) == {"succeeded"}


def test_a_person_without_a_password_has_none_to_change(app, client, csrf, login_as):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    person = login_as(Role.MEMBER)
    assert "Change your password" in client.get("/profile").get_data(as_text=True)
    with app.app_context():
        db.session.get(Person, person.id).password_hash = None
        db.session.commit()
    assert "Change your password" not in client.get("/profile").get_data(as_text=True)
    assert _change(client, csrf, PASSWORD, GOOD).status_code == 404
