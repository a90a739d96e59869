"""Deadlines: who is due for which period, when a period closes, lateness, and reopening a period after its deadline; on crafted data with a fixed today."""

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.worlds import FakeSMTP, codes, save
from tracker.extensions import db
from tracker.models import AuditEvent, PeriodReopening, Person, Role
from tracker.services import NotAllowed, ValidationError, deadlines, periods, updates

TODAY = date(2026, 11, 5)  # before the 10th: October is still open


def test_who_is_due(app, one_area_every_state):
    assert codes(app, "2026-10") == ["SO1-01", "SO1-02"]  # SO1-03 starts in November
    assert codes(app, "2026-11") == ["SO1-01", "SO1-02", "SO1-03"]
    assert codes(app, "2026-09") == ["SO1-01"]


def test_deadline_and_open_periods():
    assert periods.deadline("2026-10", 10) == date(2026, 11, 10)
    assert periods.deadline("2026-12", 10) == date(2027, 1, 10)
    assert deadlines.next_deadline_period(date(2026, 11, 10), 10) == "2026-10"
    assert deadlines.next_deadline_period(date(2026, 11, 11), 10) == "2026-11"
    assert deadlines.open_periods(date(2026, 11, 5)) == ["2026-10", "2026-11"]


def test_late_marking_closing_and_reopening(app, one_area_every_state):
    def october(code, november_day, version=None, comment=""):
        """The owner saves October's report on a day of November: (id, version, late)."""
        when = date(2026, 11, november_day)
        return save(app, code, "2026-10", "owner@example.se", when, version, comment=comment)

    # In time, then revised in time.
    _uid, version, late = october("SO1-01", 3)
    assert (version, late) == (1, False)
    _uid, version, _late = october("SO1-01", 10, version=1, comment="Reviderad")
    assert version == 2
    # After the deadline: closed.
    with pytest.raises(updates.Closed):
        october("SO1-01", 11, version=2, comment="x")
    # A missing report is still accepted after the deadline, and marked late.
    _uid, _v, late = october("SO1-02", 20)
    assert late is True
    # A late report stays revisable: only one made in time is closed.
    october("SO1-02", 21, version=1, comment="Rättad")
    # Only an admin reopens the period; then the report made in time can be revised again.
    with app.app_context():
        lead = db.session.get(Person, one_area_every_state["lead"].id)
        with pytest.raises(NotAllowed):
            deadlines.reopen(
                db.session, "2026-10", date(2026, 11, 25), lead, date(2026, 11, 20), 10
            )
        admin = db.session.get(Person, one_area_every_state["lead"].id)
        admin.role = Role.ADMIN
        deadlines.reopen(db.session, "2026-10", date(2026, 11, 25), admin, date(2026, 11, 20), 10)
        db.session.commit()
    _uid, version, _late = october("SO1-01", 24, version=2, comment="Efter återöppning")
    assert version == 3
    with pytest.raises(updates.Closed):
        october("SO1-01", 26, version=3, comment="y")


def test_an_admin_reopens_and_reminds_from_the_completeness_page(
    app, client, csrf, login_as, one_area_every_state, today, monkeypatch
):
    today(date(2026, 11, 20))
    login_as(Role.ADMIN, email="admin@example.se")
    response = client.post(
        "/completeness/reopen",
        data={"period": "2026-10", "until": "2026-11-30", "csrf_token": csrf()},
    )
    assert response.status_code == 302
    with app.app_context():
        assert deadlines.reopened_until(db.session, "2026-10") == date(2026, 11, 30)
    app.config["MAIL_SERVER"] = "mail.example.se"
    FakeSMTP.sent = []
    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    client.post("/completeness/remind", data={"period": "2026-10", "csrf_token": csrf()})
    client.post("/completeness/remind", data={"period": "2026-10", "csrf_token": csrf()})
    assert sorted(m["To"] for m in FakeSMTP.sent) == ["lead@example.se", "owner@example.se"]


def test_a_period_is_reopened_only_after_its_deadline(app, one_area_every_state):
    with app.app_context():
        admin = db.session.get(Person, one_area_every_state["lead"].id)
        admin.role = Role.ADMIN
        before = db.session.scalar(select(func.count()).select_from(AuditEvent))
        # On the deadline day itself October is still open: nothing to reopen.
        with pytest.raises(ValidationError) as refused:
            deadlines.reopen(
                db.session, "2026-10", date(2026, 11, 25), admin, date(2026, 11, 10), 10
            )
        message = str(refused.value.errors["period"][0])
        assert "oktober 2026" in message and "10 nov. 2026" in message, message
        assert deadlines.reopened_until(db.session, "2026-10") is None
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before
        deadlines.reopen(db.session, "2026-10", date(2026, 11, 25), admin, date(2026, 11, 11), 10)
        assert deadlines.reopened_until(db.session, "2026-10") == date(2026, 11, 25)


def test_reopening_a_period_before_its_deadline_is_refused_and_writes_nothing(
    app, client, csrf, login_as, one_area_every_state, today
):
    today(date(2026, 11, 20))
    login_as(Role.ADMIN, email="admin@example.se")
    response = client.post(
        "/completeness/reopen",
        data={"period": "2026-11", "until": "2026-11-30", "csrf_token": csrf()},
        follow_redirects=True,
    )
    assert "har inte passerat än" in response.get_data(as_text=True)
    with app.app_context():
        assert deadlines.reopened_until(db.session, "2026-11") is None
        assert db.session.scalar(select(func.count()).select_from(PeriodReopening)) == 0
