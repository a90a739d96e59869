"""Improvements: closing with a note, editing by the owner, reassigning, finding them with the filter in the URL, and an inactive owner refused."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import improvement_by_code, post, saved
from tests.worlds import codes
from tracker.extensions import db
from tracker.models import Improvement, ImprovementState, Role, Status
from tracker.services import ValidationError

TODAY = date(2026, 11, 5)  # before the 10th: October is still open


def test_an_owner_closes_an_improvement_with_a_note(
    app, client, csrf, login_as, one_area_every_state, today
):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(person=one_area_every_state["owner"])
    response = client.post(
        "/improvements/SO1-01/close", data={"state": "done", "note": "", "csrf_token": csrf()}
    )
    assert response.status_code == 422 and "Say why it is closed." in response.get_data(
        as_text=True
    )
    response = client.post(
        "/improvements/SO1-01/close",
        data={"state": "done", "note": "Alla tjänster tillsatta.", "csrf_token": csrf()},
    )
    assert response.status_code == 302
    with app.app_context():
        item = db.session.get(Improvement, one_area_every_state["due"].id)
        assert (
            item.state == ImprovementState.DONE and item.closing_note == "Alla tjänster tillsatta."
        )
    assert codes(app, "2026-11") == ["SO1-02", "SO1-03"]  # a closed improvement is not due
    client.post("/logout", data={"csrf_token": csrf()})
    login_as(person=one_area_every_state["deputy"])  # the deputy reports but does not close
    assert (
        client.post(
            "/improvements/SO1-02/close",
            data={"state": "cancelled", "note": "x", "csrf_token": csrf()},
        ).status_code
        == 403
    )


def test_closing_through_the_edit_form_or_api_needs_a_note(
    app, client, csrf, login_as, api, token_for, one_area_every_state
):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(person=one_area_every_state["owner"])
    html = client.post(
        "/improvements/SO1-01/edit",
        data={
            "description": "",
            "state": "done",
            "start": "",
            "due": "",
            "closing_note": "",
            "csrf_token": csrf(),
        },
    ).get_data(as_text=True)
    assert "Say why it is closed" in html
    token = token_for(person=one_area_every_state["owner"])
    response = api("PATCH", "/improvements/SO1-01", token, {"state": "cancelled"})
    assert response.status_code == 422 and "closing_note" in response.get_json()["errors"]
    response = api(
        "PATCH",
        "/improvements/SO1-01",
        token,
        {"state": "cancelled", "closing_note": "Ersatt av SO1-02."},
    )
    assert (
        response.status_code == 200 and response.get_json()["closing_note"] == "Ersatt av SO1-02."
    )


def test_an_inactive_owner_cannot_be_chosen(app, client, csrf, login_as, one_improvement, factory):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(person=one_improvement["admin"])
    ghost = factory.person(
        org=one_improvement["dep"], email="ghost@example.se", name="Ghost", active=False
    )
    # Through the API (the page does not even offer the person).
    from tracker.services import improvements

    with app.app_context():
        with pytest.raises(ValidationError) as raised:
            improvements.create(
                db.session, {"code": "X1", "area": "SO1", "title": "T", "owner": ghost.email}, None
            )
        assert "deactivated" in str(raised.value.errors["owner"][0])
        db.session.rollback()


def test_an_owner_edits_description_dates_and_state(app, client, csrf, login_as, one_improvement):
    login_as(person=one_improvement["co"])
    saved(
        client,
        csrf,
        "/improvements/SO1-01/edit",
        {
            "description": "Mer",
            "start": "2026-02-01",
            "due": "2027-03-31",
            "state": "ongoing",
            "owner": "lead@example.se",
        },
    )
    with app.app_context():
        item = improvement_by_code("SO1-01")
        assert item.due == date(2027, 3, 31) and item.state == ImprovementState.ONGOING
        assert item.owner.email == "co@example.se"


def test_reassigning_an_owner_keeps_who_reported_before(
    app, client, csrf, login_as, one_improvement, factory
):
    factory.update(one_improvement["item"], "2026-09")
    login_as(person=one_improvement["admin"])
    data = {
        "code": "SO1-01",
        "area": "SO1",
        "title": "Gemensam rekrytering",
        "description": "",
        "owner": "lead@example.se",
        "deputy": "",
        "organisation": "",
        "state": "ongoing",
        "start": "2026-01-01",
        "due": "2026-12-31",
    }
    assert post(client, csrf, "/improvements/SO1-01/edit", data).status_code == 302
    with app.app_context():
        item = improvement_by_code("SO1-01")
        assert item.owner.email == "lead@example.se"
        from tracker.models import StatusUpdate

        update = db.session.scalar(select(StatusUpdate))
        assert update.author.email == "co@example.se"
        assert update.organisation.code == "SBO"  # as it was when reported


def test_find_improvements_with_the_filter_in_the_url(
    app, client, login_as, one_improvement, factory
):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"

    other = factory.improvement(
        one_improvement["area"], one_improvement["lead"], code="SO1-02", title="Chefsprogram"
    )
    factory.update(one_improvement["item"], "2026-10", status=Status.OFF_TRACK)
    login_as(Role.MEMBER)
    html = client.get("/improvements?status=off_track").get_data(as_text=True)
    assert "Gemensam rekrytering" in html and "Chefsprogram" not in html
    html = client.get("/improvements?status=not_reported&owner=lead@example.se").get_data(
        as_text=True
    )
    assert "Chefsprogram" in html and "Gemensam rekrytering" not in html
    html = client.get("/improvements?organisation=SBO").get_data(as_text=True)
    assert "Gemensam rekrytering" in html and "Chefsprogram" not in html
    response = client.get("/improvements?area=NOPE&state=flying")
    html = response.get_data(as_text=True)
    assert response.status_code == 422  # the page shows what it can, and says why
    assert "There is no strategic area with the code NOPE." in html and "is not a state" in html
    assert other.code == "SO1-02"
