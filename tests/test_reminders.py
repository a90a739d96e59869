"""Reminders: exactly the people with missing reports, once a day, from the page and the command alike, in the recipient's language; a refused address is tried again; on crafted data with a fixed today."""

import re
from datetime import date

import pytest
from flask import render_template
from sqlalchemy import func, select

from tests.worlds import FakeSMTP, save
from tracker.extensions import db
from tracker.models import Improvement, Person, Role

TODAY = date(2026, 11, 5)  # before the 10th: October is still open


def test_remind_names_exactly_the_people_with_missing_reports_and_sends_once(
    app, runner, one_area_every_state, today, monkeypatch
):
    # October: the owner has reported SO1-01 but not SO1-02 nor the area; the lead has not
    # assessed the area. The deputy and the other member owe nothing.
    save(app, "SO1-01", "2026-10", "owner@example.se", TODAY)
    with app.app_context():
        db.session.get(Person, one_area_every_state["lead"].id).locale = "en"
        db.session.commit()
    result = runner.invoke(args=["remind", "--dry-run"])
    assert result.exit_code == 0, result.output
    recipients = sorted(line[4:] for line in result.output.splitlines() if line.startswith("To: "))
    assert recipients == ["lead@example.se", "owner@example.se"]
    assert "SO1-02" in result.output and "SO1-01 " not in result.output
    assert "Hello Lena Lead," in result.output  # in the recipient's language
    assert "Hej Olle Owner," in result.output
    assert "http://127.0.0.1:5000/my" in result.output
    assert "2 reminders for 2026-10 would be sent (dry run)." in result.output

    app.config["MAIL_SERVER"] = "mail.example.se"
    FakeSMTP.sent = []
    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    result = runner.invoke(args=["remind", "--period", "2026-10"])
    assert result.exit_code == 0 and "2 reminders for 2026-10 sent." in result.output
    assert sorted(m["To"] for m in FakeSMTP.sent) == ["lead@example.se", "owner@example.se"]
    # A second run the same day sends nothing twice.
    result = runner.invoke(args=["remind", "--period", "2026-10"])
    assert "0 reminders for 2026-10 sent." in result.output and len(FakeSMTP.sent) == 2
    result = runner.invoke(args=["remind", "--period", "2026-10", "--dry-run"])
    assert "0 reminders" in result.output
    assert runner.invoke(args=["remind", "--period", "2026-1"]).exit_code != 0


def test_a_failed_email_is_tried_again_on_the_next_run(
    app, runner, one_area_every_state, today, monkeypatch
):
    class Refusing(FakeSMTP):
        def send_message(self, message):
            if message["To"] == "lead@example.se":
                raise OSError("connection refused")
            FakeSMTP.sent.append(message)

    app.config["MAIL_SERVER"] = "mail.example.se"
    FakeSMTP.sent = []
    monkeypatch.setattr("smtplib.SMTP", Refusing)
    result = runner.invoke(args=["remind", "--period", "2026-10"])
    assert result.exit_code != 0 and "lead@example.se" in result.output
    assert [m["To"] for m in FakeSMTP.sent] == ["owner@example.se"]
    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    result = runner.invoke(args=["remind", "--period", "2026-10"])
    assert result.exit_code == 0 and "1 reminder for 2026-10 sent." in result.output
    assert [m["To"] for m in FakeSMTP.sent] == ["owner@example.se", "lead@example.se"]
    # A period the owners cannot report on any more is refused.
    assert runner.invoke(args=["remind", "--period", "2026-08"]).exit_code != 0


class RefusingLead(FakeSMTP):
    """The mail server refuses lead@example.se and takes everyone else."""

    def send_message(self, message):
        if message["To"] == "lead@example.se":
            raise OSError("connection refused")
        FakeSMTP.sent.append(message)


def flashes(response) -> list[tuple[str, str]]:
    """The (category, text) of each flash message on a page."""
    html = response.get_data(as_text=True)
    return re.findall(r'<p class="flash flash-(\w+)">(.*?)</p>', html)


