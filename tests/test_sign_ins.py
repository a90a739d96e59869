"""Throttled guessing at the sign-in form: kept in the database, per account and per address,
alike for known and unknown emails, never a lockout for good, every throttled attempt logged."""

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import CLOCK_START, PASSWORD, csrf_token_from
from tracker import create_app
from tracker.extensions import db
from tracker.models import SignInAttempt
from tracker.services import sign_ins

TOO_MANY = "Too many attempts to sign in."


@pytest.fixture
def attempt(app, client, csrf):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"

    def post(email, password, address="192.0.2.10"):
        return client.post(
            "/login",
            data={"email": email, "password": password, "csrf_token": csrf("/login")},
            environ_base={"REMOTE_ADDR": address},
        )

    return post


def test_thirty_wrong_passwords_are_throttled_and_the_right_one_waits(
    app, client, factory, attempt, clock
):
    person = factory.person()
    answers = [attempt(person.email, f"wrong-guess-{n}") for n in range(30)]
    assert [a.status_code for a in answers] == [200] * 10 + [429] * 20
    assert TOO_MANY not in answers[9].get_data(as_text=True)
    assert "Try again in 15 minutes." in answers[10].get_data(as_text=True)

    refused = attempt(person.email, PASSWORD)
    assert refused.status_code == 429
    wait = int(refused.headers["Retry-After"])
    assert wait == 15 * 60
    assert client.get("/profile").status_code == 302  # not signed in

    clock(seconds=wait - 1)
    assert attempt(person.email, PASSWORD).status_code == 429
    clock(seconds=1)
    assert attempt(person.email, PASSWORD).status_code == 302
    assert client.get("/profile").status_code == 200


def test_the_throttling_is_kept_in_the_database_for_every_worker(
    app, app_config, factory, attempt, clock
):
    person = factory.person()
    for n in range(10):
        attempt(person.email, f"wrong-guess-{n}")
    # Another worker: an app of its own, sharing only the database.
    worker = create_app(app_config)
    other = worker.test_client()
    html = other.get("/login").get_data(as_text=True)
    response = other.post(
        "/login",
        data={"email": person.email, "password": PASSWORD, "csrf_token": csrf_token_from(html)},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    with worker.app_context():
        db.engine.dispose()  # its connections close now, not whenever they are collected
    assert response.status_code == 429
    with app.app_context():
        outcomes = db.session.scalars(select(SignInAttempt.outcome)).all()
    # The refused attempt is logged, not kept: a flood of them cannot fill the table.
    assert outcomes == ["failed"] * 10


def test_unknown_and_known_emails_answer_alike(app, factory, attempt, clock):
    person = factory.person()
    known = [attempt(person.email, f"wrong-{n}") for n in range(11)]
    unknown = [attempt("nobody@example.se", f"wrong-{n}") for n in range(11)]
    assert [a.status_code for a in known] == [a.status_code for a in unknown]
    assert known[-1].headers["Retry-After"] == unknown[-1].headers["Retry-After"]
    strip = lambda a: a.get_data(as_text=True).split('name="csrf_token"')[0]  # noqa: E731
    assert strip(known[-1]) == strip(unknown[-1])
    assert strip(known[0]).replace(person.email, "") == strip(unknown[0]).replace(
        "nobody@example.se", ""
    )


def test_one_address_guessing_many_emails_is_throttled(app, factory, attempt, clock):
    app.config["SIGN_IN_FAILURES_PER_ADDRESS"] = 5
    person = factory.person()
    answers = [attempt(f"guess{n}@example.se", "wrong-password") for n in range(6)]
    assert [a.status_code for a in answers] == [200] * 5 + [429]
    # The same person from another address still signs in.
    assert attempt(person.email, PASSWORD, address="203.0.113.9").status_code == 302


def test_a_success_clears_the_accounts_count(app, client, factory, attempt, clock, csrf):
    person = factory.person()
    for n in range(9):
        attempt(person.email, f"wrong-{n}")
    assert attempt(person.email, PASSWORD).status_code == 302
    client.post("/logout", data={"csrf_token": csrf("/profile")})
    for n in range(9):
        assert attempt(person.email, f"wrong-again-{n}").status_code == 200


def test_every_throttled_attempt_is_logged(app, factory, attempt, clock):
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    app.logger.addHandler(handler)
    try:
        for n in range(12):
            attempt("someone@example.se", f"wrong-{n}")
    finally:
        app.logger.removeHandler(handler)
    throttled = [r.getMessage() for r in records if "sign-in throttled" in r.getMessage()]
    assert len(throttled) == 2
    assert "someone@example.se" in throttled[0] and "192.0.2.10" in throttled[0]


def test_old_attempts_are_deleted_after_a_day(app):
    limits = sign_ins.Limits()
    with app.app_context():
        for email in ("a@example.se", "b@example.se"):
            sign_ins.begin(db.session, email, "192.0.2.1", CLOCK_START, limits)
        later = CLOCK_START + sign_ins.KEPT + timedelta(seconds=1)
        sign_ins.begin(db.session, "c@example.se", "192.0.2.1", later, limits)
        assert db.session.scalars(select(SignInAttempt.email)).all() == ["c@example.se"]


@pytest.mark.parametrize(
    ("address", "counted_as"),
    [
        ("192.0.2.10", "192.0.2.10"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::9", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.10", "192.0.2.10"),
        ("x" * 300, "unknown"),
        ("", "unknown"),
    ],
)
def test_an_address_is_counted_by_its_place(app, address, counted_as):
    with app.app_context():
        attempt, _ = sign_ins.begin(
            db.session, "a@example.se", address, CLOCK_START, sign_ins.Limits()
        )
        assert attempt.address == counted_as
        db.session.commit()  # a long address would not fit the column on PostgreSQL


def test_one_ipv6_network_guessing_many_emails_is_throttled(app, attempt, clock):
    app.config["SIGN_IN_FAILURES_PER_ADDRESS"] = 3
    answers = [
        attempt(f"guess{n}@example.se", "wrong-password", address=f"2001:db8:7:7::{n + 1}")
        for n in range(4)
    ]
    assert [a.status_code for a in answers] == [200] * 3 + [429]


def test_the_limits_come_from_the_settings(app):
    limits = sign_ins.Limits.from_config(
        {
            "SIGN_IN_FAILURES_PER_ACCOUNT": "3",
            "SIGN_IN_FAILURES_PER_ADDRESS": 0,
            "SIGN_IN_WINDOW_MINUTES": 60 * 48,
        }
    )
    assert limits == sign_ins.Limits(3, 1, timedelta(days=1))
