"""Monthly reporting: who is due, deadlines and lateness, revisions, conflicts, the double
submit, completeness and reminders; on crafted data with a fixed today."""

import re
from datetime import date

import pytest
from flask import render_template
from sqlalchemy import func, select

from tests.conftest import pin_today
from tracker.extensions import db
from tracker.models import (
    AreaAssessment,
    AuditEvent,
    Improvement,
    ImprovementState,
    OrganisationKind,
    PeriodReopening,
    Person,
    Role,
    Status,
    StatusUpdate,
    UpdateRevision,
)
from tracker.services import (
    NotAllowed,
    ValidationError,
    completeness,
    deadlines,
    periods,
    updates,
    versions,
)

TODAY = date(2026, 11, 5)  # before the 10th: October is still open


@pytest.fixture
def today(monkeypatch):
    """Fix the date the app sees; returns a setter."""
    current = {"day": TODAY}
    pin_today(monkeypatch, lambda: current["day"])

    def set_today(day):
        current["day"] = day

    return set_today


@pytest.fixture
def world(factory):
    dep = factory.org(code="BUF", name="BUF")
    com = factory.org(code="SBO", name="SBO", kind=OrganisationKind.COMPANY)
    lead = factory.person(org=dep, email="lead@example.se", name="Lena Lead")
    owner = factory.person(org=com, email="owner@example.se", name="Olle Owner")
    deputy = factory.person(org=dep, email="deputy@example.se", name="Dora Deputy")
    other = factory.person(org=dep, email="other@example.se", name="Otto Other")
    area = factory.area(lead, code="SO1", co_owners=[owner], organisations=[dep, com])
    due = factory.improvement(area, owner, code="SO1-01", deputy=deputy, start=date(2026, 1, 1),
                              state=ImprovementState.ONGOING)  # fmt: skip
    planned = factory.improvement(area, owner, code="SO1-02", start=date(2026, 10, 15),
                                  state=ImprovementState.PLANNED)  # fmt: skip
    later = factory.improvement(area, owner, code="SO1-03", start=date(2026, 11, 1))
    done = factory.improvement(area, owner, code="SO1-04", state=ImprovementState.DONE)
    paused = factory.improvement(area, lead, code="SO1-05", state=ImprovementState.PAUSED)
    return {"dep": dep, "com": com, "lead": lead, "owner": owner, "deputy": deputy, "other": other,
            "area": area, "due": due, "planned": planned, "later": later, "done": done,
            "paused": paused}  # fmt: skip


def codes(app, period):
    with app.app_context():
        return sorted(
            i.code for i in db.session.scalars(versions.due_improvements_query(period, 10))
        )


def test_who_is_due(app, world):
    assert codes(app, "2026-10") == ["SO1-01", "SO1-02"]  # SO1-03 starts in November
    assert codes(app, "2026-11") == ["SO1-01", "SO1-02", "SO1-03"]
    assert codes(app, "2026-09") == ["SO1-01"]


def test_deadline_and_open_periods():
    assert periods.deadline("2026-10", 10) == date(2026, 11, 10)
    assert periods.deadline("2026-12", 10) == date(2027, 1, 10)
    assert deadlines.next_deadline_period(date(2026, 11, 10), 10) == "2026-10"
    assert deadlines.next_deadline_period(date(2026, 11, 11), 10) == "2026-11"
    assert deadlines.open_periods(date(2026, 11, 5)) == ["2026-10", "2026-11"]


def save(app, code, period, actor_email, today, version=None, **data):
    with app.app_context():
        improvement = db.session.scalar(select(Improvement).where(Improvement.code == code))
        actor = db.session.scalar(select(Person).where(Person.email == actor_email))
        body = {"status": "on_track", "progress": 40, "comment": "", **data}
        result = updates.save_update(db.session, improvement, period, body, actor, today=today,
                                       deadline_day=10, expected_version=version)  # fmt: skip
        db.session.commit()
        return result.update.id, result.update.version, result.update.late


