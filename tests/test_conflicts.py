"""Saves that cross: areas, improvements, organisations and people carry a version; a save made
from an older read changes nothing (the conflict page, or 409), and the history's old values
are what was stored."""

import functools
import re
import threading
from dataclasses import dataclass
from itertools import pairwise

import pytest
from sqlalchemy import select

from tests import pages
from tests.conftest import csrf_token_from, improvement_by_code, together
from tracker.extensions import db
from tracker.models import (
    AuditEvent,
    Improvement,
    Organisation,
    Person,
    Role,
    StrategicArea,
)
from tracker.schemas import AreaSchema, ImprovementSchema, OrganisationSchema, PersonSchema
from tracker.services import Stale, areas, improvements, organisations, people


@dataclass
class Kind:
    model: type
    schema: type
    service: object
    field: str  # the field a test types in
    page: str  # the item's edit page, with {key}
    api: str  # the item's API path, with {ref}
    button: str  # the button that archives or deactivates it, with {key}


KINDS = {
    "area": Kind(
        StrategicArea,
        AreaSchema,
        areas.update,
        "description",
        "/areas/{key}/edit",
        "/areas/{ref}",
        "/areas/{key}/archive",
    ),
    "improvement": Kind(
        Improvement,
        ImprovementSchema,
        improvements.update,
        "description",
        "/improvements/{key}/edit",
        "/improvements/{ref}",
        "/improvements/{key}/archive",
    ),
    "organisation": Kind(
        Organisation,
        OrganisationSchema,
        organisations.update,
        "name",
        "/organisations/{key}/edit",
        "/organisations/{ref}",
        "/organisations/{key}/archive",
    ),
    "person": Kind(
        Person,
        PersonSchema,
        people.update,
        "title",
        "/people/{key}/edit",
        "/people/{ref}",
        "/people/{key}/active",
    ),
}


@pytest.fixture
def things(factory):
    """One of each kind: {kind: (id, page key, API reference)}."""
    org = factory.org(code="SOC", name="Socialförvaltningen")
    lead = factory.person(org=org, email="lead@example.se")
    area = factory.area(lead, code="SO1", description="Från början")
    improvement = factory.improvement(area, lead, code="SO1-03", description="Från början")
    person = factory.person(org=org, email="elin@example.se")
    return {
        "area": (area.id, "SO1", "SO1"),
        "improvement": (improvement.id, "SO1-03", "SO1-03"),
        "organisation": (org.id, "SOC", "SOC"),
        "person": (person.id, person.id, "elin@example.se"),
    }


def stored(app, kind, thing_id):
    """The item's field and version as stored."""
    with app.app_context():
        row = db.session.get(KINDS[kind].model, thing_id)
        return getattr(row, KINDS[kind].field), row.version


def change_meanwhile(app, kind, thing_id, value):
    """Someone else saves the item (through the service, as the system)."""
    with app.app_context():
        row = db.session.get(KINDS[kind].model, thing_id)
        KINDS[kind].service(db.session, row, {KINDS[kind].field: value}, None)
        db.session.commit()


def form_of(app, kind, thing_id):
    return pages.form_of(app, KINDS[kind].model, KINDS[kind].schema, thing_id)


def hidden_version(html):
    match = re.search(r'<input[^>]*name="version"[^>]*value="(\d*)"', html)
    assert match, "no version on the page"
    return match.group(1)


def test_a_person_s_version_stays_when_they_sign_in_or_out_or_get_a_password(app, client, login_as):
    """Signing in or out and a new password change nothing an edit form shows: the version
    stays, so a form opened before is not made stale by them."""
    person = login_as(Role.MEMBER)
    assert stored(app, "person", person.id)[1] == 1
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/profile").text)})
    with app.app_context():
        row = db.session.get(Person, person.id)
        assert row.session_generation == 1
        people.set_password(
            db.session,
            row,
            "ett nytt långt lösenord 42",
            hash_method=app.config["PASSWORD_HASH_METHOD"],
        )
        db.session.commit()
        row = db.session.get(Person, person.id)
        assert row.session_generation == 2 and row.version == 1


