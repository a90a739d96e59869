"""A person's data exported (the right of access) and a person who has left pseudonymised under
a disposal decision: everything about them in the export; afterwards their old name and email
nowhere but in the reports published before."""

import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, or_, select

from tests.browser import ARTIFACTS, axe_violations, sign_in_by_keyboard
from tests.conftest import post
from tests.pages import page_paths, publish_two_reports, sign_in
from tracker.extensions import db
from tracker.models import (
    ApiToken,
    AreaAssessment,
    AuditEvent,
    Improvement,
    Person,
    PublishedReport,
    Role,
    StatusUpdate,
    TeamRole,
    TeamRoleResult,
    UpdateRevision,
    utcnow,
)
from tracker.services import ValidationError, improvements, people, personal_data, tokens

TODAY = date(2026, 11, 30)


@pytest.fixture
def author(app, demo_people):
    """A demo group member who wrote reports and assessments and is named in the history."""
    with app.app_context():
        wrote = (
            select(StatusUpdate.author_id)
            .group_by(StatusUpdate.author_id)
            .order_by(func.count().desc(), StatusUpdate.author_id)
            .limit(1)
        )
        person = db.session.get(Person, db.session.scalar(wrote))
        return person.id, person.name, person.email


def test_the_export_holds_everything_the_person_wrote(app, author):
    pid, name, email = author
    with app.app_context():
        person = db.session.get(Person, pid)
        tokens.create(db.session, person, "Kalkylblad", days=30)
        # Made deputy of an improvement someone else owns: an ownership in the history.
        item = db.session.scalar(
            select(Improvement)
            .where(Improvement.owner_id != pid, Improvement.deputy_id.is_distinct_from(pid))
            .order_by(Improvement.code)
        )
        improvements.update(db.session, item, {"deputy": email}, _admin(db.session))
        code = item.code
        db.session.commit()
        document = personal_data.export(db.session, person)
        reports = db.session.execute(
            select(StatusUpdate.id, StatusUpdate.period).where(StatusUpdate.author_id == pid)
        ).all()
        revisions = db.session.scalars(
            select(UpdateRevision.id).where(UpdateRevision.author_id == pid)
        ).all()
        assessments = db.session.scalars(
            select(AreaAssessment.id).where(AreaAssessment.person_id == pid)
        ).all()
        made = db.session.scalar(select(func.count()).where(AuditEvent.actor_id == pid))
    text = json.dumps(document, ensure_ascii=False)  # JSON as it is, nothing left to convert
    assert document["profile"]["name"] == name and document["profile"]["email"] == email
    assert "password_hash" not in text and "token_hash" not in text
    assert sorted((r["id"], r["period"]) for r in document["reports"]) == sorted(reports)
    assert len(reports) >= 3
    assert sorted(r["id"] for r in document["report_revisions"]) == sorted(revisions)
    assert sorted(a["id"] for a in document["area_assessments"]) == sorted(assessments)
    assert len(document["history_made"]) == made
    assert [t["name"] for t in document["api_tokens"]] == ["Kalkylblad"]
    # Ownerships over time name the person by email, whatever the history stores.
    assert (code, "deputy") in {(e["item"], e["field"]) for e in document["ownerships_over_time"]}
    for event in document["ownerships_over_time"]:
        assert email in f"{event['old']}, {event['new']}".split(", ")
    held = document["holds_now"]
    assert held["improvements_owned"] or held["areas_led"] or held["areas_co_owned"]


def test_the_export_on_the_command_line(app, runner, author, tmp_path):
    _pid, name, email = author
    result = runner.invoke(args=["people", "export", email.upper()])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["profile"]["name"] == name
    file = tmp_path / "export.json"
    result = runner.invoke(args=["people", "export", email, "--output", str(file)])
    assert result.exit_code == 0
    assert json.loads(file.read_text())["profile"]["email"] == email
    assert file.stat().st_mode & 0o077 == 0
    assert runner.invoke(args=["people", "export", email, "-o", str(file)]).exit_code == 1
    result = runner.invoke(args=["people", "export", "nobody@example.se"])
    assert result.exit_code == 1 and "No person has the email" in result.output