def test_late_marking_closing_and_reopening(app, world):
    # In time, then revised in time.
    _uid, version, late = save(app, "SO1-01", "2026-10", "owner@example.se", date(2026, 11, 3))
    assert (version, late) == (1, False)
    _uid, version, _late = save(app, "SO1-01", "2026-10", "owner@example.se", date(2026, 11, 10),
                               version=1, comment="Reviderad")  # fmt: skip
    assert version == 2
    # After the deadline: closed.
    with pytest.raises(updates.Closed):
        save(
            app, "SO1-01", "2026-10", "owner@example.se", date(2026, 11, 11), version=2, comment="x"
        )
    # A missing report is still accepted after the deadline, and marked late.
    _uid, _v, late = save(app, "SO1-02", "2026-10", "owner@example.se", date(2026, 11, 20))
    assert late is True
    # A late report stays revisable: only one made in time is closed.
    save(
        app,
        "SO1-02",
        "2026-10",
        "owner@example.se",
        date(2026, 11, 21),
        version=1,
        comment="Rättad",
    )
    # Only an admin reopens the period; then the report made in time can be revised again.
    with app.app_context():
        lead = db.session.get(Person, world["lead"].id)
        with pytest.raises(NotAllowed):
            deadlines.reopen(
                db.session, "2026-10", date(2026, 11, 25), lead, date(2026, 11, 20), 10
            )
        admin = db.session.get(Person, world["lead"].id)
        admin.role = Role.ADMIN
        deadlines.reopen(db.session, "2026-10", date(2026, 11, 25), admin, date(2026, 11, 20), 10)
        db.session.commit()
    _uid, version, _late = save(app, "SO1-01", "2026-10", "owner@example.se", date(2026, 11, 24),
                                version=2, comment="Efter återöppning")  # fmt: skip
    assert version == 3
    with pytest.raises(updates.Closed):
        save(
            app, "SO1-01", "2026-10", "owner@example.se", date(2026, 11, 26), version=3, comment="y"
        )


def test_every_revision_is_kept(app, client, login_as, world):
    uid, _v, _l = save(app, "SO1-01", "2026-10", "owner@example.se", TODAY, comment="Första")
    save(
        app,
        "SO1-01",
        "2026-10",
        "deputy@example.se",
        TODAY,
        version=1,
        comment="Andra",
        status="at_risk",
    )
    with app.app_context():
        revisions = db.session.scalars(
            select(UpdateRevision).order_by(UpdateRevision.version)
        ).all()
        assert [(r.version, r.comment, r.status, r.author.email) for r in revisions] == [
            (1, "Första", Status.ON_TRACK, "owner@example.se"),
            (2, "Andra", Status.AT_RISK, "deputy@example.se"),
        ]
    login_as(Role.MEMBER)
    html = client.get(f"/improvements/updates/{uid}/revisions").get_data(as_text=True)
    assert "Första" in html and "Andra" in html


def test_flags_need_their_texts_and_bad_values_are_refused(app, world):
    for data, field in (
        ({"needs_decision": True}, "decision_text"),
        ({"raise_to_politicians": True, "politicians_text": "  "}, "politicians_text"),
        ({"progress": 101}, "progress"),
        ({"progress": "50"}, "progress"),
        ({"status": "great"}, "status"),
    ):
        with pytest.raises(ValidationError) as raised:
            save(app, "SO1-01", "2026-10", "owner@example.se", TODAY, **data)
        assert field in raised.value.errors
    with pytest.raises(ValidationError) as raised:
        save(app, "SO1-01", "2026-12", "owner@example.se", TODAY)
    assert "period" in raised.value.errors  # in the future
    with pytest.raises(NotAllowed):
        save(app, "SO1-01", "2026-10", "other@example.se", TODAY)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StatusUpdate)) == 0


def row_fields(key, **values):
    base = {"status": "on_track", "version": "0", "progress": "50", "comment": "",
            "next_steps": "", "risks": "", "decision_text": "", "politicians_text": ""}  # fmt: skip
    base.update(values)
    return {f"{key}-{name}": value for name, value in base.items() if value is not None}


