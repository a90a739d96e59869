"""Every write, for every kind of caller: role x route x ownership.

Allowed callers get through (a redirect, a page or a 2xx); the others get 403 (401 or the
sign-in page when nobody is signed in), and then nothing is written. A last test fails when a
write route is added without a row here.
"""

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD, csrf_token_from
from tracker.extensions import db
from tracker.models import (
    AgendaItem,
    ApiToken,
    AuditEvent,
    Decision,
    ImportUpload,
    Meeting,
    Organisation,
    OrganisationKind,
    PeriodReopening,
    Person,
    Reminder,
    Role,
    StatusUpdate,
    UpdateRevision,
)
from tracker.services import NotAllowed, periods, team_roles, tokens

CALLERS = ("anonymous", "politician", "member", "lead", "owner", "admin")

# (method, path, form or JSON body, who may)
PAGE_WRITES = [
    ("POST", "/organisations/new", {"code": "NEW", "name": "Ny", "kind": "company"}, {"admin"}),
    ("POST", "/organisations/BUF/edit", {"code": "BUF", "name": "BUF 2", "kind": "department"}, {"admin"}),
    ("POST", "/organisations/BUF/archive", {}, {"admin"}),
    ("POST", "/people/new", {"name": "N", "email": "n@example.se", "role": "member", "organisation": "", "locale": ""}, {"admin"}),
    ("POST", "/people/{member_id}/edit", {"name": "M", "email": "member@example.se", "role": "admin", "organisation": "", "locale": ""}, {"admin"}),
    ("POST", "/people/{member_id}/active", {}, {"admin"}),
    ("POST", "/areas/new", {"code": "SO9", "title": "T", "lead": "lead@example.se", "order": "0"}, {"admin"}),
    ("POST", "/areas/SO1/edit", {"description": "d", "goal": "g"}, {"admin", "lead"}),
    ("POST", "/areas/SO1/archive", {}, {"admin"}),
    ("POST", "/areas/SO1/move/down", {}, {"admin"}),
    ("POST", "/improvements/new", {"code": "SO1-09", "area": "SO1", "title": "T", "owner": "owner@example.se", "deputy": "", "organisation": "", "state": "planned"}, {"admin"}),
    ("POST", "/improvements/SO1-01/edit", {"description": "d", "state": "ongoing", "start": "", "due": ""}, {"admin", "owner"}),
    ("POST", "/improvements/SO1-01/archive", {}, {"admin"}),
    ("POST", "/profile/tokens", {"name": "n", "days": "30"}, {"politician", "member", "lead", "owner", "admin"}),
    ("POST", "/profile/tokens/{own_token_id}/revoke", {}, {"politician", "member", "lead", "owner", "admin"}),
    ("POST", "/profile/password", {"current_password": PASSWORD, "password": "tranbär-kanot-fönster-glädje", "password_again": "tranbär-kanot-fönster-glädje"}, {"politician", "member", "lead", "owner", "admin"}),
    ("POST", "/people/{member_id}/pseudonymise", {"reference": "KS 2026/1", "decided_on": "2026-11-02", "understood": "y"}, {"admin"}),
    ("POST", "/my", {"i{due_id}-{period}-status": "on_track", "i{due_id}-{period}-progress": "40", "i{due_id}-{period}-version": "0"}, {"member", "lead", "owner", "admin"}),
    ("POST", "/improvements/SO1-01/close", {"state": "done", "note": "Klart."}, {"admin", "owner"}),
    ("POST", "/completeness/reopen", {"period": "{closed_period}", "until": "2099-12-31"}, {"admin"}),
    ("POST", "/completeness/remind", {"period": "{period}"}, {"admin"}),
    ("POST", "/meetings/new", {"date": "2026-10-20", "title": "KLG", "kind": "group_meeting"}, {"admin"}),
    ("POST", "/meetings/{meeting_id}/edit", {"date": "2026-10-21", "title": "KLG", "kind": "group_meeting"}, {"admin"}),
    ("POST", "/meetings/{meeting_id}/decisions", {"text": "Beslut", "responsible": "owner@example.se"}, {"admin"}),
    ("POST", "/meetings/decisions/{decision_id}/close", {"note": "Klart"}, {"admin", "owner"}),
    ("POST", "/meetings/{meeting_id}/agenda/propose", {}, {"admin"}),
    ("POST", "/meetings/{meeting_id}/agenda/items", {"title": "Punkt", "note": ""}, {"admin"}),
    ("POST", "/meetings/{meeting_id}/agenda/items/{agenda_item_id}", {"item-{agenda_item_id}-title": "Ny", "item-{agenda_item_id}-note": ""}, {"admin"}),
    ("POST", "/meetings/{meeting_id}/agenda/items/{agenda_item_id}/move/down", {}, {"admin"}),
    ("POST", "/meetings/{meeting_id}/agenda/items/{agenda_item_id}/remove", {}, {"admin"}),
    ("POST", "/meetings/{meeting_id}/agenda/items/{dismissed_item_id}/restore", {}, {"admin"}),
    ("POST", "/meetings/{meeting_id}/message/send", {"confirm": "y"}, {"admin"}),
    ("POST", "/reports/publish", {"period": "{period}", "registration_number": "KS 2026/1", "note": ""}, {"admin"}),
    ("POST", "/team-roles/{member_id}", {"first": "plant", "second": "shaper", "third": ""}, {"admin"}),
    ("POST", "/people/{member_id}/invite", {}, {"admin"}),
]  # fmt: skip
# Who actually writes something where the route lets more people through: /my saves only the
# rows the person reports on (here only the owner has one), and reminders need a mail server.
WRITES = {
    "/my": {"owner"},
    "/completeness/remind": set(),
    "/meetings/{meeting_id}/message/send": set(),
    "/people/{member_id}/pseudonymise": set(),
    "/people/{member_id}/invite": set(),
}
# What a route that lets someone through answers when that someone sends a write that is not
# theirs: /my refuses a row the person does not report on (422) and writes nothing.
# A person who is still active is not pseudonymised (422).
# A person who has a password needs no invitation (422).
REFUSED = {
    "/my": (422,),
    "/people/{member_id}/pseudonymise": (422,),
    "/people/{member_id}/invite": (422,),
}
API_WRITES = [
    ("POST", "/api/v1/organisations", {"code": "NEW", "name": "Ny", "kind": "company"}, {"admin"}),
    ("PATCH", "/api/v1/organisations/BUF", {"name": "BUF 2"}, {"admin"}),
    ("POST", "/api/v1/people", {"email": "n@example.se", "name": "N", "role": "member"}, {"admin"}),
    ("PATCH", "/api/v1/people/member@example.se", {"role": "admin"}, {"admin"}),
    ("POST", "/api/v1/areas", {"code": "SO9", "title": "T", "lead": "lead@example.se"}, {"admin"}),
    ("PATCH", "/api/v1/areas/SO1", {"goal": "g"}, {"admin", "lead"}),
    ("PATCH", "/api/v1/areas/SO1", {"lead": "member@example.se"}, {"admin"}),
    ("POST", "/api/v1/improvements", {"code": "SO1-09", "area": "SO1", "title": "T", "owner": "owner@example.se"}, {"admin"}),
    ("PATCH", "/api/v1/improvements/SO1-01", {"due": "2027-06-30"}, {"admin", "owner"}),
    ("PATCH", "/api/v1/improvements/SO1-01", {"owner": "lead@example.se"}, {"admin"}),
    ("POST", "/api/v1/improvements/SO1-03/updates", {"period": "{period}", "status": "on_track", "progress": 10}, {"admin", "owner"}),
    ("PATCH", "/api/v1/updates/{update_id}", {"version": 1, "progress": 55}, {"admin", "owner"}),
    ("POST", "/api/v1/meetings", {"date": "2026-10-20", "title": "KLG"}, {"admin"}),
]  # fmt: skip
# Writes open to anyone, checked elsewhere: the language switch, sign-in and sign-out, and the
# sign-in links' pages (tests/test_sign_in_links.py).
NOT_OWNED = {
    "/language",
    "/login",
    "/logout",
    "/password/forgot",
    "/password/<token>",
    "/login/link/<token>",
}