def _admin(session):
    return session.scalar(select(Person).where(Person.role == Role.ADMIN, Person.active))


def _state(session, pid):
    person = session.get(Person, pid)
    events = session.scalar(select(func.count()).select_from(AuditEvent))
    return (person.name, person.email, person.title, person.version, person.active, events)


@pytest.mark.parametrize(
    ("active", "reference", "decided_on", "field", "words"),
    [
        (True, "KS 2026/123", TODAY, "person", "Deactivate the person"),
        (False, "", TODAY, "reference", "This field is required."),
        (False, "   ", TODAY, "reference", "This field is required."),
        (False, "KS 2026/123", None, "decided_on", "Give the date"),
        (False, "KS 2026/123", TODAY + timedelta(days=30), "decided_on", "future"),
        (False, "KS\n2026", TODAY, "reference", ""),
    ],
)
def test_pseudonymising_is_refused_without_its_grounds(
    app, author, active, reference, decided_on, field, words
):
    pid, _name, _email = author
    with app.app_context():
        admin = _admin(db.session)
        person = db.session.get(Person, pid)
        if not active:
            people.update(db.session, person, {"active": False}, admin)
            db.session.commit()
        before = _state(db.session, pid)
        with pytest.raises(ValidationError) as refused:
            personal_data.pseudonymise(db.session, person, reference, decided_on, admin)
        db.session.rollback()
        assert field in refused.value.errors
        with force_locale("en"):
            assert words in " ".join(map(str, refused.value.errors[field]))
        assert _state(db.session, pid) == before


def test_a_pseudonymised_person_keeps_their_reports_under_the_pseudonym(app, author):
    pid, name, email = author
    with app.app_context():
        admin = _admin(db.session)
        person = db.session.get(Person, pid)
        tokens.create(db.session, person, "Kalkylblad", days=30)
        person.external_id, person.external_issuer = "sub-1", "https://id.example.se"
        person.last_signed_in_at = utcnow()
        people.update(db.session, person, {"active": False}, admin)
        if not person.team_roles:
            db.session.add(TeamRoleResult(person_id=pid, rank=1, role=TeamRole.PLANT))
        db.session.commit()
        reports = db.session.scalar(select(func.count()).where(StatusUpdate.author_id == pid))
        generation = person.session_generation
        personal_data.pseudonymise(db.session, person, " KS 2026/123 ", TODAY, admin)
        db.session.commit()
        db.session.expire_all()
        person = db.session.get(Person, pid)
        assert person.name == f"Tidigare medarbetare {pid}"
        assert person.email.endswith(".invalid") and person.title == ""
        assert person.password_hash is None and person.external_id is None
        assert person.external_issuer is None and person.last_signed_in_at is None
        assert person.pseudonymised_at is not None
        assert person.session_generation > generation
        assert db.session.scalar(select(func.count()).where(ApiToken.person_id == pid)) == 0
        assert person.team_roles == []
        assert db.session.scalar(select(func.count()).where(StatusUpdate.author_id == pid)) == (
            reports
        )
        event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (event.action, event.entity_id, event.new_value, event.actor_id) == (
            "pseudonymise",
            pid,
            "KS 2026/123 (2026-11-30)",
            admin.id,
        )
        # Once, and for good.
        with pytest.raises(ValidationError):
            personal_data.pseudonymise(db.session, person, "KS 2026/124", TODAY, admin)
        db.session.rollback()
        with pytest.raises(ValidationError):
            people.set_password(db.session, person, "a-new-long-password-2026", admin)
        db.session.rollback()
        for change in ({"active": True}, {"name": name}, {"email": email}):
            with pytest.raises(ValidationError) as refused:
                people.update(db.session, person, change, admin)
            db.session.rollback()
            with force_locale("en"):
                assert "is pseudonymised and cannot be changed" in str(refused.value.errors)
        export = json.dumps(personal_data.export(db.session, person), ensure_ascii=False)
    assert name not in export and email not in export
    assert "KS 2026/123" in export
    # The token's name and the team roles were theirs alone: not kept in the history either.
    assert "Kalkylblad" not in export and "plant" not in export