def test_one_submit_reports_on_everything(app, client, csrf, login_as, world, today):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(person=world["owner"])
    html = client.get("/my").get_data(as_text=True)
    due, planned, area = world["due"], world["planned"], world["area"]
    # October and November: the two due improvements and the area assessment, each month.
    for key in (f"i{due.id}-2026-10", f"i{planned.id}-2026-10", f"a{area.id}-2026-10",
                f"i{due.id}-2026-11"):  # fmt: skip
        assert f'id="{key}"' in html, key
    assert f'id="i{world["done"].id}-2026-10"' not in html  # done: not due
    form = {"csrf_token": csrf("/my")}
    form.update(row_fields(f"i{due.id}-2026-10", comment="Allt enligt plan", progress="60"))
    form.update(row_fields(f"i{planned.id}-2026-10", status="at_risk", comment="Sen start",
                           progress="5", needs_decision="y", decision_text="Mer resurser?"))  # fmt: skip
    form.update(row_fields(f"a{area.id}-2026-10", comment="Bra läge", progress=None))
    form.update(row_fields(f"i{due.id}-2026-11", status=""))  # not now
    response = client.post("/my", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with app.app_context():
        updates = db.session.scalars(select(StatusUpdate).order_by(StatusUpdate.id)).all()
        assert [(u.improvement.code, u.period, u.status, u.progress) for u in updates] == [
            ("SO1-01", "2026-10", Status.ON_TRACK, 60),
            ("SO1-02", "2026-10", Status.AT_RISK, 5),
        ]
        assert updates[1].needs_decision and updates[1].decision_text == "Mer resurser?"
        assert updates[0].organisation.code == "SBO"
        assessment = db.session.scalar(select(AreaAssessment))
        assert (assessment.person.email, assessment.status, assessment.comment) == (
            "owner@example.se",
            Status.ON_TRACK,
            "Bra läge",
        )
    html = client.get("/my").get_data(as_text=True)
    assert html.count("✓</span> Reported") == 3
    assert "3 reports saved." in html


def test_the_double_submit_makes_one_update(app, client, csrf, login_as, world, today):
    login_as(person=world["owner"])
    form = {
        "csrf_token": csrf("/my"),
        **row_fields(f"i{world['due'].id}-2026-10", comment="En gång"),
    }
    assert client.post("/my", data=form).status_code == 302
    assert client.post("/my", data=form).status_code == 302  # the same again
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StatusUpdate)) == 1
        assert db.session.scalar(select(StatusUpdate.version)) == 1


def test_two_people_editing_the_same_update_get_a_conflict_page(
    app, client, csrf, login_as, world, today
):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    save(app, "SO1-01", "2026-10", "owner@example.se", TODAY, comment="Ägarens text")
    # The deputy read version 1; meanwhile the owner saved version 2.
    save(app, "SO1-01", "2026-10", "owner@example.se", TODAY, version=1, comment="Ägarens nya text")
    login_as(person=world["deputy"])
    key = f"i{world['due'].id}-2026-10"
    form = {"csrf_token": csrf("/my"), **row_fields(key, comment="Ersättarens text", version="1")}
    response = client.post("/my", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Nothing has been overwritten." in html
    assert "Ägarens nya text" in html and "Ersättarens text" in html
    with app.app_context():
        assert db.session.scalar(select(StatusUpdate.comment)) == "Ägarens nya text"
    # Saving again, having seen theirs, replaces it.
    form[f"{key}-version"] = "2"
    assert client.post("/my", data=form).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(StatusUpdate.comment)) == "Ersättarens text"


def test_bad_rows_are_shown_at_their_fields_and_nothing_is_saved(
    app, client, csrf, login_as, world, today
):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(person=world["owner"])
    form = {"csrf_token": csrf("/my")}
    form.update(row_fields(f"i{world['due'].id}-2026-10", comment="Bra"))
    form.update(
        row_fields(f"i{world['planned'].id}-2026-10", progress="140", raise_to_politicians="y")
    )
    response = client.post("/my", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "From 0 to 100." in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StatusUpdate)) == 0


