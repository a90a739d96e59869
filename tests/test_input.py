"""Input checked at the boundary (tracker/boundary.py, services.validate, forms.FlaskForm): every
request the probe of issue 16 answered with 500 answers 4xx, on SQLite and on PostgreSQL, and
nothing is written when it is refused."""

import json

import pytest
from flask import abort
from sqlalchemy import exc

from tests.conftest import PASSWORD, csrf_token_from, post, rows
from tracker import create_app
from tracker.access import Rule
from tracker.boundary import Refused, loads
from tracker.extensions import db
from tracker.models import AuditEvent, Organisation, Person, Role, SignInAttempt
from tracker.services import Errors, validate

PROBLEM = "application/problem+json"


@pytest.fixture
def world(probe_world):
    return probe_world


def written(app):
    """What a refused request must leave as it was: the people, organisations and history."""
    return rows(app, Person), rows(app, Organisation), rows(app, AuditEvent)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        # A URL part with a control character: no page has that address.
        ("/areas/SO1%00", 404),
        ("/improvements/SO1-03%01", 404),
        ("/api/v1/areas/SO1%00", 404),
        ("/api/v1/people/a%00b@x.example", 404),
        ("/areas/SO1%FF", 404),  # not UTF-8
        # A query string with one: a bad request.
        ("/improvements?owner=%00", 400),
        ("/improvements?area=%00", 400),
        ("/history?item=%00", 400),
        ("/dashboard?organisation=%1b", 400),
        ("/improvements?owner=%C3%28", 400),  # not UTF-8
        ("/api/v1/improvements?area=%00", 400),
        # Out of range: a period the app does not keep, a page past the end, not a person.
        ("/dashboard?period=1900-01", 422),
        ("/dashboard/present?period=1999-12", 422),
        ("/completeness?period=1900-01", 422),
        ("/summary?period=1900", 422),
        ("/history?page=99999999999999999999", 404),
        ("/history?page=2", 404),
        ("/history?person=%20", 422),
        ("/history?person=999999", 422),
        ("/improvements?owner=nobody@x.example", 422),
        ("/api/v1/improvements?page=99999999999999999999", 422),
    ],
)
def test_a_request_that_no_page_takes_is_4xx(client, login_as, world, path, status):
    login_as(person=world)
    response = client.get(path)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.content_type.startswith(PROBLEM if "/api/" in path else "text/html")


def test_pages_still_answer_valid_filters_with_200(client, login_as, world):
    login_as(person=world)
    for path in (
        "/improvements?owner=lead@x.example&area=SO1",
        "/history?page=1",
        "/history?person=",
        f"/history?person={world.id}",
        "/dashboard?period=2026-01",
        "/areas/SO1",
    ):
        assert client.get(path).status_code == 200, path


def test_the_error_for_a_query_string_says_what_is_wrong(client, login_as, world):
    login_as(person=world)
    body = client.get("/api/v1/improvements?owner=%00").get_json()
    assert body["status"] == 400 and "not allowed" in body["detail"]
    page = client.get("/improvements?owner=%00").get_data(as_text=True)
    # In the person's language, which the API's Accept-Language does not choose.
    assert "inte är tillåtna" in page or "not allowed" in page


BODIES = {
    "a lone surrogate": '{"name": "K\\ud800L"}',
    "a lone surrogate in a key": '{"K\\udc00": 1}',
    "a 100,000-deep array": "[" * 100_000 + "]" * 100_000,
    "a 50,000-deep object": '{"a":' * 50_000 + "1" + "}" * 50_000,
    "a 5,000-digit number": '{"description": ' + "9" * 5000 + "}",
    "a 5,000-digit fraction": '{"description": 0.' + "9" * 5000 + "}",
    "NaN": '{"description": NaN}',
    "Infinity": '{"description": -Infinity}',
    "Infinity as 1e999": '{"description": 1e999}',
    "not UTF-8": b'{"description": "\xff"}',
    "an empty body": "",
    "not JSON": "{description: 1}",
}


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
def test_a_json_body_over_the_limits_is_400(app, api, token_for, world, body):
    token = token_for(person=world)
    before = written(app)
    for method, path in (("PATCH", "/improvements/SO1-03"), ("POST", "/people")):
        response = api(method, path, token=token, raw=body)
        assert response.status_code == 400, response.get_data(as_text=True)[:300]
        assert response.content_type == PROBLEM
        assert response.get_json()["detail"]
    assert written(app) == before


def test_the_reason_for_a_refused_body_is_said(api, token_for, world):
    token = token_for(person=world)
    for body, words in (
        ('{"name": "K\\ud800L"}', "UTF-16"),
        ("[" * 40 + "]" * 40, "32"),
        ('{"n": ' + "1" * 21 + "}", "20"),
        ("", "empty"),
    ):
        answer = api("POST", "/people", token=token, raw=body, headers={"Accept-Language": "en"})
        assert words in answer.get_json()["detail"], answer.get_json()


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_a_write_whose_body_is_not_json_is_415(app, client, token_for, world, content_type):
    token = token_for(person=world)
    headers = {"Authorization": f"Bearer {token}"}
    if content_type:
        headers["Content-Type"] = content_type
    before = written(app)
    for method, path, body in (
        ("PATCH", "/api/v1/improvements/SO1-03", '{"description": "x"}'),
        ("POST", "/api/v1/organisations", '{"code": "X", "name": "X", "kind": "company"}'),
        ("POST", "/api/v1/organisations", ""),
    ):
        response = client.open(path, method=method, data=body, headers=headers)
        assert response.status_code == 415, response.get_data(as_text=True)[:300]
        assert response.content_type == PROBLEM
    assert written(app) == before


