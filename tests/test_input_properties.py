"""Generated text, with the characters issue 16 found (NUL and other control characters, lone
surrogates, bidirectional overrides, very long strings), sent to every form that saves and every
write of the API, on SQLite and PostgreSQL: never a 5xx, and nothing written when refused.

The examples are capped (PROFILE) and derandomised, so that the suite stays short and a failure
comes back the same; each example is judged alone (counts before and after it)."""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import rows
from tracker.models import (
    AuditEvent,
    Improvement,
    Meeting,
    Organisation,
    Person,
    StatusUpdate,
    StrategicArea,
)
from tracker.services.validate import refused_characters

PROFILE = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SPECIAL = [
    "\x00", "\x01", "\x08", "\x1b", "\x7f", "\t", "\n", "\r", "\u202a", "\u202e", "\u2066",
    "\u2069", "\ud800", "\udfff", "\x85", "\x9b", "\u2028", "\ufffd", "\u200b", "\u0301", "å", "😀", " ", '"', "<", "%",
]  # fmt: skip

TEXT = st.one_of(
    st.lists(st.sampled_from(SPECIAL) | st.text(max_size=3), max_size=12).map("".join),
    st.text(alphabet=st.characters(exclude_categories=()), max_size=30),
    st.integers(150, 12_000).map(lambda n: "Å" * n),
)

TABLES = (Person, Organisation, StrategicArea, Improvement, StatusUpdate, Meeting, AuditEvent)


def counts(app):
    return tuple(rows(app, table) for table in TABLES)


@pytest.fixture
def world(probe_world):
    return probe_world


# (method, path, the body around the field, the field that gets the generated text)
WRITES = [
    ("POST", "/organisations", {"name": "N", "kind": "company"}, "code"),
    ("POST", "/organisations", {"code": "#", "kind": "company"}, "name"),
    ("PATCH", "/organisations/KS", {}, "name"),
    ("POST", "/people", {"email": "#@x.example", "role": "member"}, "name"),
    ("POST", "/people", {"name": "N", "role": "member"}, "email"),
    ("PATCH", "/people/lead@x.example", {}, "title"),
    ("PATCH", "/people/lead@x.example", {}, "name"),
    ("POST", "/areas", {"code": "#", "lead": "lead@x.example"}, "title"),
    ("PATCH", "/areas/SO1", {}, "goal"),
    ("PATCH", "/areas/SO1", {}, "title"),
    ("PATCH", "/areas/SO1", {}, "co_owners"),
    ("POST", "/improvements", {"code": "#", "area": "SO1", "owner": "lead@x.example"}, "title"),
    ("PATCH", "/improvements/SO1-03", {}, "description"),
    ("PATCH", "/improvements/SO1-03", {}, "owner"),
    ("POST", "/improvements/SO1-03/updates", {"period": "2026-10", "status": "on_track"}, "comment"),
    ("POST", "/meetings", {"date": "2026-10-01"}, "title"),
    ("POST", "/meetings", {"date": "2026-10-01", "title": "M"}, "notes"),
]  # fmt: skip


def _filled(template: dict, field: str, value: str, n: int) -> dict:
    """The body with the generated ``value`` in ``field`` (a list field gets a list of it) and
    a fresh code or email where the template says ``#``."""
    body = {k: v.replace("#", f"P{n}") if isinstance(v, str) else v for k, v in template.items()}
    body[field] = [value] if field == "co_owners" else value
    return body


@pytest.mark.parametrize(("method", "path", "template", "field"), WRITES)
def test_generated_text_to_every_api_write(
    app, api, token_for, world, method, path, template, field
):
    token = token_for(person=world)
    seen = {"n": 0}

    @PROFILE
    @given(value=TEXT)
    def send(value):
        seen["n"] += 1
        before = counts(app)
        response = api(method, path, token=token, body=_filled(template, field, value, seen["n"]))
        assert response.status_code < 500, response.get_data(as_text=True)[:300]
        if response.status_code >= 400:
            assert counts(app) == before
            assert response.content_type == "application/problem+json"
        else:
            stored = response.get_json().get(field)
            if isinstance(stored, str):
                assert refused_characters(stored, one_line=False) is None, ascii(stored)

    send()


# (path, the form's other fields, the field that gets the generated text)
FORMS = [
    ("/organisations/new", {"code": "#", "kind": "company"}, "name"),
    ("/organisations/new", {"name": "N", "kind": "company"}, "code"),
    ("/organisations/KS/edit", {"code": "KS", "kind": "department"}, "name"),
    ("/people/new", {"email": "#@x.example", "role": "member"}, "name"),
    ("/people/new", {"name": "N", "role": "member"}, "email"),
    ("/areas/new", {"code": "#", "lead": "lead@x.example"}, "title"),
    ("/areas/SO1/edit", {"code": "SO1", "title": "T", "lead": "lead@x.example"}, "goal"),
    ("/improvements/new", {"code": "#", "area": "SO1", "owner": "lead@x.example"}, "title"),
    ("/improvements/SO1-03/edit",
     {"code": "SO1-03", "title": "T", "area": "SO1", "owner": "lead@x.example"}, "description"),
    ("/improvements/SO1-03/close", {"state": "paused"}, "note"),
    ("/meetings/new", {"date": "2026-10-01", "kind": "group_meeting"}, "title"),
    ("/profile/tokens", {"days": "30"}, "name"),
]  # fmt: skip


def _form_body(data: dict) -> bytes:
    """A urlencoded form as a client may send it: a lone surrogate goes as the bytes it would
    have in UTF-8, which are not UTF-8 (a browser never sends them)."""
    return urlencode(
        {
            k: v.encode("utf-8", "surrogatepass") if isinstance(v, str) else v
            for k, v in data.items()
        }
    ).encode("ascii")


@pytest.mark.parametrize(("path", "template", "field"), FORMS)
def test_generated_text_to_every_form(app, client, login_as, csrf, world, path, template, field):
    login_as(person=world)
    token = csrf("/profile")
    seen = {"n": 0}

    @PROFILE
    @given(value=TEXT)
    def send(value):
        seen["n"] += 1
        data = {**_filled(template, field, value, seen["n"]), "csrf_token": token}
        before = counts(app)
        response = client.post(
            path, data=_form_body(data), content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code < 500, response.get_data(as_text=True)[:300]
        if response.status_code >= 400:  # refused: the form again, and nothing written
            assert response.status_code == 422, response.status_code
            assert counts(app) == before

    send()


@PROFILE
@given(email=TEXT, password=TEXT)
def test_generated_text_to_the_sign_in_form(app, world, email, password):
    from tests.conftest import csrf_token_from

    client = app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    before = counts(app)
    response = client.post(
        "/login",
        data=_form_body({"email": email, "password": password, "csrf_token": token}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 422, 429), response.status_code
    assert counts(app) == before