def test_a_deputy_reports_for_an_absent_owner(app, client, csrf, login_as, world, today):
    login_as(person=world["deputy"])
    key = f"i{world['due'].id}-2026-10"
    html = client.get("/my").get_data(as_text=True)
    assert f'id="{key}"' in html and f'id="i{world["planned"].id}-2026-10"' not in html
    response = client.post(
        "/my", data={"csrf_token": csrf("/my"), **row_fields(key, comment="Av ersättaren")}
    )
    assert response.status_code == 302
    with app.app_context():
        update = db.session.scalar(select(StatusUpdate))
        assert (
            update.author.email == "deputy@example.se"
            and update.improvement.owner.email == "owner@example.se"
        )


def test_completeness_matches_a_hand_count(app, client, login_as, world, today):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    # October: due SO1-01 (SBO, owner) and SO1-02 (SBO, owner); assessments due from the lead
    # (BUF) and the co-owner (owner, SBO). Reported: SO1-01 in time, SO1-02 late; the lead's
    # assessment. Missing: the owner's assessment.
    save(app, "SO1-01", "2026-10", "owner@example.se", date(2026, 11, 2))
    save(app, "SO1-02", "2026-10", "owner@example.se", date(2026, 11, 12))
    with app.app_context():
        area = db.session.get(
            type(db.session.get(Improvement, world["due"].id).area), world["area"].id
        )
        updates.save_assessment(db.session, area, "2026-10", {"status": "at_risk"},
                                  db.session.get(Person, world["lead"].id),
                                  today=date(2026, 11, 2), deadline_day=10)  # fmt: skip
        db.session.commit()
        result = completeness.completeness(db.session, "2026-10", 10)
    assert (result.total.due, result.total.reported, result.total.late) == (4, 3, 1)
    by_org = {o.code: (t.due, t.reported, t.late) for o, t in result.by_organisation}
    assert by_org == {"SBO": (3, 2, 1), "BUF": (1, 1, 0)}
    by_person = {p.email: (t.due, t.reported) for p, t in result.by_person}
    assert by_person == {"owner@example.se": (3, 2), "lead@example.se": (1, 1)}
    login_as(Role.MEMBER)
    html = client.get("/completeness?period=2026-10").get_data(as_text=True)
    assert "75 %" in html and "67 %" in html  # the owner: 2 of 3
    response = client.get("/completeness?period=2026-13")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Write the period as YYYY-MM, for example 2026-10. Showing October 2026." in html


def test_an_area_whose_owners_disagree_shows_the_split(app, client, login_as, world, today):
    today(date(2026, 11, 20))
    with app.app_context():
        from tracker.models import StrategicArea

        area = db.session.get(StrategicArea, world["area"].id)
        for email, status in (("lead@example.se", "on_track"), ("owner@example.se", "at_risk")):
            person = db.session.scalar(select(Person).where(Person.email == email))
            updates.save_assessment(db.session, area, "2026-10", {"status": status, "comment": email},
                                      person, today=date(2026, 11, 2), deadline_day=10)  # fmt: skip
        db.session.commit()
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(Role.MEMBER)
    html = client.get("/areas/SO1").get_data(as_text=True)
    assert "The owners disagree:" in html
    assert html.index("On track") < html.index("At risk")
    assert "average" not in html.lower()


class FakeSMTP:
    """Stands in for smtplib.SMTP: records what would have been sent."""

    sent: list = []

    def __init__(self, host, port, timeout=None):
        self.host = host

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, user, password):
        pass

    def send_message(self, message):
        FakeSMTP.sent.append(message)


def test_remind_names_exactly_the_people_with_missing_reports_and_sends_once(
    app, runner, world, today, monkeypatch
):
    # October: the owner has reported SO1-01 but not SO1-02 nor the area; the lead has not
    # assessed the area. The deputy and the other member owe nothing.
    save(app, "SO1-01", "2026-10", "owner@example.se", TODAY)
    with app.app_context():
        db.session.get(Person, world["lead"].id).locale = "en"
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