def press_remind(client, csrf, period="2026-10"):
    return client.post(
        "/completeness/remind", data={"period": period, "csrf_token": csrf()}, follow_redirects=True
    )


def test_the_page_counts_the_reminders_sent_and_names_the_address_refused(
    app, client, csrf, login_as, one_area_every_state, today, monkeypatch
):
    app.config.update(BABEL_DEFAULT_LOCALE="en", MAIL_SERVER="mail.example.se")
    login_as(Role.ADMIN, email="admin@example.se")
    FakeSMTP.sent = []
    monkeypatch.setattr("smtplib.SMTP", RefusingLead)
    assert flashes(press_remind(client, csrf)) == [
        ("info", "1 reminder sent."),
        ("error", "The reminder to lead@example.se could not be sent. Try again later."),
    ]
    assert [m["To"] for m in FakeSMTP.sent] == ["owner@example.se"]
    # Later the same day the server takes the lead's email: only the lead is reminded now.
    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    assert flashes(press_remind(client, csrf)) == [
        ("info", "1 reminder sent."),
        ("info", "1 person had already been reminded today."),
    ]
    assert [m["To"] for m in FakeSMTP.sent] == ["owner@example.se", "lead@example.se"]


def test_a_second_press_the_same_day_sends_nothing_and_says_so(
    app, client, csrf, login_as, one_area_every_state, today, monkeypatch
):
    app.config["MAIL_SERVER"] = "mail.example.se"  # the page in Swedish, the default
    login_as(Role.ADMIN, email="admin@example.se")
    FakeSMTP.sent = []
    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    assert flashes(press_remind(client, csrf)) == [("info", "2 påminnelser har skickats.")]
    assert flashes(press_remind(client, csrf)) == [
        (
            "info",
            "Alla med saknade rapporter för 2026-10 har redan påmints i dag; "
            "inga påminnelser har skickats.",
        ),
    ]
    assert len(FakeSMTP.sent) == 2
    # The next day they are reminded again.
    today(date(2026, 11, 6))
    assert flashes(press_remind(client, csrf)) == [("info", "2 påminnelser har skickats.")]
    assert len(FakeSMTP.sent) == 4


def test_the_page_says_when_nobody_needs_a_reminder(
    app, client, csrf, login_as, today, monkeypatch
):
    app.config.update(BABEL_DEFAULT_LOCALE="en", MAIL_SERVER="mail.example.se")
    login_as(Role.ADMIN, email="admin@example.se")
    FakeSMTP.sent = []
    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    assert flashes(press_remind(client, csrf)) == [
        ("info", "Nobody has missing reports for 2026-10; no reminders were sent.")
    ]
    assert FakeSMTP.sent == []


def test_the_cli_and_the_page_report_the_same_outcome_of_the_one_flow(
    app, client, csrf, login_as, runner, one_area_every_state, today, monkeypatch
):
    from tracker.models import Reminder
    from tracker.services import reminders

    outcomes = []
    real = reminders.remind

    def spy(*args, **kwargs):
        outcome = real(*args, **kwargs)
        outcomes.append(
            (len(outcome.sent), [m.person.email for m in outcome.failed], len(outcome.skipped))
        )
        return outcome

    monkeypatch.setattr(reminders, "remind", spy)
    app.config.update(BABEL_DEFAULT_LOCALE="en", MAIL_SERVER="mail.example.se")
    login_as(Role.ADMIN, email="admin@example.se")
    FakeSMTP.sent = []
    monkeypatch.setattr("smtplib.SMTP", RefusingLead)
    page = flashes(press_remind(client, csrf))
    # The same data again for the command: forget the reminder the page recorded.
    with app.app_context():
        db.session.execute(Reminder.__table__.delete())
        db.session.commit()
    result = runner.invoke(args=["remind", "--period", "2026-10"])
    assert outcomes == [(1, ["lead@example.se"], 0)] * 2
    assert page == [
        ("info", "1 reminder sent."),
        ("error", "The reminder to lead@example.se could not be sent. Try again later."),
    ]
    assert result.exit_code != 0
    assert "1 reminder for 2026-10 sent." in result.output
    assert "1 could not be sent (tried again on the next run): lead@example.se" in result.output
    assert [m["To"] for m in FakeSMTP.sent] == ["owner@example.se"] * 2


