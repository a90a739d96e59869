"""The JSON API: auth, the access rules, the resources, and errors a program can act on."""

import hashlib
import json
import re
from datetime import date, timedelta
from types import SimpleNamespace as NS

import pytest
from sqlalchemy import select

from tests.conftest import app_failing_at, rows
from tracker.api.schemas import (
    HistoryEventSchema,
    MissingSchema,
    OrganisationTallySchema,
    PersonTallySchema,
)
from tracker.extensions import db
from tracker.models import (
    ApiToken,
    AuditEvent,
    Improvement,
    Organisation,
    Person,
    Role,
    StrategicArea,
    utcnow,
)
from tracker.schemas import AreaSchema, values
from tracker.services import tokens

PROBLEM = "application/problem+json"


def assert_problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == PROBLEM
    body = response.get_json()
    assert body["status"] == status and body["title"]
    return body


def test_an_app_with_other_document_settings_gets_its_own_openapi_document(app_config):
    """The document is kept for the next app of the process with the same settings; an app with
    other spec options (servers) is described anew, and one with the defaults again is not
    given those options."""
    from tracker import create_app

    def document(config):
        return create_app(config).test_client().get("/api/v1/openapi.json").get_json()

    servers = [{"url": "https://portfolj.example.se"}]
    plain = document(app_config)
    with_servers = document({**app_config, "API_SPEC_OPTIONS": {"servers": servers}})
    assert with_servers["servers"] == servers
    assert with_servers["paths"] == plain["paths"]
    again = document(app_config)
    assert "servers" not in again
    assert again == plain


def test_the_openapi_document_is_public_and_lists_every_api_route(app, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.get_json()
    assert doc["openapi"].startswith("3.")
    documented = set()
    for path, operations in doc["paths"].items():
        for method in operations:
            documented.add((path, method.upper()))
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1") or rule.endpoint == "api-docs.openapi_json":
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method) in documented, f"{method} {path} is not in the document"
    # Every request body is described with its properties.
    schemas = doc["components"]["schemas"]
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            if method in ("post", "patch"):
                # JSON, but the workbook of /import, which is a file (multipart).
                [(kind, body)] = operation["requestBody"]["content"].items()
                assert kind == (
                    "multipart/form-data" if path == "/api/v1/import" else "application/json"
                )
                ref = body["schema"]["$ref"]
                assert schemas[ref.rsplit("/", 1)[1]]["properties"], (method, path)


def test_no_or_bad_credentials_get_401(app, api, token_for, factory):
    body = assert_problem(api("GET", "/areas"), 401)
    assert "token" in body["detail"]
    assert api("GET", "/areas").headers["WWW-Authenticate"].startswith("Bearer")
    assert_problem(api("GET", "/areas", token="kp_not-a-real-token"), 401)
    assert_problem(api("GET", "/areas", headers={"Authorization": "Basic dXNlcjpwYXNz"}), 401)


def test_revoked_expired_and_deactivated_tokens_get_401(app, api, token_for, factory):
    person = factory.person(role=Role.ADMIN)
    revoked, expired, deactivated = token_for(person=person), token_for(person=person), None
    assert api("GET", "/areas", token=revoked).status_code == 200
    with app.app_context():
        rows_ = db.session.scalars(select(ApiToken).order_by(ApiToken.id)).all()
        tokens.revoke(db.session, rows_[0], db.session.get(Person, person.id))
        rows_[1].expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert_problem(api("GET", "/areas", token=revoked), 401)
    assert_problem(api("GET", "/areas", token=expired), 401)

    other = factory.person(role=Role.ADMIN)
    deactivated = token_for(person=other)
    with app.app_context():
        db.session.get(Person, other.id).active = False
        db.session.commit()
    assert_problem(api("GET", "/areas", token=deactivated), 401)


def test_tokens_are_stored_hashed_and_record_their_last_use(app, api, token_for):
    secret = token_for(Role.MEMBER)
    with app.app_context():
        token = db.session.scalar(select(ApiToken))
        assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
        stored = db.session.execute(select(ApiToken.__table__)).one()
        assert all(secret not in str(value) for value in stored)
        assert token.last_used_at is None
    response = api("GET", "/areas", token=secret)
    with app.app_context():
        assert db.session.scalar(select(ApiToken)).last_used_at is None
    response.close()  # as a WSGI server does once the response is sent
    with app.app_context():
        assert db.session.scalar(select(ApiToken)).last_used_at is not None