def test_pseudonymising_on_the_command_line(app, runner, author):
    _pid, name, email = author
    pseudonymise = ["people", "pseudonymise", email, "--decision", "KS 2026/9"]
    pseudonymise += ["--decided-on", "2026-11-02"]
    result = runner.invoke(args=pseudonymise)
    assert result.exit_code == 1 and "Deactivate the person" in result.output
    assert runner.invoke(args=["users", "deactivate", email]).exit_code == 0
    result = runner.invoke(args=pseudonymise)
    assert result.exit_code == 0, result.output
    assert f"{name} is now Tidigare medarbetare" in result.output
    result = runner.invoke(args=["people", "export", email])
    assert result.exit_code == 1  # the email is gone


def test_after_pseudonymisation_no_page_api_answer_or_export_shows_the_old_name(
    app, client, author, demo_people
):
    """Every page as an admin, the items the person owned, reported on or was named in, the
    history, the Excel export and every API answer about them: neither the old name nor the
    old email. Published reports stay as they were made."""
    pid, name, email = author
    with app.app_context():
        admin = _admin(db.session)
        admin_email = admin.email
        reported = select(StatusUpdate.improvement_id).where(StatusUpdate.author_id == pid)
        items = db.session.scalars(
            select(Improvement).where(
                or_(
                    Improvement.owner_id == pid,
                    Improvement.deputy_id == pid,
                    Improvement.id.in_(reported),
                )
            )
        ).all()
        codes = sorted({i.code for i in items})
        periods_reported = sorted(
            set(
                db.session.scalars(select(StatusUpdate.period).where(StatusUpdate.author_id == pid))
            )
        )
        areas = sorted({i.area.code for i in items})
        # Named in the history as the old and the new deputy of one improvement.
        other = next(i for i in items if i.owner_id != pid)
        improvements.update(db.session, other, {"deputy": email}, admin)
        improvements.update(db.session, other, {"deputy": None}, admin)
        other_code = other.code
        people.update(db.session, db.session.get(Person, pid), {"active": False}, admin)
        secret = tokens.create(db.session, admin, "Granskning", days=1)[1]
        db.session.commit()
    sign_in(client, admin_email, app.config["DEMO_PASSWORD"])
    publish_two_reports(client)
    # Before: the name on the person's page, their items' pages and in the history.
    for path in [f"/people/{pid}", f"/improvements/{other_code}", f"/history?person={pid}"]:
        assert name in client.get(path).get_data(as_text=True), path
    with app.app_context():
        published = [(r.id, r.document) for r in db.session.scalars(select(PublishedReport))]
        personal_data.pseudonymise(
            db.session, db.session.get(Person, pid), "KS 2026/123", TODAY, _admin(db.session)
        )
        db.session.commit()

    def clean(path, body):
        text = body.decode("utf-8", "replace")
        assert name not in text and email not in text, path

    exempt = {f"/reports/{report_id}" for report_id, _ in published}
    paths = [p for p in page_paths(app) if p not in exempt]
    paths += [f"/people/{pid}", f"/team-roles/{pid}", "/history", f"/history?person={pid}"]
    paths += [f"/improvements/{c}" for c in codes] + [f"/areas/{c}" for c in areas]
    for path in paths:
        response = client.get(path, follow_redirects=True)
        assert response.status_code in (200, 422), path
        clean(path, response.data)
    for export in ("/summary/export.xlsx", "/export.xlsx"):
        with zipfile.ZipFile(io.BytesIO(client.get(export).data)) as xlsx:
            for part in xlsx.namelist():
                clean(export + " " + part, xlsx.read(part))
    api = [
        "/api/v1/people",
        "/api/v1/areas",
        "/api/v1/improvements?per_page=200",
        "/api/v1/meetings",
    ]
    for period in periods_reported:
        api += [
            f"/api/v1/updates?period={period}&per_page=200",
            f"/api/v1/dashboard?period={period}",
            f"/api/v1/summary?period={period}",
        ]
    api += [f"/api/v1/improvements/{c}/history" for c in codes]
    api += [f"/api/v1/areas/{c}/history" for c in areas]
    for path in api:
        response = client.get(path, headers={"Authorization": f"Bearer {secret}"})
        assert response.status_code == 200, path
        clean(path, response.data)
    assert (
        client.get(
            f"/api/v1/people/{email}", headers={"Authorization": f"Bearer {secret}"}
        ).status_code
        == 404
    )
    # The published reports are public documents: as they were made.
    assert published
    with app.app_context():
        for report_id, document in published:
            assert db.session.get(PublishedReport, report_id).document == document


