"""Generated text, with the characters issue 16 found (NUL and other control characters, lone
surrogates, bidirectional overrides, very long strings), sent to every form that saves and every
write of the API, on SQLite and PostgreSQL: never a 5xx, and nothing written when refused.

The examples are capped (PROFILE) and derandomised, so that the suite stays short and a failure
comes back the same; each example is judged alone (counts before and after it)."""

from datetime import date
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import improvement_by_code, person_by_email, rows
from tests.worlds import FakeSMTP, row_fields
from tracker.extensions import db
from tracker.models import (
    AgendaItem,
    AgendaKind,
    AuditEvent,
    Decision,
    Improvement,
    Meeting,
    MeetingKind,
    Organisation,
    Person,
    PublishedReport,
    StatusUpdate,
    StrategicArea,
    TeamRoleResult,
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
# What the forms of a meeting, the team roles and the published reports write, besides.
MORE_TABLES = (*TABLES, Decision, AgendaItem, TeamRoleResult, PublishedReport)

TODAY = date(2026, 11, 5)  # October has ended but is still open for its reports


def counts(app, tables=TABLES):
    return tuple(rows(app, table) for table in tables)


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


def _post_form(client, path: str, data: dict):
    """A urlencoded form as a client may send it: a lone surrogate goes as the bytes it would
    have in UTF-8, which are not UTF-8 (a browser never sends them). Posted by ``client`` to
    ``path``; the response."""
    body = urlencode(
        {
            k: v.encode("utf-8", "surrogatepass") if isinstance(v, str) else v
            for k, v in data.items()
        }
    ).encode("ascii")
    return client.post(path, data=body, content_type="application/x-www-form-urlencoded")


def _send_generated_text(app, client, token, path, template, field, tables):
    """Post the form at ``path`` (its other fields from ``template``, CSRF ``token``) with
    generated text in ``field``, as the signed-in ``client``: never an error, and a refusal is
    the form again (422) with nothing written to ``tables``. Returns how many were saved."""
    seen = {"n": 0, "saved": 0}

    @PROFILE
    @given(value=TEXT)
    def send(value):
        seen["n"] += 1
        data = {**_filled(template, field, value, seen["n"]), "csrf_token": token}
        before = counts(app, tables)
        response = _post_form(client, path, data)
        assert response.status_code < 500, response.get_data(as_text=True)[:300]
        if response.status_code >= 400:  # refused: the form again, and nothing written
            assert response.status_code == 422, response.status_code
            assert counts(app, tables) == before
        else:
            seen["saved"] += 1

    send()
    return seen["saved"]


@pytest.mark.parametrize(("path", "template", "field"), FORMS)
def test_generated_text_to_every_form(app, client, login_as, csrf, world, path, template, field):
    login_as(person=world)
    _send_generated_text(app, client, csrf("/profile"), path, template, field, TABLES)


@PROFILE
@given(email=TEXT, password=TEXT)
def test_generated_text_to_the_sign_in_form(app, world, email, password):
    from tests.conftest import csrf_token_from

    client = app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    before = counts(app)
    response = _post_form(
        client, "/login", {"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code in (200, 422, 429), response.status_code
    assert counts(app) == before


@pytest.fixture
def places(app, factory, world, today):
    """The probes' world on 5 November 2026, with a meeting held on 20 October holding an
    agenda item and a decision for the lead, and the lead's October report on SO1-03: their
    ids, for the paths."""
    with app.app_context():
        lead = person_by_email("lead@x.example")
        item = improvement_by_code("SO1-03")
        meeting = Meeting(date=date(2026, 10, 20), kind=MeetingKind.GROUP_MEETING, title="M")
        meeting.agenda.append(AgendaItem(position=1, kind=AgendaKind.STANDING, title="A"))
        meeting.decisions.append(Decision(text="D", responsible_id=lead.id))
        db.session.add(meeting)
        db.session.commit()
        ids = {"lead": lead.id, "meeting": meeting.id, "item": meeting.agenda[0].id}
        ids["decision"] = meeting.decisions[0].id
        ids["improvement"] = item.id
    ids["update"] = factory.update(SimpleNamespace(id=ids["improvement"]), "2026-10").id
    return ids


def _version(app, update_id):
    with app.app_context():
        return db.session.get(StatusUpdate, update_id).version


@pytest.mark.parametrize("field", ["comment", "decision_text"])
def test_generated_text_to_a_monthly_report_patch(app, api, token_for, world, places, field):
    token = token_for(person=world)

    @PROFILE
    @given(value=TEXT)
    def send(value):
        before = counts(app)
        body = {"version": _version(app, places["update"]), field: value}
        response = api("PATCH", f"/updates/{places['update']}", token=token, body=body)
        assert response.status_code < 500, response.get_data(as_text=True)[:300]
        if response.status_code >= 400:
            assert counts(app) == before
            assert response.content_type == "application/problem+json"
        else:
            saved.append(response.get_json()[field])
            assert refused_characters(saved[-1], one_line=False) is None, ascii(saved[-1])

    saved = []
    send()
    assert saved, "no example got through: the probe never reached the save"


# The forms of things the probes' world gets in ``places``: "{name}" in a path, a field's name
# or a value is that thing's id. (path, the form's other fields, the generated field)
FORMS_IN_PLACE = [
    ("/people/{lead}/edit",
     {"email": "lead@x.example", "role": "member", "organisation": "KS", "locale": ""}, "name"),
    ("/meetings/{meeting}/edit",
     {"date": "2026-10-20", "kind": "group_meeting", "title": "M"}, "place"),
    ("/meetings/{meeting}/decisions", {"responsible": "lead@x.example"}, "text"),
    ("/meetings/{meeting}/message/send", {}, "confirm"),
    ("/meetings/{meeting}/agenda/items", {"note": ""}, "title"),
    ("/meetings/{meeting}/agenda/items/{item}", {"item-{item}-title": "A"}, "item-{item}-note"),
    ("/team-roles/{lead}", {"second": "", "third": ""}, "first"),
    ("/reports/publish", {"period": "2026-10", "note": ""}, "registration_number"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "template", "field"), FORMS_IN_PLACE)
def test_generated_text_to_the_forms_of_a_meeting_a_person_and_a_report(
    app, client, login_as, csrf, monkeypatch, world, places, path, template, field
):
    # The message after the meeting goes out (to no real server).
    app.config["MAIL_SERVER"] = "mail.invalid"
    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    monkeypatch.setattr(FakeSMTP, "sent", [])
    login_as(person=world)
    path, field = path.format(**places), field.format(**places)
    template = {k.format(**places): v for k, v in template.items()}
    saved = _send_generated_text(app, client, csrf("/profile"), path, template, field, MORE_TABLES)
    assert saved, "no example got through: the probe never reached the save"


def test_generated_text_to_the_monthly_report_page(app, client, login_as, csrf, places):
    """/my as the owner of SO1-03: its October row, saved over its report (with the version
    read) or refused with 422 and nothing written."""
    login_as(person=SimpleNamespace(email="lead@x.example"))
    token = csrf("/profile")
    key = f"i{places['improvement']}-2026-10"

    @PROFILE
    @given(value=TEXT)
    def send(value):
        version = str(_version(app, places["update"]))
        data = {**row_fields(key, comment=value, version=version), "csrf_token": token}
        before = counts(app)
        response = _post_form(client, "/my", data)
        assert response.status_code in (302, 422), response.get_data(as_text=True)[:300]
        if response.status_code == 422:
            assert counts(app) == before
        else:
            with app.app_context():
                saved.append(db.session.get(StatusUpdate, places["update"]).comment)
            assert refused_characters(saved[-1], one_line=False) is None, ascii(saved[-1])

    saved = []
    send()
    assert saved, "no example got through: the probe never reached the save"


def test_generated_text_to_the_closing_of_a_decision(app, client, login_as, csrf, world, places):
    """Closing a decision: closed with a note that holds no refused character (a redirect to
    the meeting's page), or, refused, the meeting's page again with the note as typed and
    why (422), and nothing written. It is opened again before each example."""
    login_as(person=world)
    token = csrf("/profile")
    path = f"/meetings/decisions/{places['decision']}/close"

    @PROFILE
    @given(value=TEXT)
    def send(value):
        with app.app_context():
            db.session.get(Decision, places["decision"]).closed_at = None
            db.session.commit()
        before = counts(app, MORE_TABLES)
        data = {"note": value, "csrf_token": token}
        response = _post_form(client, path, data)
        assert response.status_code in (302, 422), response.get_data(as_text=True)[:300]
        with app.app_context():
            decision = db.session.get(Decision, places["decision"])
            closed, note = decision.closed_at is not None, decision.closing_note
        assert closed == (response.status_code == 302)
        if closed:
            assert response.headers["Location"] == f"/meetings/{places['meeting']}"
            saved.append(note)
            assert refused_characters(note, one_line=False) is None, ascii(note)
        else:
            assert counts(app, MORE_TABLES) == before

    saved = []
    send()
    assert saved, "no example got through: the probe never reached the save"