def test_a_politician_is_refused_everything(app, api, token_for):
    token = token_for(Role.POLITICIAN)
    for path in ("/organisations", "/people", "/areas", "/improvements"):
        assert_problem(api("GET", path, token=token), 403)
        assert_problem(api("POST", path, token=token, body={"code": "X"}), 403)
    assert_problem(api("PATCH", "/areas/X", token=token, body={"title": "Y"}), 403)


def test_a_member_reads_but_does_not_write(app, api, token_for, factory):
    made = factory.portfolio(areas=1, improvements_per_area=1)
    token = token_for(Role.MEMBER)
    assert api("GET", "/areas", token=token).get_json()["total"] == 1
    before = rows(app, AuditEvent)
    assert_problem(
        api(
            "POST",
            "/organisations",
            token=token,
            body={"code": "N", "name": "N", "kind": "company"},
        ),
        403,
    )
    code = made.areas[0].code
    assert_problem(api("PATCH", f"/areas/{code}", token=token, body={"title": "Nytt"}), 403)
    assert rows(app, AuditEvent) == before


def test_an_admin_script_builds_a_portfolio_and_reads_it_back(app, api, token_for):
    token = token_for(Role.ADMIN)

    def post(path, body):
        response = api("POST", path, token=token, body=body)
        assert response.status_code == 201, response.get_data(as_text=True)
        key = body.get("code") or body["email"].lower()
        assert response.headers["Location"].endswith(f"{path}/{key}")
        return response.get_json()

    post("/organisations", {"code": "SOC", "name": "Socialförvaltningen", "kind": "department"})
    post("/organisations", {"code": "SBO", "name": "Sjöviksbostäder AB", "kind": "company"})
    post(
        "/people",
        {
            "email": "Elin@Example.se",
            "name": "Elin Åberg",
            "role": "member",
            "organisation": "SOC",
            "title": "Socialchef",
        },
    )
    post(
        "/people",
        {
            "email": "tomas@example.se",
            "name": "Tomas Wikström",
            "role": "member",
            "organisation": "SBO",
        },
    )
    area = post(
        "/areas",
        {"code": "SO4", "title": "Trygghet", "lead": "elin@example.se",
         "co_owners": ["tomas@example.se"], "organisations": ["SOC", "SBO"],
         "plan_from": "2025-01-01", "plan_to": "2027-12-31"},
    )  # fmt: skip
    assert area["lead"] == "elin@example.se" and area["co_owners"] == ["tomas@example.se"]
    improvement = post(
        "/improvements",
        {"code": "SO4-01", "area": "SO4", "title": "Trygga trapphus", "owner": "tomas@example.se",
         "deputy": "elin@example.se", "start": "2026-01-01", "due": "2026-12-31"},
    )  # fmt: skip
    # The responsible organisation defaults to the owner's; the state to planned.
    assert improvement["organisation"] == "SBO" and improvement["state"] == "planned"

    listed = api("GET", "/improvements?per_page=10", token=token).get_json()
    assert listed == {"items": [improvement], "total": 1}
    assert api("GET", "/areas/SO4", token=token).get_json() == area
    person = api("GET", "/people/ELIN@example.se", token=token).get_json()
    assert person["organisation"] == "SOC" and isinstance(person["id"], int)
    orgs = api("GET", "/organisations", token=token).get_json()
    assert [o["code"] for o in orgs["items"]] == ["SBO", "SOC"] and orgs["total"] == 2


def test_patch_changes_only_the_given_fields_and_writes_the_history(app, api, token_for, factory):
    made = factory.portfolio(areas=1, improvements_per_area=1)
    token = token_for(Role.ADMIN)
    code = made.improvements[0].code
    before = api("GET", f"/improvements/{code}", token=token).get_json()
    response = api("PATCH", f"/improvements/{code}", token=token, body={"due": "2027-03-31"})
    assert response.status_code == 200
    after = response.get_json()
    # The version goes up with the change.
    assert after == {**before, "due": "2027-03-31", "version": before["version"] + 1}
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity_type == "improvement")
            .order_by(AuditEvent.id.desc())
        ).first()
        assert (event.field, event.old_value, event.new_value) == ("due", None, "2027-03-31")
        assert event.actor.role == Role.ADMIN


