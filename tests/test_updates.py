"""Saving monthly updates and area assessments: every revision kept, bad values refused, the API's create, revise and conflict, owners who disagree; on crafted data with a fixed today."""

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import person_by_email
from tests.worlds import save
from tracker.extensions import db
from tracker.models import Role, Status, StatusUpdate, UpdateRevision
from tracker.services import NotAllowed, ValidationError, updates

TODAY = date(2026, 11, 5)  # before the 10th: October is still open


def test_every_revision_is_kept(app, client, login_as, one_area_every_state):
    uid, _v, _l = save(app, "SO1-01", "2026-10", "owner@example.se", TODAY, comment="Första")
    save(
        app,
        "SO1-01",
        "2026-10",
        "deputy@example.se",
        TODAY,
        version=1,
        comment="Andra",
        status="at_risk",
    )
    with app.app_context():
        revisions = db.session.scalars(
            select(UpdateRevision).order_by(UpdateRevision.version)
        ).all()
        assert [(r.version, r.comment, r.status, r.author.email) for r in revisions] == [
            (1, "Första", Status.ON_TRACK, "owner@example.se"),
            (2, "Andra", Status.AT_RISK, "deputy@example.se"),
        ]
    login_as(Role.MEMBER)
    html = client.get(f"/improvements/updates/{uid}/revisions").get_data(as_text=True)
    assert "Första" in html and "Andra" in html


def test_flags_need_their_texts_and_bad_values_are_refused(app, one_area_every_state):
    for data, field in (
        ({"needs_decision": True}, "decision_text"),
        ({"raise_to_politicians": True, "politicians_text": "  "}, "politicians_text"),
        ({"progress": 101}, "progress"),
        ({"progress": "50"}, "progress"),
        ({"status": "great"}, "status"),
    ):
        with pytest.raises(ValidationError) as raised:
            save(app, "SO1-01", "2026-10", "owner@example.se", TODAY, **data)
        assert field in raised.value.errors
    with pytest.raises(ValidationError) as raised:
        save(app, "SO1-01", "2026-12", "owner@example.se", TODAY)
    assert "period" in raised.value.errors  # in the future
    with pytest.raises(NotAllowed):
        save(app, "SO1-01", "2026-10", "other@example.se", TODAY)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StatusUpdate)) == 0


def test_an_area_whose_owners_disagree_shows_the_split(
    app, client, login_as, one_area_every_state, today
):
    today(date(2026, 11, 20))
    with app.app_context():
        from tracker.models import StrategicArea

        area = db.session.get(StrategicArea, one_area_every_state["area"].id)
        for email, status in (("lead@example.se", "on_track"), ("owner@example.se", "at_risk")):
            person = person_by_email(email)
            updates.save_assessment(
                db.session,
                area,
                "2026-10",
                {"status": status, "comment": email},
                person,
                today=date(2026, 11, 2),
                deadline_day=10,
            )
        db.session.commit()
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    login_as(Role.MEMBER)
    html = client.get("/areas/SO1").get_data(as_text=True)
    assert "The owners disagree:" in html
    assert html.index("On track") < html.index("At risk")
    assert "average" not in html.lower()


def test_api_updates(app, api, token_for, one_area_every_state, today):
    owner_token = token_for(person=one_area_every_state["owner"])
    body = {"period": "2026-10", "status": "at_risk", "progress": 30, "comment": "Via API"}
    response = api("POST", "/improvements/SO1-01/updates", owner_token, body)
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert (created["version"], created["author"], created["organisation"], created["late"]) == (
        1,
        "owner@example.se",
        "SBO",
        False,
    )
    # A second POST: 409 with the existing id and version.
    again = api("POST", "/improvements/SO1-01/updates", owner_token, body)
    assert again.status_code == 409
    assert (again.get_json()["id"], again.get_json()["version"]) == (created["id"], 1)
    # PATCH with the version read; then a stale PATCH gets 409.
    ok = api("PATCH", f"/updates/{created['id']}", owner_token, {"version": 1, "progress": 35})
    assert ok.status_code == 200 and ok.get_json()["version"] == 2
    stale = api("PATCH", f"/updates/{created['id']}", owner_token, {"version": 1, "progress": 36})
    assert stale.status_code == 409 and stale.get_json()["version"] == 2
    # Reading them back.
    listed = api("GET", "/updates?period=2026-10&improvement=SO1-01", owner_token).get_json()
    assert listed["total"] == 1 and listed["items"][0]["progress"] == 35
    assert api("GET", "/updates?period=2026-1", owner_token).status_code == 422
    # Someone who neither owns nor deputises: 403; a politician: 403; bad fields: 422.
    other_token = token_for(person=one_area_every_state["other"])
    assert api("POST", "/improvements/SO1-02/updates", other_token, body).status_code == 403
    pol_token = token_for(Role.POLITICIAN)
    assert api("GET", "/updates?period=2026-10", pol_token).status_code == 403
    for bad in (
        {"progress": 101},
        {"status": "fine"},
        {"progress": "x"},
        {"period": "2027-01"},
        {"owner_id": 5},
        {"needs_decision": True},
    ):
        response = api("POST", "/improvements/SO1-02/updates", owner_token, {**body, **bad})
        assert response.status_code == 422, (bad, response.get_json())
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StatusUpdate)) == 1
    completeness = api("GET", "/completeness?period=2026-10", owner_token).get_json()
    assert completeness["total"] == {"due": 4, "reported": 1, "late": 0, "missing": 3}


def test_the_api_refuses_fractions_and_future_periods(
    app, api, token_for, one_area_every_state, today
):
    token = token_for(person=one_area_every_state["owner"])
    body = {"period": "2026-10", "status": "on_track", "progress": 50.7}
    assert api("POST", "/improvements/SO1-01/updates", token, body).status_code == 422
    assert api("GET", "/completeness?period=2027-01", token).status_code == 422
    assert api("GET", "/updates?period=2027-01", token).status_code == 422