@pytest.fixture
def one_of_each(app, factory):
    dep = factory.org(code="BUF")
    com = factory.org(code="SBO", kind=OrganisationKind.COMPANY)
    people = {
        "politician": factory.person(role=Role.POLITICIAN, email="politician@example.se"),
        "member": factory.person(org=com, email="member@example.se"),
        "lead": factory.person(org=dep, email="lead@example.se"),
        "owner": factory.person(org=com, email="owner@example.se"),
        "admin": factory.person(role=Role.ADMIN, org=dep, email="admin@example.se"),
    }
    area = factory.area(people["lead"], code="SO1", co_owners=[people["owner"]])
    factory.area(people["lead"], code="SO2")  # for SO1 to move past
    reported = factory.improvement(area, people["owner"], code="SO1-01", start=date(2026, 1, 1))
    unreported = factory.improvement(area, people["owner"], code="SO1-03", start=date(2026, 1, 1))
    period = periods.of(periods.today_local())
    update = factory.update(reported, period)
    token_ids, secrets = {}, {}
    with app.app_context():
        for name, person in people.items():
            row, secret = tokens.create(db.session, db.session.get(Person, person.id), "own")
            db.session.flush()
            token_ids[name], secrets[name] = row.id, secret
        db.session.commit()
    with app.app_context():
        meeting = Meeting(date=date(2026, 10, 1), title="KLG", kind="group_meeting")
        decision = Decision(meeting=meeting, text="Beslut", responsible_id=people["owner"].id)
        items = [
            AgendaItem(meeting=meeting, position=n, kind="other", title=f"Punkt {n}")
            for n in (1, 2)
        ]
        items.append(
            AgendaItem(meeting=meeting, position=3, kind="past_due", title="SO1-01", dismissed=True)
        )
        db.session.add_all([meeting, decision, *items])
        db.session.commit()
        meeting_id, decision_id, item_id = meeting.id, decision.id, items[0].id
        dismissed_id = items[2].id
    places = {
        "period": period,
        "closed_period": periods.shift(period, -2),
        "due_id": unreported.id,
        "update_id": update.id,
        "meeting_id": meeting_id,
        "decision_id": decision_id,
        "agenda_item_id": item_id,
        "dismissed_item_id": dismissed_id,
    }
    return people, token_ids, secrets, places