def test_collections_page(app, api, token_for, factory):
    factory.portfolio(areas=3, improvements_per_area=1)
    token = token_for(Role.MEMBER)
    first = api("GET", "/areas?per_page=2", token=token).get_json()
    second = api("GET", "/areas?per_page=2&page=2", token=token).get_json()
    assert first["total"] == second["total"] == 3
    assert len(first["items"]) == 2 and len(second["items"]) == 1
    assert_problem(api("GET", "/areas?per_page=0", token=token), 422)


def test_unknown_keys_get_404(api, token_for):
    token = token_for(Role.ADMIN)
    for path in (
        "/organisations/NOPE",
        "/people/nobody@example.se",
        "/areas/NOPE",
        "/improvements/NOPE",
    ):
        assert_problem(api("GET", path, token=token), 404)
    assert_problem(api("PATCH", "/areas/NOPE", token=token, body={"title": "x"}), 404)


BAD_BODIES = [
    ("malformed JSON", None, '{"code": "X", ', 400, None),
    ("wrong type", {"code": 5, "name": "X", "kind": "company"}, None, 422, "code"),
    ("missing field", {"code": "X", "kind": "company"}, None, 422, "name"),
    ("unknown field", {"code": "X", "name": "X", "kind": "company", "owner_id": 3}, None, 422,
     "owner_id"),
    ("not a kind", {"code": "X", "name": "X", "kind": "club"}, None, 422, "kind"),
    ("huge text", {"code": "X", "name": "x" * 100_000, "kind": "company"}, None, 422, "name"),
    ("a list, not an object", [1, 2], None, 422, "body"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "body", "raw", "status", "field"), BAD_BODIES)
def test_bad_input_gets_a_problem_and_writes_nothing(
    app, api, token_for, case, body, raw, status, field
):
    token = token_for(Role.ADMIN)
    before = (rows(app, Organisation), rows(app, AuditEvent))
    response = api("POST", "/organisations", token=token, body=body, raw=raw)
    problem = assert_problem(response, status)
    if field:
        assert field in problem["errors"], problem
        assert all(isinstance(m, str) and m for m in problem["errors"].values())
    assert (rows(app, Organisation), rows(app, AuditEvent)) == before


def test_unknown_references_and_broken_rules_get_422_at_the_field(app, api, token_for, factory):
    token = token_for(Role.ADMIN)
    org = factory.org(code="KLK")
    lead = factory.person(org=org, email="lead@example.se")
    factory.person(org=org, email="gone@example.se", active=False)
    body = {
        "code": "SO9",
        "title": "Område",
        "lead": "nobody@example.se",
        "co_owners": ["lead@example.se", "gone@example.se", "gone@example.se"],
        "organisations": ["KLK", "NOPE"],
        "plan_from": "2027-01-01",
        "plan_to": "2026-01-01",
    }
    before = (rows(app, StrategicArea), rows(app, AuditEvent))
    errors = assert_problem(api("POST", "/areas", token=token, body=body), 422)["errors"]
    assert set(errors) == {"lead", "co_owners", "organisations", "plan_to"}
    assert "nobody@example.se" in errors["lead"]
    assert "more than once" in errors["co_owners"]
    assert (rows(app, StrategicArea), rows(app, AuditEvent)) == before

    area = factory.area(lead, code="SO1")
    bad = {
        "code": "I1",
        "area": "SO1",
        "title": "T",
        "owner": "gone@example.se",
        "deputy": "lead@example.se",
        "start": "2026-05-01",
        "due": "2026-04-01",
    }
    errors = assert_problem(api("POST", "/improvements", token=token, body=bad), 422)["errors"]
    assert set(errors) == {"owner", "due"}
    assert rows(app, Improvement) == 0
    assert area.code == "SO1"


def test_a_duplicate_key_gets_409(app, api, token_for, factory):
    factory.org(code="SEV")
    factory.person(email="taken@example.se")
    token = token_for(Role.ADMIN)
    body = {"code": "SEV", "name": "Igen", "kind": "company"}
    problem = assert_problem(api("POST", "/organisations", token=token, body=body), 409)
    assert "code" in problem["errors"]
    person = {"email": "TAKEN@example.se", "name": "X", "role": "member"}
    assert_problem(api("POST", "/people", token=token, body=person), 409)
    assert rows(app, Organisation) == 1