def test_api_updates(app, api_client, world, today):
    owner_call, owner_token = api_client(person=world["owner"])
    body = {"period": "2026-10", "status": "at_risk", "progress": 30, "comment": "Via API"}
    response = owner_call("POST", "/improvements/SO1-01/updates", owner_token, body)
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert (created["version"], created["author"], created["organisation"], created["late"]) == (
        1,
        "owner@example.se",
        "SBO",
        False,
    )
    # A second POST: 409 with the existing id and version.
    again = owner_call("POST", "/improvements/SO1-01/updates", owner_token, body)
    assert again.status_code == 409
    assert (again.get_json()["id"], again.get_json()["version"]) == (created["id"], 1)
    # PATCH with the version read; then a stale PATCH gets 409.
    ok = owner_call(
        "PATCH", f"/updates/{created['id']}", owner_token, {"version": 1, "progress": 35}
    )
    assert ok.status_code == 200 and ok.get_json()["version"] == 2
    stale = owner_call(
        "PATCH", f"/updates/{created['id']}", owner_token, {"version": 1, "progress": 36}
    )
    assert stale.status_code == 409 and stale.get_json()["version"] == 2
    # Reading them back.
    listed = owner_call("GET", "/updates?period=2026-10&improvement=SO1-01", owner_token).get_json()
    assert listed["total"] == 1 and listed["items"][0]["progress"] == 35
    assert owner_call("GET", "/updates?period=2026-1", owner_token).status_code == 422
    # Someone who neither owns nor deputises: 403; a politician: 403; bad fields: 422.
    other_call, other_token = api_client(person=world["other"])
    assert other_call("POST", "/improvements/SO1-02/updates", other_token, body).status_code == 403
    pol_call, pol_token = api_client(Role.POLITICIAN)
    assert pol_call("GET", "/updates?period=2026-10", pol_token).status_code == 403
    for bad in ({"progress": 101}, {"status": "fine"}, {"progress": "x"}, {"period": "2027-01"},
                {"owner_id": 5}, {"needs_decision": True}):  # fmt: skip
        response = owner_call("POST", "/improvements/SO1-02/updates", owner_token, {**body, **bad})
        assert response.status_code == 422, (bad, response.get_json())
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StatusUpdate)) == 1
    completeness = owner_call("GET", "/completeness?period=2026-10", owner_token).get_json()
    assert completeness["total"] == {"due": 4, "reported": 1, "late": 0, "missing": 3}


def test_an_owner_closes_an_improvement_with_a_note(app, client, csrf, login_as, world, today):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(person=world["owner"])
    response = client.post(
        "/improvements/SO1-01/close", data={"state": "done", "note": "", "csrf_token": csrf()}
    )
    assert response.status_code == 422 and "Say why it is closed." in response.get_data(
        as_text=True
    )
    response = client.post("/improvements/SO1-01/close",
                           data={"state": "done", "note": "Alla tjänster tillsatta.", "csrf_token": csrf()})  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        item = db.session.get(Improvement, world["due"].id)
        assert (
            item.state == ImprovementState.DONE and item.closing_note == "Alla tjänster tillsatta."
        )
    assert codes(app, "2026-11") == ["SO1-02", "SO1-03"]  # a closed improvement is not due
    client.post("/logout", data={"csrf_token": csrf()})
    login_as(person=world["deputy"])  # the deputy reports but does not close
    assert (
        client.post(
            "/improvements/SO1-02/close",
            data={"state": "cancelled", "note": "x", "csrf_token": csrf()},
        ).status_code
        == 403
    )


