"""Organisations through the pages: an admin adds, renames and archives one, never deletes it, and an archived one cannot be chosen anew; bad input on any of the management forms is shown at the field and writes nothing."""

from sqlalchemy import select

from tests.conftest import post, rows
from tracker.extensions import db
from tracker.models import AuditEvent, Improvement, Organisation, Person, StrategicArea


def test_an_admin_manages_organisations_and_archives_instead_of_deleting(
    app, client, csrf, login_as, one_improvement
):
    login_as(person=one_improvement["admin"])
    # Added, then renamed.
    for path, name in [
        ("/organisations/new", "Sjövik Energi"),
        ("/organisations/SEV/edit", "Sjövik Energi och Vatten AB"),
    ]:
        response = post(client, csrf, path, {"code": "SEV", "name": name, "kind": "company"})
        assert response.status_code == 302, path
    post(client, csrf, "/organisations/SEV/archive", {})
    with app.app_context():
        org = db.session.scalar(select(Organisation).where(Organisation.code == "SEV"))
        assert org.name == "Sjövik Energi och Vatten AB" and org.archived
    # An archived organisation cannot be chosen anew.
    html = post(
        client,
        csrf,
        "/people/new",
        {
            "name": "Ny",
            "email": "ny@example.se",
            "organisation": "SEV",
            "role": "member",
            "locale": "",
        },
    ).get_data(as_text=True)
    assert (
        "Sjövik Energi och Vatten AB"
        not in html.split('id="organisation"')[1].split("</select>")[0]
    )


def test_bad_input_is_shown_at_the_field_and_writes_nothing(
    app, client, csrf, login_as, one_improvement
):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(person=one_improvement["admin"])
    with app.app_context():
        gone = db.session.get(Person, one_improvement["co"].id)
    before = {
        m: rows(app, m) for m in (Organisation, Person, StrategicArea, Improvement, AuditEvent)
    }

    html = post(
        client, csrf, "/organisations/new", {"code": "BUF", "name": "Igen", "kind": "department"}
    ).get_data(as_text=True)
    assert "already taken" in html and 'aria-invalid="true"' in html
    html = post(
        client,
        csrf,
        "/people/new",
        {
            "name": "X",
            "email": "LEAD@example.se",
            "organisation": "",
            "role": "member",
            "locale": "",
        },
    ).get_data(as_text=True)
    assert "Someone already has this email address." in html
    html = post(
        client, csrf, "/areas/new", {"code": "", "title": "", "lead": "", "order": "0"}
    ).get_data(as_text=True)
    assert "Enter a code." in html and "Enter a title." in html and "Choose the lead owner." in html
    html = post(
        client,
        csrf,
        "/areas/new",
        {"code": "SO2", "title": "T" * 201, "lead": "lead@example.se", "order": "0"},
    ).get_data(as_text=True)
    assert "Field cannot be longer than 200 characters." in html
    html = post(
        client,
        csrf,
        "/areas/new",
        {
            "code": "SO2",
            "title": "T",
            "lead": "lead@example.se",
            "co_owners": ["lead@example.se"],
            "order": "0",
        },
    ).get_data(as_text=True)
    assert "The lead owner cannot also be a co-owner." in html
    item = {
        "code": "SO1-02",
        "area": "SO1",
        "title": "T",
        "owner": "co@example.se",
        "deputy": "",
        "organisation": "",
        "state": "planned",
        "start": "2026-05-01",
        "due": "2026-04-01",
    }
    html = post(client, csrf, "/improvements/new", item).get_data(as_text=True)
    assert "The due date cannot be before the start." in html
    html = post(
        client, csrf, "/improvements/new", {**item, "due": "", "owner": "nobody@example.se"}
    ).get_data(as_text=True)
    assert "Not a valid choice" in html
    with app.app_context():
        assert db.session.get(Person, gone.id).active is True
    after = {m: rows(app, m) for m in before}
    assert after == before