def test_markup_is_stored_as_text_and_shown_as_text(app, client, api, token_for, login_as):
    token = token_for(Role.ADMIN)
    markup = '<img src=x onerror="alert(1)">Förvaltning'
    response = api(
        "POST", "/organisations", token=token, body={"code": "M", "name": markup, "kind": "central"}
    )
    assert response.get_json()["name"] == markup
    person = {"email": "m@example.se", "name": "<b>Bo</b>", "role": "member", "organisation": "M"}
    lead = api("POST", "/people", token=token, body=person)
    assert lead.status_code == 201
    api(
        "POST",
        "/areas",
        token=token,
        body={"code": "A", "title": "<script>x()</script>", "lead": "m@example.se"},
    )
    login_as(Role.MEMBER)
    html = client.get("/portfolio").get_data(as_text=True)
    assert "<script>x()</script>" not in html and "&lt;script&gt;x()&lt;/script&gt;" in html
    assert "<b>Bo</b>" not in html and "&lt;b&gt;Bo&lt;/b&gt;" in html
    assert "<img src=x" not in html


def test_the_browser_session_works_and_its_writes_need_the_csrf_header(app, client, login_as, csrf):
    login_as(Role.ADMIN)
    assert client.get("/api/v1/areas").status_code == 200
    body = {"code": "S", "name": "Session", "kind": "company"}
    assert_problem(client.post("/api/v1/organisations", json=body), 400)
    response = client.post(
        "/api/v1/organisations", json=body, headers={"X-CSRFToken": csrf("/profile")}
    )
    assert response.status_code == 201
    assert rows(app, Organisation) == 1


def test_a_token_request_ignores_the_session_cookie(client, login_as, api, token_for):
    login_as(Role.ADMIN)
    assert_problem(api("GET", "/areas", token="kp_wrong"), 401)
    # A member's token acts as the member, even beside an admin's session.
    member = token_for(Role.MEMBER)
    body = {"code": "X", "name": "X", "kind": "company"}
    assert_problem(api("POST", "/organisations", token=member, body=body), 403)


def test_other_credentials_are_refused_even_beside_a_session(app, client, login_as, csrf):
    login_as(Role.ADMIN)
    basic = {"Authorization": "Basic dXNlcjpwYXNz"}
    assert_problem(client.get("/api/v1/areas", headers=basic), 401)
    body = {"code": "X", "name": "X", "kind": "company"}
    assert_problem(client.post("/api/v1/organisations", json=body, headers=basic), 401)
    assert rows(app, Organisation) == 0