def test_without_a_mail_server_nothing_is_sent_or_recorded(
    app, client, csrf, login_as, runner, one_area_every_state, today, monkeypatch
):
    from tracker.models import Reminder

    app.config["MAIL_SERVER"] = ""
    FakeSMTP.sent = []
    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    login_as(Role.ADMIN, email="admin@example.se")
    assert flashes(press_remind(client, csrf)) == [
        (
            "error",
            "Ingen e-postserver är inställd (TRACKER_MAIL_SERVER), så det går inte att "
            "skicka påminnelser.",
        ),
    ]
    result = runner.invoke(args=["remind", "--period", "2026-10"])
    assert result.exit_code != 0 and "Set TRACKER_MAIL_SERVER" in result.output
    # A dry run needs no mail server.
    result = runner.invoke(args=["remind", "--period", "2026-10", "--dry-run"])
    assert result.exit_code == 0 and "2 reminders for 2026-10 would be sent" in result.output
    assert FakeSMTP.sent == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Reminder)) == 0


def test_a_reminder_keeps_user_text_on_its_line(app):
    """The reminder is plain text (templates/email/reminder.txt): a line break in a name or a
    title never starts a line of its own, and the subject is one line."""
    from flask_babel import force_locale

    from tracker.models import StrategicArea

    area = StrategicArea(code="SO1", title="Trygg\nuppväxt")
    improvement = Improvement(code="SO1-01", title="Rekrytering\n- Falsk rad")
    context = {
        "person": Person(name="Lena\nLead"),
        "period": "2026-10",
        "url": "https://x/my",
        "items": [(area, improvement), (area, None)],
    }
    with app.app_context(), force_locale("en"):
        subject = render_template("email/reminder_subject.txt", **context)
        body = render_template("email/reminder.txt", **context)
    assert subject == "Reminder: your monthly reports for October 2026"
    assert body == (
        "Hello Lena Lead,\n\nThese reports for October 2026 are still missing:\n\n"
        "- SO1-01 Rekrytering - Falsk rad\n- Your assessment of SO1 Trygg uppväxt\n\n"
        "Report on all of them on one page: https://x/my\n\nThank you!"
    )


def test_remind_refuses_a_closed_period_and_a_missing_mail_server_before_anything(
    app, one_area_every_state, today
):
    from tracker.models import Reminder
    from tracker.services import reminders

    config = {
        "BASE_URL": "https://tracker.example.se",
        "BABEL_DEFAULT_LOCALE": "sv",
        "MAIL_SERVER": None,
        "REPORT_DEADLINE_DAY": 10,
    }
    with app.app_context():
        with pytest.raises(reminders.CannotRemind) as refused:
            reminders.remind(
                db.session, "2026-08", TODAY, config, render=render_template, dry_run=True
            )
        assert (refused.value.reason, refused.value.period) == (
            reminders.Refusal.PERIOD_CLOSED,
            "2026-08",
        )
        with pytest.raises(reminders.CannotRemind) as refused:
            reminders.remind(db.session, "2026-10", TODAY, config, render=render_template)
        assert refused.value.reason is reminders.Refusal.NO_MAIL_SERVER
        outcome = reminders.remind(
            db.session, "2026-10", TODAY, config, render=render_template, dry_run=True
        )
        assert [m.person.email for m in outcome.sent] == ["lead@example.se", "owner@example.se"]
        assert (outcome.dry_run, outcome.failed, outcome.skipped) == (True, [], [])
        assert "https://tracker.example.se/my" in outcome.sent[0].body
        assert db.session.scalar(select(func.count()).select_from(Reminder)) == 0