def test_an_admin_reopens_and_reminds_from_the_completeness_page(
    app, client, csrf, login_as, world, today, monkeypatch
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


def test_closing_or_moving_an_improvement_does_not_rewrite_earlier_months(
    app, client, csrf, login_as, world
):
    save(app, "SO1-01", "2026-10", "owner@example.se", date(2026, 11, 3))
    from tracker.services import improvements

    with app.app_context():
        item = db.session.get(Improvement, world["due"].id)
        owner = db.session.get(Person, world["owner"].id)
        improvements.close(db.session, item, "done", "Klart.", owner)
        item.organisation_id = world["dep"].id  # a reorganisation moves it to BUF
        db.session.commit()
        result = completeness.completeness(db.session, "2026-10", 10)
    # The October report still counts, and for SBO, the organisation it was made for.
    by_org = {o.code: (t.due, t.reported) for o, t in result.by_organisation}
    assert by_org["SBO"][1] == 2 - 1 and by_org["SBO"][0] >= 1
    assert result.total.reported == 1
    # And it can still be revised before the deadline.
    _uid, version, _late = save(app, "SO1-01", "2026-10", "owner@example.se", date(2026, 11, 4),
                                version=1, comment="Efter avslut")  # fmt: skip
    assert version == 2


def test_closing_through_the_edit_form_or_api_needs_a_note(
    app, client, csrf, login_as, api_client, world
):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(person=world["owner"])
    html = client.post(
        "/improvements/SO1-01/edit",
        data={
            "description": "",
            "state": "done",
            "start": "",
            "due": "",
            "closing_note": "",
            "csrf_token": csrf(),
        },
    ).get_data(as_text=True)
    assert "Say why it is closed" in html
    call, token = api_client(person=world["owner"])
    response = call("PATCH", "/improvements/SO1-01", token, {"state": "cancelled"})
    assert response.status_code == 422 and "closing_note" in response.get_json()["errors"]
    response = call(
        "PATCH",
        "/improvements/SO1-01",
        token,
        {"state": "cancelled", "closing_note": "Ersatt av SO1-02."},
    )
    assert (
        response.status_code == 200 and response.get_json()["closing_note"] == "Ersatt av SO1-02."
    )


def test_every_row_starts_at_not_now_with_nothing_filled_in(app, client, login_as, world, today):
    save(app, "SO1-01", "2026-09", "owner@example.se", date(2026, 10, 2), comment="Septembers")
    login_as(person=world["owner"])
    html = client.get("/my").get_data(as_text=True)
    key_oct, key_nov = f"i{world['due'].id}-2026-10", f"i{world['due'].id}-2026-11"

    def checked(key):
        inputs = re.findall(rf'<input[^>]*name="{key}-status"[^>]*>', html)
        return [re.search(r'value="([^"]*)"', i).group(1) for i in inputs if " checked" in i]

    # An ended month and this month alike: "Not now" until the owner chooses, and no text
    # carried over from September (only "Unchanged since last month" copies it).
    assert checked(key_oct) == [""]
    assert checked(key_nov) == [""]
    assert "Septembers" not in html
    assert re.search(rf'<input[^>]*name="{key_oct}-progress"[^>]*value="50"', html) is None


def test_a_failed_email_is_tried_again_on_the_next_run(app, runner, world, today, monkeypatch):
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
    return client.post("/completeness/remind", data={"period": period, "csrf_token": csrf()},
                       follow_redirects=True)  # fmt: skip


def test_the_page_counts_the_reminders_sent_and_names_the_address_refused(
    app, client, csrf, login_as, world, today, monkeypatch
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
    app, client, csrf, login_as, world, today, monkeypatch
):
    app.config["MAIL_SERVER"] = "mail.example.se"  # the page in Swedish, the default
    login_as(Role.ADMIN, email="admin@example.se")
    FakeSMTP.sent = []
    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    assert flashes(press_remind(client, csrf)) == [("info", "2 påminnelser har skickats.")]
    assert flashes(press_remind(client, csrf)) == [
        ("info", "Alla med saknade rapporter för 2026-10 har redan påmints i dag; "
                 "inga påminnelser har skickats."),
    ]  # fmt: skip
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
    app, client, csrf, login_as, runner, world, today, monkeypatch
):
    from tracker.models import Reminder
    from tracker.services import reminders

    outcomes = []
    real = reminders.remind

    def spy(*args, **kwargs):
        outcome = real(*args, **kwargs)
        outcomes.append((len(outcome.sent), [m.person.email for m in outcome.failed],
                         len(outcome.skipped)))  # fmt: skip
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
    app, client, csrf, login_as, runner, world, today, monkeypatch
):
    from tracker.models import Reminder

    app.config["MAIL_SERVER"] = ""
    FakeSMTP.sent = []
    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    login_as(Role.ADMIN, email="admin@example.se")
    assert flashes(press_remind(client, csrf)) == [
        ("error", "Ingen e-postserver är inställd (TRACKER_MAIL_SERVER), så det går inte att "
                  "skicka påminnelser."),
    ]  # fmt: skip
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

    from tracker.models import Improvement, StrategicArea

    area = StrategicArea(code="SO1", title="Trygg\nuppväxt")
    improvement = Improvement(code="SO1-01", title="Rekrytering\n- Falsk rad")
    context = {"person": Person(name="Lena\nLead"), "period": "2026-10", "url": "https://x/my",
               "items": [(area, improvement), (area, None)]}  # fmt: skip
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
    app, world, today
):
    from tracker.models import Reminder
    from tracker.services import reminders

    config = {"BASE_URL": "https://tracker.example.se", "BABEL_DEFAULT_LOCALE": "sv",
              "MAIL_SERVER": None, "REPORT_DEADLINE_DAY": 10}  # fmt: skip
    with app.app_context():
        with pytest.raises(reminders.CannotRemind) as refused:
            reminders.remind(db.session, "2026-08", TODAY, config, render=render_template,
                             dry_run=True)  # fmt: skip
        assert (refused.value.reason, refused.value.period) == (
            reminders.Refusal.PERIOD_CLOSED,
            "2026-08",
        )
        with pytest.raises(reminders.CannotRemind) as refused:
            reminders.remind(db.session, "2026-10", TODAY, config, render=render_template)
        assert refused.value.reason is reminders.Refusal.NO_MAIL_SERVER
        outcome = reminders.remind(db.session, "2026-10", TODAY, config, render=render_template,
                                   dry_run=True)  # fmt: skip
        assert [m.person.email for m in outcome.sent] == ["lead@example.se", "owner@example.se"]
        assert (outcome.dry_run, outcome.failed, outcome.skipped) == (True, [], [])
        assert "https://tracker.example.se/my" in outcome.sent[0].body
        assert db.session.scalar(select(func.count()).select_from(Reminder)) == 0


