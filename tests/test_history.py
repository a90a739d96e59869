"""Every create, edit, archive, reassignment and role change is in the history, with old and
new values, shown in plain words and through the API."""

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tests.conftest import post
from tracker.extensions import db
from tracker.i18n import describe
from tracker.models import AuditEvent, OrganisationKind, Role
from tracker.services import history


def events(app, entity_type=None):
    """The events as the API names them: people by email, the rest by code."""
    with app.app_context():
        query = select(AuditEvent).order_by(AuditEvent.id)
        if entity_type:
            query = query.where(AuditEvent.entity_type == entity_type)
        return [
            (e.event.action, e.event.field, e.old_key, e.new_key, e.actor_key)
            for e in history.entries(db.session, db.session.scalars(query).all())
        ]


def test_every_kind_of_change_is_recorded_with_old_and_new(app, client, csrf, login_as, factory):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    dep = factory.org(code="BUF", name="BUF")
    com = factory.org(code="SBO", name="SBO", kind=OrganisationKind.COMPANY)
    lead = factory.person(org=dep, email="lead@example.se", name="Lena")
    other = factory.person(org=com, email="other@example.se", name="Omar")
    admin = login_as(Role.ADMIN, org=dep, email="admin@example.se")

    # Create.
    post(
        client,
        csrf,
        "/areas/new",
        {
            "code": "SO1",
            "title": "Trygghet",
            "lead": "lead@example.se",
            "co_owners": ["other@example.se"],
            "order": "1",
        },
    )
    created = events(app, "strategic_area")
    assert ("create", "title", None, "Trygghet", "admin@example.se") in created
    assert ("create", "co_owners", None, "other@example.se", "admin@example.se") in created
    # Edit and reassignment.
    post(
        client,
        csrf,
        "/areas/SO1/edit",
        {
            "code": "SO1",
            "title": "Trygghet i Sjövik",
            "lead": "other@example.se",
            "co_owners": ["lead@example.se"],
            "order": "1",
        },
    )
    changed = events(app, "strategic_area")[len(created) :]
    assert ("update", "title", "Trygghet", "Trygghet i Sjövik", "admin@example.se") in changed
    assert ("update", "lead", "lead@example.se", "other@example.se", "admin@example.se") in changed
    assert (
        "update",
        "co_owners",
        "other@example.se",
        "lead@example.se",
        "admin@example.se",
    ) in changed
    # Archive.
    post(client, csrf, "/areas/SO1/archive", {})
    assert events(app, "strategic_area")[-1] == (
        "update",
        "archived",
        "false",
        "true",
        "admin@example.se",
    )
    # Role change and deactivation.
    post(
        client,
        csrf,
        f"/people/{lead.id}/edit",
        {
            "name": "Lena",
            "email": "lead@example.se",
            "title": "",
            "organisation": "BUF",
            "role": "admin",
            "locale": "",
        },
    )
    post(client, csrf, f"/people/{lead.id}/active", {})
    person_events = events(app, "person")
    assert ("update", "role", "member", "admin", "admin@example.se") in person_events
    assert person_events[-1] == ("update", "active", "true", "false", "admin@example.se")

    # In plain words on the pages.
    html = client.get("/areas/SO1").get_data(as_text=True)
    assert "Reassigned the lead owner from Lena to Omar." in html
    assert "Changed the title from “Trygghet” to “Trygghet i Sjövik”." in html
    assert "Archived it." in html
    html = client.get(f"/people/{lead.id}").get_data(as_text=True)
    assert "Changed the role from “Group member” to “Administrator”." in html
    assert "Deactivated the person." in html
    # And in the admin's log, filtered.
    html = client.get(f"/history?person={admin.id}&item=SO1").get_data(as_text=True)
    assert "Trygghet i Sjövik" in html and "Changed the role" not in html
    assert other.email == "other@example.se" and com.code == "SBO"


def test_the_history_api(app, api, token_for, factory):
    dep = factory.org(code="BUF")
    lead = factory.person(org=dep, email="lead@example.se")
    area = factory.area(lead, code="SO1")
    factory.improvement(area, lead, code="SO1-01")
    token = token_for(Role.ADMIN)
    response = api("PATCH", "/areas/SO1", token, {"goal": "Alla känner sig trygga"})
    assert response.status_code == 200
    items = api("GET", "/areas/SO1/history", token).get_json()["items"]
    assert (
        items[0]["field"] == "goal"
        and items[0]["old"] == ""
        and items[0]["new"] == "Alla känner sig trygga"
    )
    assert items[0]["actor"].endswith("@example.se") and items[0]["at"].endswith("+00:00")
    assert api("GET", "/improvements/SO1-01/history", token).get_json() == {"items": []}
    assert api("GET", "/areas/NOPE/history", token).status_code == 404


@pytest.mark.parametrize(
    ("action", "field", "words"),
    [
        ("create", "name", "Created it with a name."),
        ("update", "email", "Changed the email."),
        ("update", "team_roles", "Changed the team roles."),
        ("create_token", "token", "Created an API token."),
        ("revoke_token", "token", "Revoked an API token."),
    ],
)
def test_a_persons_own_values_are_not_kept_and_the_event_still_reads(app, action, field, words):
    """What the history keeps of a person's own fields (none of the values) reads in words,
    for the events written now and for those migration 0011 emptied."""
    event = AuditEvent(action=action, entity_type="person", entity_id=1, field=field)
    entry = history.Entry(event, "", "", None, None, None, None)
    with app.test_request_context(), force_locale("en"):
        assert describe(entry) == words
