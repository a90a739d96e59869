"""The small helpers the views, the API and the forms share (views/common, api/common, forms)."""

import pytest
from flask import get_flashed_messages
from flask_babel import force_locale
from sqlalchemy import inspect, select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import NotFound

from tests.conftest import PASSWORD
from tests.pages import sign_in
from tracker.access import Rule
from tracker.extensions import db
from tracker.forms import OrganisationForm, labelled
from tracker.i18n import ROLE_LABELS
from tracker.models import Organisation, Person, Role
from tracker.schemas import OrganisationSchema, values
from tracker.services import organisations
from tracker.views.common import (
    create_from,
    done,
    form_values,
    one_by,
    toggle_archived,
    update_from,
)
from tracker.views.organisations import FIELDS as ORG_FIELDS


def test_labelled_offers_a_vocabulary_in_the_order_asked_or_all_of_it(app):
    with app.test_request_context(), force_locale("sv"):
        chosen = labelled(ROLE_LABELS, Role.POLITICIAN, Role.ADMIN)
        assert [(c.value, str(c.label)) for c in chosen] == [
            ("politician", "Politiker"),
            ("admin", "Administratör"),
        ]
        assert [c.value for c in labelled(ROLE_LABELS)] == [r.value for r in ROLE_LABELS]


def test_done_says_what_was_done_and_goes_to_its_page(app):
    with app.test_request_context():
        response = done("Saved.", "organisations.index")
        assert response.status_code == 302
        assert response.location == "/organisations"
        assert get_flashed_messages(with_categories=True) == [("info", "Saved.")]


def test_toggle_archived_archives_then_restores_and_says_which(app, factory):
    org = factory.org(name="Socialförvaltningen")
    with app.test_request_context(), force_locale("en"):
        org = db.session.get(Organisation, org.id)
        toggle_archived(organisations.update, org, org.name, "organisations.index")
        assert db.session.get(Organisation, org.id).archived
        toggle_archived(organisations.update, org, org.name, "organisations.index")
        assert not db.session.get(Organisation, org.id).archived
        assert [m for _, m in get_flashed_messages(with_categories=True)] == [
            "Socialförvaltningen is archived. Its history is kept.",
            "Socialförvaltningen is restored from the archive.",
        ]


def test_one_by_finds_the_one_row_with_its_key_loaded_as_asked_or_404(app, factory):
    org = factory.org(name="Socialförvaltningen")
    person = factory.person(org=org)
    with app.test_request_context():
        assert one_by(Organisation, code=org.code).name == "Socialförvaltningen"
        db.session.expunge_all()
        found = one_by(Person, selectinload(Person.organisation), id=person.id)
        assert "organisation" not in inspect(found).unloaded
        with pytest.raises(NotFound):
            one_by(Organisation, code="NO-SUCH")


def test_the_list_head_shows_the_add_button_to_admins_only(app, factory, client):
    admin = factory.person(role=Role.ADMIN)
    member = factory.person(role=Role.MEMBER)
    add = 'href="/people/new"'
    sign_in(client, member.email, PASSWORD)
    assert add not in client.get("/people").get_data(as_text=True)
    other = app.test_client()
    sign_in(other, admin.email, PASSWORD)
    assert add in other.get("/people").get_data(as_text=True)