def test_the_api_refuses_fractions_and_future_periods(app, api_client, world, today):
    call, token = api_client(person=world["owner"])
    body = {"period": "2026-10", "status": "on_track", "progress": 50.7}
    assert call("POST", "/improvements/SO1-01/updates", token, body).status_code == 422
    assert call("GET", "/completeness?period=2027-01", token).status_code == 422
    assert call("GET", "/updates?period=2027-01", token).status_code == 422


def test_a_period_is_reopened_only_after_its_deadline(app, world):
    with app.app_context():
        admin = db.session.get(Person, world["lead"].id)
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


def test_completeness_opens_on_last_month_like_the_dashboard(
    app, client, csrf, login_as, world, today
):
    login_as(Role.ADMIN, email="admin@example.se")
    for day in (date(2026, 11, 5), date(2026, 11, 20)):
        today(day)
        for path in ("/completeness", "/dashboard"):
            html = client.get(path).get_data(as_text=True)
            assert re.search(r'<option value="2026-10"\s+selected', html), (day, path)
    # After October's deadline: October can be reopened, and the reminder for November, the
    # period whose deadline comes next, is still offered.
    html = client.get("/completeness").get_data(as_text=True)
    assert 'action="/completeness/reopen"' in html
    assert '<input type="hidden" name="period" value="2026-11">' in html
    # Before the deadline: no reopening, a reminder for October.
    today(date(2026, 11, 5))
    html = client.get("/completeness").get_data(as_text=True)
    assert 'action="/completeness/reopen"' not in html
    assert '<input type="hidden" name="period" value="2026-10">' in html


def test_reopening_a_period_before_its_deadline_is_refused_and_writes_nothing(
    app, client, csrf, login_as, world, today
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
