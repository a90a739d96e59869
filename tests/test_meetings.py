"""Meetings and decisions: bad input writes nothing, open decisions come back until closed,
and the API lists meetings and what changed since the one before."""

from datetime import date

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Decision, Meeting, Role


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_meetings_and_decisions_through_the_pages(app, client, csrf, login_as, factory):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    org = factory.org()
    owner = factory.person(org=org, email="owner@example.se", name="Olle Owner")
    admin = login_as(Role.ADMIN, org=org)
    # Bad input: no date, no title: a message at the fields, nothing written.
    response = client.post(
        "/meetings/new",
        data={"date": "", "title": "", "kind": "group_meeting", "csrf_token": csrf()},
    )
    html = response.get_data(as_text=True)
    assert "Give the date of the meeting." in html and "Enter a title." in html
    assert count(app, Meeting) == 0
    response = client.post(
        "/meetings/new",
        data={
            "date": "2026-10-20",
            "title": "KLG oktober",
            "kind": "group_meeting",
            "place": "Stadshuset",
            "attendees": [owner.email],
            "csrf_token": csrf(),
        },
    )
    assert response.status_code == 302
    with app.app_context():
        first = db.session.scalar(select(Meeting))
        assert [p.email for p in first.attendees] == ["owner@example.se"]
        first_id = first.id
    # A decision needs a text and someone responsible.
    response = client.post(
        f"/meetings/{first_id}/decisions",
        data={"text": "", "responsible": "", "csrf_token": csrf()},
    )
    assert response.status_code == 422 and "Write the decision." in response.get_data(as_text=True)
    assert count(app, Decision) == 0
    client.post(
        f"/meetings/{first_id}/decisions",
        data={
            "text": "Ta fram en gemensam rekryteringsplan.",
            "responsible": owner.email,
            "due": "2026-12-31",
            "csrf_token": csrf(),
        },
    )
    assert count(app, Decision) == 1
    # The open decision comes back at the next meeting until it is closed.
    client.post(
        "/meetings/new",
        data={
            "date": "2026-11-17",
            "title": "KLG november",
            "kind": "group_meeting",
            "csrf_token": csrf(),
        },
    )
    with app.app_context():
        second_id = db.session.scalar(select(Meeting.id).where(Meeting.title == "KLG november"))
        decision_id = db.session.scalar(select(Decision.id))
    html = client.get(f"/meetings/{second_id}").get_data(as_text=True)
    assert "Open decisions from earlier meetings" in html and "gemensam rekryteringsplan" in html
    client.post("/logout", data={"csrf_token": csrf()})
    login_as(person=owner)  # the responsible person closes it
    assert (
        client.post(
            f"/meetings/decisions/{decision_id}/close", data={"note": "Klar.", "csrf_token": csrf()}
        ).status_code
        == 302
    )
    html = client.get(f"/meetings/{second_id}").get_data(as_text=True)
    assert "Open decisions from earlier meetings" not in html
    assert admin.role == Role.ADMIN


def test_a_member_who_is_not_responsible_cannot_close_a_decision(
    app, client, csrf, login_as, factory
):
    org = factory.org()
    owner = factory.person(org=org)
    with app.app_context():
        meeting = Meeting(date=date(2026, 10, 1), title="KLG", kind="group_meeting")
        db.session.add(meeting)
        db.session.flush()
        from tracker.models import Person

        decision = Decision(meeting=meeting, text="X", responsible=db.session.get(Person, owner.id))
        db.session.add(decision)
        db.session.commit()
        decision_id = decision.id
    login_as(Role.MEMBER)
    assert (
        client.post(
            f"/meetings/decisions/{decision_id}/close", data={"csrf_token": csrf()}
        ).status_code
        == 403
    )
    with app.app_context():
        assert db.session.get(Decision, decision_id).closed_at is None


def test_the_meetings_api(app, api_client, factory):
    call, token = api_client(Role.ADMIN)
    assert call("POST", "/meetings", token, {"title": "Utan datum"}).status_code == 422
    response = call(
        "POST",
        "/meetings",
        token,
        {"date": "2026-10-20", "title": "KLG", "kind": "development_day"},
    )
    assert response.status_code == 201 and response.get_json()["kind"] == "development_day"
    listed = call("GET", "/meetings", token).get_json()
    assert listed["total"] == 1 and listed["items"][0]["title"] == "KLG"
    changes = call("GET", f"/meetings/{listed['items'][0]['id']}/changes", token).get_json()
    assert (
        changes["since"] is None and changes["until"] == "2026-10-20" and changes["changes"] == []
    )
    member_call, member_token = api_client(Role.MEMBER)
    assert (
        member_call(
            "POST", "/meetings", member_token, {"date": "2026-11-01", "title": "X"}
        ).status_code
        == 403
    )
    assert call("GET", "/meetings/999/changes", token).status_code == 404