def test_tokens_create_prints_the_token_alone_on_the_last_line(app, runner, factory, api):
    person = factory.person(role=Role.MEMBER)
    result = runner.invoke(args=["tokens", "create", person.email, "--name", "BI-rapporten"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    assert secret.startswith("kp_") and " " not in secret
    assert api("GET", "/areas", token=secret).status_code == 200
    result = runner.invoke(args=["tokens", "create", "nobody@example.se"])
    assert result.exit_code != 0
    result = runner.invoke(args=["tokens", "create", person.email, "--days", "0"])
    assert result.exit_code != 0 and "between 1 and" in result.output


def test_people_manage_their_own_tokens_on_their_profile(app, client, login_as, csrf, api, factory):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    me = login_as(Role.MEMBER)
    response = client.post(
        "/profile/tokens",
        data={"name": "Rapportskript", "days": "30", "csrf_token": csrf("/profile")},
    )
    html = response.get_data(as_text=True)
    assert "it will not be shown again" in html
    secret = json.loads(
        '"' + html.split('id="new-token"')[1].split('value="')[1].split('"')[0] + '"'
    )
    assert api("GET", "/areas", token=secret).status_code == 200
    page = client.get("/profile").get_data(as_text=True)
    assert "Rapportskript" in page and secret not in page

    with app.app_context():
        mine = db.session.scalar(select(ApiToken).where(ApiToken.person_id == me.id))
    other_secret_owner = factory.person()
    with app.app_context():
        theirs, _secret = tokens.create(
            db.session, db.session.get(Person, other_secret_owner.id), "x"
        )
        db.session.commit()
        theirs_id = theirs.id
    assert (
        client.post(
            f"/profile/tokens/{theirs_id}/revoke", data={"csrf_token": csrf("/profile")}
        ).status_code
        == 404
    )
    response = client.post(
        f"/profile/tokens/{mine.id}/revoke", data={"csrf_token": csrf("/profile")}
    )
    assert response.status_code == 302
    assert_problem(api("GET", "/areas", token=secret), 401)
    # A token without a name is refused at the field.
    response = client.post(
        "/profile/tokens", data={"name": "", "days": "30", "csrf_token": csrf("/profile")}
    )
    assert response.status_code == 422 and "Give the token a name." in response.get_data(
        as_text=True
    )


def test_api_errors_never_show_a_traceback(app_config):
    app = app_failing_at(app_config, "/api/v1/boom")
    client = app.test_client()
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.content_type == PROBLEM
    response = client.get("/api/v1/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500 and response.content_type == PROBLEM
    assert "secret internals" not in body and "Traceback" not in body


def test_control_characters_and_long_emails_behave_the_same_on_every_database(app, api, token_for):
    token = token_for(Role.ADMIN)
    nul = {"code": "N", "name": "A\u0000B", "kind": "company"}
    problem = assert_problem(api("POST", "/organisations", token=token, raw=json.dumps(nul)), 422)
    assert "name" in problem["errors"]
    long_email = "a" * 64 + "@" + ".".join(["b" * 60] * 3) + ".se"
    assert len(long_email) > 200
    response = api(
        "POST", "/people", token=token, body={"email": long_email, "name": "Lång", "role": "member"}
    )
    assert response.status_code == 201, response.get_data(as_text=True)


def test_messages_are_english_unless_the_request_asks_for_swedish(api, token_for):
    token = token_for(Role.ADMIN)
    body = {"code": "SO1", "title": "T", "lead": "nobody@example.se"}
    english = api("POST", "/areas", token=token, body=body).get_json()
    assert english["errors"]["lead"] == "There is no person with the email nobody@example.se."
    swedish = api("POST", "/areas", token=token, body=body, headers={"Accept-Language": "sv"})
    assert swedish.get_json()["errors"]["lead"] == (
        "Det finns ingen person med e-postadressen nobody@example.se."
    )


def test_the_schemas_dump_the_models_with_natural_keys_and_load_the_keys():
    """One field list per resource: a reference dumps as its code or email, and loads as given."""
    lead, org = NS(email="lead@example.se"), NS(code="BUF")
    area = NS(
        code="A1",
        title="T",
        description="",
        goal="G",
        lead=lead,
        co_owners=[lead],
        organisations=[org],
        order=2,
        plan_from=date(2026, 1, 1),
        plan_to=None,
        archived=False,
        version=1,
    )
    dumped = AreaSchema().dump(area)
    assert dumped["lead"] == "lead@example.se" and dumped["co_owners"] == ["lead@example.se"]
    assert dumped["organisations"] == ["BUF"] and dumped["plan_from"] == "2026-01-01"
    assert values(AreaSchema(), area) == {**dumped, "plan_from": date(2026, 1, 1)}
    loaded = AreaSchema().load(
        {"code": "A1", "title": "T", "lead": "lead@example.se", "organisations": ["BUF"]}
    )
    assert loaded == {
        "code": "A1",
        "title": "T",
        "lead": "lead@example.se",
        "organisations": ["BUF"],
    }
    event = NS(
        event=NS(at=None, action="update", field="goal"), actor_key=None, old_key="a", new_key="b"
    )
    assert HistoryEventSchema().dump(event) == {
        "at": None,
        "actor": None,
        "action": "update",
        "field": "goal",
        "old": "a",
        "new": "b",
    }


def test_the_tally_schemas_dump_a_pair_and_count_what_is_missing():
    tally = NS(due=3, reported=2, late=1, missing=1)
    counts = {"due": 3, "reported": 2, "late": 1, "missing": 1}
    assert OrganisationTallySchema().dump((None, tally)) == {"organisation": None, **counts}
    assert OrganisationTallySchema().dump((NS(code="BUF"), tally))["organisation"] == "BUF"
    assert PersonTallySchema().dump((NS(email="p@example.se"), tally)) == {
        "person": "p@example.se",
        **counts,
    }
    missing = NS(reports=["a", "b"], assessments=["c"], total=3)
    assert MissingSchema().dump(missing) == {
        "improvement_reports": 2,
        "area_assessments": 1,
        "total": 3,
    }