def test_api_operations_document_their_arguments_answers_and_problems(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    for operations in doc["paths"].values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue  # the path's own parameters
            operation["responses"].pop("default", None)  # flask-smorest's own, on every one
    listing = doc["paths"]["/api/v1/areas"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {"page", "per_page"}
    assert set(listing["responses"]) == {"200", "401", "403", "404", "422"}
    creating = doc["paths"]["/api/v1/areas"]["post"]
    assert "requestBody" in creating
    assert set(creating["responses"]) == {"201", "400", "401", "403", "404", "409", "415", "422"}
    reading = doc["paths"]["/api/v1/areas/{code}"]["get"]
    assert set(reading["responses"]) == {"200", "401", "403", "404"}
    patching = doc["paths"]["/api/v1/areas/{code}"]["patch"]
    assert set(patching["responses"]) == {"200", "400", "401", "403", "404", "409", "415", "422"}
    pdf = doc["paths"]["/api/v1/reports/{report_id}/pdf"]["get"]
    assert pdf["responses"]["200"]["description"] == "The PDF as published."


def test_form_values_send_an_empty_text_as_empty_but_a_hidden_or_password_field_as_it_is(app):
    from flask_wtf import FlaskForm
    from wtforms import HiddenField, PasswordField, StringField, TextAreaField

    class Form(FlaskForm):
        name = StringField()
        note = TextAreaField()
        token = HiddenField()
        secret = PasswordField()

    with app.test_request_context(method="POST", data={}):
        form = Form(meta={"csrf": False})
        every = {"name", "note", "token", "secret"}
        assert form_values(form, every) == {"name": "", "note": "", "token": None, "secret": None}


def _org_form():
    return OrganisationForm(meta={"csrf": False})


def test_create_from_creates_when_the_form_is_sent_and_valid_or_shows_the_refusal(app, factory):
    factory.org(code="SOC")
    with app.test_request_context(method="GET"):
        assert create_from(_org_form(), organisations.create, ORG_FIELDS) is None
    sent = {"code": "BUF", "name": "Barn- och utbildning", "kind": "department"}
    with app.test_request_context(method="POST", data=sent):
        org = create_from(_org_form(), organisations.create, ORG_FIELDS)
        assert (org.code, org.name) == ("BUF", "Barn- och utbildning")
    with app.test_request_context(method="POST", data={**sent, "code": "SOC"}):
        form = _org_form()
        assert create_from(form, organisations.create, ORG_FIELDS) is None
        assert form.code.errors  # the taken code, at its field
        db.session.rollback()
        codes = db.session.scalars(select(Organisation.code).order_by(Organisation.code)).all()
        assert codes == ["BUF", "SOC"]  # the first was committed, the refused one was not


def test_update_from_sends_only_what_the_form_changes_and_says_whether_it_saved(app, factory):
    made = factory.org(code="SOC", name="Socialförvaltningen")
    sent = {"code": "SOC", "name": "Socialtjänsten", "kind": "department"}
    seen = []

    def update(session, org, changes, actor):
        seen.append(changes)
        return organisations.update(session, org, changes, actor)

    with app.test_request_context(method="GET"):
        org = db.session.get(Organisation, made.id)
        current = values(OrganisationSchema(), org)
        assert not update_from(_org_form(), update, org, ORG_FIELDS, current)
    with app.test_request_context(method="POST", data=sent):
        org = db.session.get(Organisation, made.id)
        current = values(OrganisationSchema(), org)
        assert update_from(_org_form(), update, org, ORG_FIELDS, current)
        db.session.rollback()
        assert db.session.get(Organisation, made.id).name == "Socialtjänsten"
    with app.test_request_context(method="POST", data={**sent, "name": ""}):
        assert not update_from(_org_form(), update, org, ORG_FIELDS, current)
    assert seen == [{"name": "Socialtjänsten"}]


def test_the_resource_operations_keep_their_endpoints_rules_and_summaries(app):
    doc = app.test_client().get("/api/v1/openapi.json").get_json()
    expected = {
        "api_people.list_people": ("GET", "/api/v1/people", Rule.GROUP, "List people."),
        "api_people.create_person": ("POST", "/api/v1/people", Rule.ADMIN, "Create a person"),
        "api_people.get_person": ("GET", "/api/v1/people/<email>", Rule.GROUP, "One person."),
        "api_people.update_person": ("PATCH", "/api/v1/people/<email>", Rule.ADMIN, "Change"),
        "api_areas.update_area": ("PATCH", "/api/v1/areas/<code>", Rule.GROUP, "Change"),
    }
    for endpoint, (method, path, rule, summary) in expected.items():
        [found] = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint]
        assert (found.rule, method in found.methods) == (path, True)
        assert app.view_functions[endpoint].access_rule is rule
        documented = doc["paths"][path.replace("<", "{").replace(">", "}")][method.lower()]
        assert documented["summary"].startswith(summary)
