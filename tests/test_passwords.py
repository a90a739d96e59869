"""The password policy: length, not the person's email or name, and not weak by zxcvbn, with
the reason in the reader's language; the command line follows it."""

import pytest
from flask_babel import force_locale

from tracker.services import passwords


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