def test_the_service_refuses_a_stale_version_but_not_a_double_submit(app, things):
    thing_id = things["improvement"][0]
    change_meanwhile(app, "improvement", thing_id, "Deras text")
    with app.app_context():
        row = db.session.get(Improvement, thing_id)
        with pytest.raises(Stale):
            improvements.update(
                db.session, row, {"description": "Min text"}, None, expected_version=1
            )
        db.session.rollback()
        # Saying what is stored already is no conflict: nothing changes.
        same = improvements.update(
            db.session, row, {"description": "Deras text"}, None, expected_version=1
        )
        assert same == {}
        changes = improvements.update(
            db.session, row, {"description": "Min text"}, None, expected_version=2
        )
        db.session.commit()
        assert changes == {"description": ("Deras text", "Min text")} and row.version == 3


@pytest.mark.parametrize("kind", KINDS)
def test_a_stale_save_gets_the_conflict_page_and_writes_nothing(
    app, client, login_as, things, kind
):
    login_as(Role.ADMIN)
    thing_id, key, _ref = things[kind]
    path = KINDS[kind].page.format(key=key)
    opened = client.get(path)
    assert opened.status_code == 200 and hidden_version(opened.text) == "1"
    typed = {**form_of(app, kind, thing_id), KINDS[kind].field: "Min ändring"}
    csrf = csrf_token_from(opened.text)
    change_meanwhile(app, kind, thing_id, "Deras ändring")

    conflict = client.post(path, data={**typed, "version": "1", "csrf_token": csrf})

    assert conflict.status_code == 409
    html = conflict.text
    notice = html[html.index('id="conflict"') : html.index("</table>")]
    # Both values of the field that differs, side by side; the typed one kept in the form.
    assert re.search(r"<td[^>]*>Deras ändring</td><td[^>]*>Min ändring</td>", notice), notice
    assert html.count("Min ändring") == 2
    # The version moves to the current one: saving again overwrites, knowingly.
    assert hidden_version(html) == "2"
    assert stored(app, kind, thing_id) == ("Deras ändring", 2)

    again = client.post(path, data={**typed, "version": "2", "csrf_token": csrf})
    assert again.status_code == 302
    assert stored(app, kind, thing_id) == ("Min ändring", 3)


@pytest.mark.parametrize("kind", KINDS)
def test_a_fresh_save_is_saved_and_raises_the_version(app, client, login_as, things, kind):
    login_as(Role.ADMIN)
    thing_id, key, _ref = things[kind]
    path = KINDS[kind].page.format(key=key)
    opened = client.get(path)
    typed = {**form_of(app, kind, thing_id), KINDS[kind].field: "Min ändring"}
    data = {**typed, "version": hidden_version(opened.text)}
    response = client.post(path, data={**data, "csrf_token": csrf_token_from(opened.text)})
    assert response.status_code == 302
    assert stored(app, kind, thing_id) == ("Min ändring", 2)


def _flag(app, kind, thing_id):
    with app.app_context():
        row = db.session.get(KINDS[kind].model, thing_id)
        return (row.active if kind == "person" else row.archived), row.version


@pytest.mark.parametrize("kind", KINDS)
def test_the_archive_and_deactivate_buttons_carry_the_version(app, client, login_as, things, kind):
    login_as(Role.ADMIN)
    thing_id, key, _ref = things[kind]
    button = KINDS[kind].button.format(key=key)
    csrf = csrf_token_from(client.get("/profile").text)
    before = _flag(app, kind, thing_id)
    change_meanwhile(app, kind, thing_id, "Deras ändring")

    stale = client.post(button, data={"version": "1", "csrf_token": csrf})
    assert stale.status_code == 409
    assert _flag(app, kind, thing_id) == (before[0], 2)

    fresh = client.post(button, data={"version": "2", "csrf_token": csrf})
    assert fresh.status_code == 302
    assert _flag(app, kind, thing_id) == (not before[0], 3)