def fill(value, places):
    """Put the world's ids and the current period into a path, a key or a value."""
    if isinstance(value, str):
        return value.format(**places)
    if isinstance(value, dict):
        return {fill(k, places): fill(v, places) for k, v in value.items()}
    return value


def audit_count(app):
    """Rows written anywhere a write can land: history, reports, reminders, reopenings."""
    with app.app_context():
        return sum(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (AuditEvent, StatusUpdate, UpdateRevision, Reminder, PeriodReopening)
        )


def sign_in(client, csrf, person):
    client.post("/login", data={"email": person.email, "password": PASSWORD, "csrf_token": csrf()})


def cases(writes):
    """Each write for each caller it allows, in a world of its own; and once for all the
    callers it refuses, one after another in one world (a refusal writes nothing, which is
    checked after each)."""
    for method, path, body, allowed in writes:
        refused = tuple(c for c in CALLERS if c not in allowed)
        for callers in [(c,) for c in CALLERS if c in allowed] + ([refused] if refused else []):
            name = f"{method} {path} as {'/'.join(callers)}"
            yield pytest.param(method, path, body, allowed, callers, id=name)


def signed_in(app, people, caller):
    """A client of its own, signed in as ``caller``, and its CSRF token."""
    client = app.test_client()

    def csrf(path="/accessibility"):
        return csrf_token_from(client.get(path).get_data(as_text=True))

    if caller != "anonymous":
        sign_in(client, csrf, people[caller])
    return client, csrf


@pytest.mark.parametrize(("method", "path", "body", "allowed", "callers"), list(cases(PAGE_WRITES)))
def test_page_writes(app, one_of_each, method, path, body, allowed, callers):
    people, token_ids, _secrets, places = one_of_each
    route = path
    for caller in callers:
        client, csrf = signed_in(app, people, caller)
        filled = {
            **places,
            "member_id": people["member"].id,
            "own_token_id": token_ids.get(caller, token_ids["admin"]),
        }
        path = fill(route, filled)
        before = audit_count(app)
        response = client.open(
            path, method=method, data={**fill(body, filled), "csrf_token": csrf()}
        )
        if caller in allowed:
            writes = caller in WRITES.get(route, allowed)
            expected = (200, 201, 302) + (() if writes else REFUSED.get(route, ()))
            assert response.status_code in expected, (caller, path, response.status_code)
            if writes:
                assert audit_count(app) > before, (caller, path, "nothing was written")
            else:
                assert audit_count(app) == before, (caller, path, "something was written")
        else:
            expected = (302,) if caller == "anonymous" else (403,)
            assert response.status_code in expected, (caller, path, response.status_code)
            if caller == "anonymous":
                assert response.headers["Location"].startswith("/login")
            assert audit_count(app) == before, (caller, path)


@pytest.mark.parametrize(("method", "path", "body", "allowed", "callers"), list(cases(API_WRITES)))
def test_api_writes(app, client, one_of_each, method, path, body, allowed, callers):
    _people, _token_ids, secrets, places = one_of_each
    for caller in callers:
        headers = {"Authorization": f"Bearer {secrets[caller]}"} if caller != "anonymous" else {}
        before = audit_count(app)
        response = client.open(
            fill(path, places), method=method, json=fill(body, places), headers=headers
        )
        if caller in allowed:
            answer = response.get_data(as_text=True)
            assert response.status_code in (200, 201), (caller, path, answer)
            assert audit_count(app) > before
        else:
            assert response.status_code == (401 if caller == "anonymous" else 403), (caller, path)
            assert audit_count(app) == before