def test_json_with_a_suffix_is_json(api, token_for, world):
    token = token_for(person=world)
    response = api(
        "PATCH",
        "/improvements/SO1-03",
        token=token,
        raw='{"description": "y"}',
        headers={"Content-Type": "application/merge-patch+json"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)


def test_the_openapi_document_lists_415_for_writes(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    for path, method in (("/improvements/{code}", "patch"), ("/people", "post")):
        assert "415" in doc["paths"]["/api/v1" + path][method]["responses"]


def test_limits_as_set(app):
    assert loads('{"a": [1, 2.5, "x"]}') == {"a": [1, 2.5, "x"]}
    assert loads("[" * 32 + "]" * 32) is not None
    with pytest.raises(Refused):
        loads("[" * 33 + "]" * 33)
    assert loads('"[[[[[["', max_depth=1) == "[[[[[["  # brackets inside a string do not count
    assert loads("-" + "9" * 20) == -int("9" * 20)
    with pytest.raises(Refused):
        loads("9" * 21)
    assert loads("1.5e300") == 1.5e300
    assert loads('"\\ud83d\\ude00"') == "\U0001f600"  # a whole pair is a character
    with pytest.raises(json.JSONDecodeError):
        loads("{")


NAMES = {
    "NUL": "K\x00L",
    "escape": "K\x1bL",
    "a tab": "K\tL",
    "a line break": "K\nL",
    "a right-to-left override": "K\u202eL",
    "a first-strong isolate": "K\u2068L",
}


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_a_name_with_a_control_or_direction_character_is_a_field_error(
    app, api, token_for, world, name
):
    token = token_for(person=world)
    before = written(app)
    for method, path, body in (
        ("POST", "/organisations", {"code": "X1", "name": name, "kind": "company"}),
        ("PATCH", "/organisations/KS", {"name": name}),
        ("POST", "/people", {"email": "n@x.example", "name": name, "role": "member"}),
        ("POST", "/people", {"email": "n@x.example", "name": "N", "title": name, "role": "member"}),
        ("PATCH", "/improvements/SO1-03", {"title": name}),
        ("PATCH", "/areas/SO1", {"title": name}),
    ):
        response = api(method, path, token=token, body=body)
        assert response.status_code == 422, (path, response.get_data(as_text=True))
        assert response.get_json()["errors"]
    assert written(app) == before


def test_a_long_text_takes_tabs_and_line_breaks_but_no_other_control(api, token_for, world):
    token = token_for(person=world)
    path = "/improvements/SO1-03"
    ok = api("PATCH", path, token=token, body={"description": "a\tb\r\nc \u202e d"})
    assert ok.status_code == 200
    assert ok.get_json()["description"] == "a\tb\r\nc \u202e d"
    refused = api("PATCH", path, token=token, body={"description": "a\x00b"})
    assert refused.status_code == 422 and "description" in refused.get_json()["errors"]


def test_references_with_a_nul_are_field_errors_not_queries(app, api, token_for, world):
    token = token_for(person=world)
    before = written(app)
    for method, path, body in (
        ("PATCH", "/improvements/SO1-03", {"owner": "a\x00b@x.example"}),
        ("PATCH", "/improvements/SO1-03", {"organisation": "K\x00S"}),
        ("PATCH", "/areas/SO1", {"co_owners": ["a\x00@x.example"]}),
        ("POST", "/people", {"email": "a\x00b@x.example", "name": "N", "role": "member"}),
        ("POST", "/people", {"email": "n@x.example", "name": "N", "organisation": "\x00"}),
        ("PATCH", "/people/lead@x.example", {"external_id": "sub\x00"}),
    ):
        response = api(method, path, token=token, body=body)
        assert response.status_code == 422, (path, response.get_data(as_text=True))
    assert written(app) == before


def test_the_service_refuses_what_no_door_may_store(app):
    errors = Errors()
    assert validate.text(errors, "name", " Kommunstyrelsen ") == "Kommunstyrelsen"
    validate.text(errors, "a", "K\ud800L")
    validate.text(errors, "b", "K\u202dL")
    validate.text(errors, "c", "K\u202dL", max_length=10_000)  # a long text may turn
    validate.text(errors, "d", "line\none", max_length=10_000)
    validate.text(errors, "e", "line\none")
    validate.code(errors, "f", "SO1\u2066")
    assert sorted(errors.errors) == ["a", "b", "e", "f"]


def test_a_person_with_a_nul_cannot_be_made_by_the_form(app, client, login_as, csrf, world):
    login_as(person=world)
    before = written(app)
    response = post(
        client,
        csrf,
        "/people/new",
        {"name": "N\x00", "email": "n\x00@x.example", "role": "member", "organisation": ""},
    )
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert written(app) == before


def test_signing_in_with_a_nul_in_the_email_is_the_form_again(app, world):
    client = app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": "a\x00b@x.example", "password": "x", "csrf_token": token}
    )
    assert response.status_code == 422
    assert 'name="email"' in response.get_data(as_text=True)
    assert rows(app, SignInAttempt) == 0  # no query was made with it


def test_a_wrong_password_is_still_the_form_with_200(app, world):
    client = app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": world.email, "password": PASSWORD + "x", "csrf_token": token}
    )
    assert response.status_code == 200