def test_the_buttons_carry_the_version_on_the_pages(app, client, login_as, things):
    login_as(Role.ADMIN)
    change_meanwhile(app, "improvement", things["improvement"][0], "Deras ändring")
    page = client.get("/improvements/SO1-03").text
    form = page[page.index('action="/improvements/SO1-03/archive"') :]
    assert hidden_version(form[: form.index("</form>")]) == "2"
    page = client.get(f"/people/{things['person'][0]}").text
    assert hidden_version(page[page.index("/active") :]) == "1"
    page = client.get("/organisations").text
    assert hidden_version(page[page.index("/organisations/SOC/archive") :]) == "1"


@pytest.mark.parametrize("kind", KINDS)
def test_the_api_answers_the_version_and_refuses_a_stale_patch(app, api, token_for, things, kind):
    token = token_for(Role.ADMIN)
    thing_id, _key, ref = things[kind]
    path = KINDS[kind].api.format(ref=ref)
    field = KINDS[kind].field
    read = api("GET", path, token=token)
    assert read.get_json()["version"] == 1 and read.headers["ETag"] == '"1"'
    change_meanwhile(app, kind, thing_id, "Deras ändring")

    # A stale version, in the body or as If-Match: 409 with the current one, nothing written.
    stale = api("PATCH", path, token=token, body={field: "Min ändring", "version": 1})
    assert stale.status_code == 409 and stale.get_json()["version"] == 2
    assert stale.mimetype == "application/problem+json"
    stale = api("PATCH", path, token=token, body={field: "Min"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 409 and stale.get_json()["version"] == 2
    assert stored(app, kind, thing_id) == ("Deras ändring", 2)

    # Two different versions: 422.
    both = api(
        "PATCH", path, token=token, body={field: "Min", "version": 2}, headers={"If-Match": '"1"'}
    )
    assert both.status_code == 422 and "version" in both.get_json()["errors"]

    # The current version: saved, the new version in the body and the ETag.
    fresh = api(
        "PATCH", path, token=token, body={field: "Min ändring"}, headers={"If-Match": '"2"'}
    )
    assert fresh.status_code == 200, fresh.get_json()
    assert fresh.get_json()["version"] == 3 and fresh.headers["ETag"] == '"3"'
    body = api("PATCH", path, token=token, body={field: "Min andra", "version": 3})
    assert body.status_code == 200 and body.headers["ETag"] == '"4"'

    # Without a version (a client from before versions): changed whatever the version.
    blind = api("PATCH", path, token=token, body={field: "Utan version"})
    assert blind.status_code == 200 and blind.get_json()["version"] == 5
    star = api("PATCH", path, token=token, body={field: "Stjärna"}, headers={"If-Match": "*"})
    assert star.status_code == 200 and stored(app, kind, thing_id) == ("Stjärna", 6)


def _parallel_patches(app, factory, token_for, *, versioned):
    """20 writers PATCH one improvement's description at the same moment (threads behind a
    barrier, each its own client and token); with ``versioned``, each sends the version it
    read and, on a 409, tries again with the version it was given. Returns every attempt's
    (version sent, status) and the description's history events, oldest first."""
    lead = factory.person(org=factory.org())
    area = factory.area(lead, code="SO1")
    factory.improvement(area, lead, code="SO1-03", description="Från början")
    tokens = [token_for(Role.ADMIN) for _ in range(WRITERS)]
    barrier = threading.Barrier(WRITERS)
    attempts, failures = [], []
    lock = threading.Lock()

    def write(n):
        try:
            client = app.test_client()
            headers = {"Authorization": f"Bearer {tokens[n]}"}
            version = 1
            barrier.wait(timeout=60)
            for _try in range(WRITERS + 1):
                body = {"description": f"Skribent {n}"}
                if versioned:
                    body["version"] = version
                response = client.patch("/api/v1/improvements/SO1-03", json=body, headers=headers)
                with lock:
                    attempts.append((version, response.status_code))
                if response.status_code == 200:
                    return
                assert response.status_code == 409, response.get_json()
                version = response.get_json()["version"]
            raise AssertionError(f"writer {n} never saved")
        except Exception as error:  # reported below: a thread's exception is lost otherwise
            failures.append(repr(error))

    together(*(functools.partial(write, n) for n in range(WRITERS)), timeout=300)
    assert failures == []
    with app.app_context():
        improvement = improvement_by_code("SO1-03")
        assert improvement.version == WRITERS + 1
        events = db.session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.entity_type == "improvement",
                AuditEvent.entity_id == improvement.id,
                AuditEvent.field == "description",
            )
            .order_by(AuditEvent.id)
        ).all()
        # The history is true: each old value is the value before it; every value once.
        assert len(events) == WRITERS
        assert events[0].old_value == "Från början"
        for before, after in pairwise(events):
            assert after.old_value == before.new_value
        assert sorted(e.new_value for e in events) == sorted(
            f"Skribent {n}" for n in range(WRITERS)
        )
        assert events[-1].new_value == improvement.description
    return attempts