def test_someone_elses_token_cannot_be_revoked(app, client, csrf, one_of_each):
    people, token_ids, _secrets, _places = one_of_each
    sign_in(client, csrf, people["member"])
    response = client.post(
        f"/profile/tokens/{token_ids['admin']}/revoke", data={"csrf_token": csrf("/profile")}
    )
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(ApiToken, token_ids["admin"]).revoked_at is None


def test_nobody_gives_a_politician_team_roles(app, client, csrf, one_of_each):
    """Team roles are the group's (access.may_have_team_roles): not even an admin sets them for
    a politician, on the page or through the service."""
    people, _token_ids, _secrets, _places = one_of_each
    sign_in(client, csrf, people["admin"])
    path = f"/team-roles/{people['politician'].id}"
    before = audit_count(app)
    assert client.get(path).status_code == 404
    response = client.post(
        path, data={"first": "plant", "second": "", "third": "", "csrf_token": csrf()}
    )
    assert response.status_code == 404
    with app.app_context():
        politician = db.session.get(Person, people["politician"].id)
        with pytest.raises(NotAllowed):
            team_roles.set_roles(db.session, politician, ["plant"], politician)
        db.session.rollback()
    assert audit_count(app) == before


# The import takes a file (a one-sheet CSV adding one organisation), not a form or JSON: its
# own test below. The preview (/import) writes nothing; the confirm (/import/<id>) is only
# the uploader's.
IMPORT_WRITES = [
    ("POST", "/import", None, {"admin"}),
    ("POST", "/import/{upload_id}", None, {"admin"}),
    ("POST", "/api/v1/import", None, {"admin"}),
]
CSV = b"Kod;Namn;Typ\nNYA;Nya bolaget;Bolag\n"


def _file():
    return {"file": (io.BytesIO(CSV), "Organisationer.csv")}


@pytest.mark.parametrize("caller", CALLERS)
def test_import_writes(app, client, csrf, one_of_each, caller):
    people, _token_ids, secrets, _places = one_of_each
    admin = app.test_client()
    sign_in(
        admin, lambda: csrf_token_from(admin.get("/login").get_data(as_text=True)), people["admin"]
    )
    token = csrf_token_from(admin.get("/import").get_data(as_text=True))
    preview = admin.post("/import", data={**_file(), "csrf_token": token})
    assert preview.status_code == 200, preview.get_data(as_text=True)[:500]
    with app.app_context():
        upload_id = db.session.scalar(select(func.max(ImportUpload.id)))
    if caller != "anonymous":
        sign_in(client, csrf, people[caller])
    own = caller == "admin"
    before = audit_count(app)
    refused = (302,) if caller == "anonymous" else (403,)
    # The preview: the admin's own, which writes no history.
    response = client.post("/import", data={**_file(), "csrf_token": csrf()})
    assert response.status_code in ((200,) if own else refused), (caller, response.status_code)
    assert audit_count(app) == before
    # The confirm of the admin's upload: only the admin who uploaded it (here the same person).
    response = client.post(f"/import/{upload_id}", data={"csrf_token": csrf()})
    assert response.status_code in ((302,) if own else refused), (caller, response.status_code)
    assert (audit_count(app) > before) is own
    # The API.
    headers = {"Authorization": f"Bearer {secrets[caller]}"} if caller != "anonymous" else {}
    after_page = audit_count(app)
    response = client.post("/api/v1/import", data=_file(), headers=headers)
    api_refused = 401 if caller == "anonymous" else 403
    assert response.status_code == (200 if own else api_refused), (caller, response.status_code)
    assert audit_count(app) == after_page  # the page's import made it already: nothing new
    with app.app_context():
        made = db.session.scalar(select(func.count()).where(Organisation.code == "NYA"))
    assert made == (1 if own else 0)


def test_every_write_route_is_in_the_matrix(app):
    writes = PAGE_WRITES + API_WRITES + IMPORT_WRITES
    covered = {(m, p.split("{")[0].rstrip("/")) for m, p, _b, _a in writes}
    missing = []
    for rule in app.url_map.iter_rules():
        for method in rule.methods & {"POST", "PATCH", "PUT", "DELETE"}:
            if rule.rule in NOT_OWNED:
                continue
            prefix = rule.rule.split("<")[0].rstrip("/")
            if not any(m == method and (p == prefix or p.startswith(prefix)) for m, p in covered):
                missing.append(f"{method} {rule.rule}")
    assert missing == []