# Every form that saves, with one invalid value: the form again, with 422 and its message.
FORMS = [
    ("/organisations/new", {"code": "X1", "name": "K\u202eL", "kind": "company"}),
    ("/organisations/KS/edit", {"code": "KS", "name": "", "kind": "department"}),
    ("/people/new", {"name": "N", "email": "not-an-email", "role": "member"}),
    ("/areas/new", {"code": "S O", "title": "T", "lead": "lead@x.example"}),
    ("/areas/SO1/edit", {"code": "SO1", "title": "T\x01", "lead": "lead@x.example"}),
    ("/improvements/new", {"code": "N1", "title": "", "area": "SO1", "owner": "lead@x.example"}),
    (
        "/improvements/SO1-03/edit",
        {"code": "SO1-03", "title": "T\u2067", "area": "SO1", "owner": "lead@x.example"},
    ),
    ("/improvements/SO1-03/close", {"state": "done", "note": ""}),
    ("/meetings/new", {"date": "", "kind": "meeting", "title": "T"}),
    ("/profile/tokens", {"name": "T\x00", "days": "30"}),
    ("/reports/publish", {"period": "1900-01"}),
]


@pytest.mark.parametrize(("path", "data"), FORMS, ids=[p for p, _ in FORMS])
def test_every_form_answers_its_validation_errors_with_422(
    app, client, login_as, csrf, world, path, data
):
    login_as(person=world)
    before = written(app)
    response = post(client, csrf, path, data)
    assert response.status_code == 422, response.get_data(as_text=True)[:500]
    assert "<form" in response.get_data(as_text=True)
    assert written(app) == before


def test_an_error_page_begins_a_new_transaction(app, app_config):
    """A view whose flush failed (a taken key) and that then answers with an error: the error
    page rolls the failed transaction back before it renders."""
    app = create_app(app_config)
    seen = {}

    @app.get("/test/failed-flush")
    def failed_flush():
        db.session.add(Organisation(code="DUP", name="Ett", kind="company"))
        db.session.add(Organisation(code="DUP", name="Två", kind="company"))
        try:
            db.session.flush()
        except exc.IntegrityError:
            abort(409)

    failed_flush.access_rule = Rule.PUBLIC

    @app.teardown_request
    def note(_error):
        transaction = db.session().get_transaction()
        seen["usable"] = transaction is None or transaction.is_active

    try:
        response = app.test_client().get("/test/failed-flush")
        assert response.status_code == 409
        assert seen["usable"] is True
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.mark.parametrize(
    "query",
    ["date_to=9999-12-31", "date_from=0001-01-01", "date_from=1999-12-31", "date_to=2101-01-01"],
)
def test_history_dates_outside_the_years_of_the_app_are_422(client, login_as, query):
    login_as(Role.ADMIN)
    answer = client.get(f"/history?{query}")
    assert answer.status_code == 422
    assert "Välj en dag" in answer.get_data(as_text=True)


@pytest.mark.parametrize("page", ["0", "-1", "1e5", "x", "9" * 25])
def test_a_history_page_that_is_no_page_is_404(client, login_as, page):
    login_as(Role.ADMIN)
    assert client.get(f"/history?page={page}").status_code == 404


@pytest.mark.parametrize(
    "name", ["A\u009bB", "A\u0085B", "Rad\u2028två", "Stycke\u2029två", "A\u0080B"]
)
def test_c1_controls_and_unicode_line_separators_are_refused_in_a_name(app, api, token_for, name):
    token = token_for(Role.ADMIN)
    body = {"email": "ny@example.se", "name": name, "role": "member"}
    answer = api("POST", "/people", token=token, body=body)
    assert answer.status_code == 422
    assert "name" in answer.get_json()["errors"]


def test_a_translated_message_that_names_what_was_typed_shows_it_as_text(app):
    """Flask-Babel's lazy messages call themselves markup; the app escapes them like any
    text, alone, joined and through the error summary's macro."""
    from flask import render_template_string
    from flask_babel import lazy_gettext

    with app.test_request_context():
        message = lazy_gettext("“%(value)s” is not a status.", value="<img src=x onerror=alert(1)>")
        shown = render_template_string(
            "{{ m }}|{{ [m, m] | join(', ') }}|{{ m | e }}|{{ '%s' % m }}", m=message
        )
    assert "<img" not in shown and shown.count("&lt;img src=x onerror=alert(1)&gt;") == 5