def test_an_admin_exports_and_pseudonymises_on_the_persons_page(
    app, client, csrf, login_as, factory
):
    person = factory.person(name="Petra Holm", email="petra.holm@example.se", title="Chef")
    login_as(Role.MEMBER)
    assert client.get(f"/people/{person.id}/personal-data.json").status_code == 403
    client.post("/logout", data={"csrf_token": csrf()})
    admin = login_as(Role.ADMIN)
    html = client.get(f"/people/{person.id}").get_data(as_text=True)
    assert "Exportera personuppgifter" in html and "Pseudonymisera" not in html  # active
    response = client.get(f"/people/{person.id}/personal-data.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.get_json()["profile"]["email"] == "petra.holm@example.se"

    decision = {"reference": "KS 2026/77", "decided_on": "2026-11-02", "understood": "y"}
    path = f"/people/{person.id}/pseudonymise"
    response = post(client, csrf, path, decision)
    assert response.status_code == 422  # still active: nothing changed
    assert "Inaktivera personen" in response.get_data(as_text=True)
    with app.app_context():
        version = db.session.get(Person, person.id).version
    deactivated = post(client, csrf, f"/people/{person.id}/active", {"version": version})
    assert deactivated.status_code == 302, deactivated.get_data(as_text=True)[-3000:]
    for missing in ("reference", "decided_on", "understood"):
        response = post(client, csrf, path, {k: v for k, v in decision.items() if k != missing})
        assert response.status_code == 422, missing
    assert client.post(path, data=decision).status_code == 400  # no CSRF token
    with app.app_context():
        assert db.session.get(Person, person.id).name == "Petra Holm"
    response = post(client, csrf, path, decision)
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Tidigare medarbetare {person.id}" in html
    assert "Petra Holm" not in html and "petra.holm@example.se" not in html
    assert "KS 2026/77" in html  # the decision, in the history
    assert admin.name in html


def test_pseudonymising_by_keyboard_in_the_browser(app, page, demo_people):
    """The person who has left, on their page: the form is reached and sent with the keyboard,
    axe finds nothing, and the page then shows the pseudonym."""
    with app.app_context():
        left = db.session.scalar(select(Person).where(Person.active.is_(False)))
        pid, name = left.id, left.name
    sign_in_by_keyboard(page, demo_people["admin"][0], app.config["DEMO_PASSWORD"])
    page.goto(f"/people/{pid}")
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "pseudonymise_form.png"), full_page=True)
    page.get_by_label("Gallringsbeslutets diarienummer").focus()
    page.keyboard.type("KS 2026/123")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "decided_on"
    # The date field's parts follow the browser's own locale, not the page's: filled whole.
    page.fill("#decided_on", "2026-11-02")
    page.get_by_label("Jag förstår att detta inte kan ångras.").focus()
    page.keyboard.press("Space")
    assert page.get_by_label("Jag förstår att detta inte kan ångras.").is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Pseudonymisera"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text().startswith(f"Tidigare medarbetare {pid}")
    assert name not in page.content()
    assert axe_violations(page) == []