WRITERS = 20


def test_twenty_parallel_patches_one_success_per_version_and_a_true_history(
    app, factory, token_for
):
    """Each writer sends the version it read: one wins each version, the others get 409 with
    the current version and try again with it. Nothing is lost."""
    attempts = _parallel_patches(app, factory, token_for, versioned=True)
    successes = sorted(version for version, status in attempts if status == 200)
    assert successes == list(range(1, WRITERS + 1))
    assert {status for _version, status in attempts} == {200, 409}


def test_twenty_parallel_patches_without_a_version_are_made_one_after_the_other(
    app, factory, token_for
):
    """A client that sends no version changes whatever is stored, but the row is read afresh
    and locked while it is changed: every PATCH succeeds and the history still chains."""
    attempts = _parallel_patches(app, factory, token_for, versioned=False)
    assert [status for _version, status in attempts] == [200] * WRITERS


@pytest.mark.browser
def test_the_conflict_page_in_a_browser_passes_axe(app, page, demo_people):
    from playwright.sync_api import expect

    from tests.browser import ARTIFACTS, axe_violations, sign_in_by_keyboard

    email, _role, _landing = demo_people["admin"]
    sign_in_by_keyboard(page, email, app.config["DEMO_PASSWORD"])
    page.goto("/improvements/SO1-01/edit")
    with app.app_context():
        row = improvement_by_code("SO1-01")
        improvements.update(db.session, row, {"description": "Deras beskrivning"}, None)
        db.session.commit()
    page.fill("#description", "Min beskrivning")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator("#conflict")).to_be_visible()
    assert page.locator("#conflict td").all_inner_texts() == [
        "Deras beskrivning",
        "Min beskrivning",
    ]
    assert page.input_value("#description") == "Min beskrivning"
    assert axe_violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "conflict.png"), full_page=True)
    # Saving again replaces theirs, knowingly.
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator("#conflict")).to_have_count(0)
    with app.app_context():
        row = improvement_by_code("SO1-01")
        assert row.description == "Min beskrivning"


@pytest.mark.parametrize(
    ("kind", "lists"),
    [
        ("area", {"co_owners": ["elin@example.se"]}),
        ("area", {"organisations": ["SOC"]}),
        ("improvement", {"organisations": ["SOC"]}),
    ],
)
def test_a_change_of_a_list_alone_raises_the_version(app, api, token_for, things, kind, lists):
    """Co-owners and organisations live in link tables: changing only them still raises the
    version, so that a list changed meanwhile is not overwritten unseen."""
    token = token_for(Role.ADMIN)
    thing_id, _key, ref = things[kind]
    path = KINDS[kind].api.format(ref=ref)
    saved = api("PATCH", path, token=token, body={**lists, "version": 1})
    assert saved.status_code == 200 and saved.get_json()["version"] == 2
    assert stored(app, kind, thing_id)[1] == 2
    emptied = {field: [] for field in lists}
    stale = api("PATCH", path, token=token, body={**emptied, "version": 1})
    assert stale.status_code == 409
    assert api("GET", path, token=token).get_json()[next(iter(lists))] == next(iter(lists.values()))


@pytest.mark.parametrize("tag", ['""', 'W/""', "garbage", '"1", "2"'])
def test_an_if_match_that_names_no_version_is_a_conflict(app, api, token_for, things, tag):
    token = token_for(Role.ADMIN)
    answer = api(
        "PATCH", "/areas/SO1", token=token, body={"description": "x"}, headers={"If-Match": tag}
    )
    assert answer.status_code == 409
    assert stored(app, "area", things["area"][0]) == ("Från början", 1)
