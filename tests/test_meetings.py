"""Meetings and decisions: bad input writes nothing, open decisions come back until closed,
and the API lists meetings and what changed since the one before."""

from datetime import date

from flask import render_template
from flask_babel import force_locale
from sqlalchemy import select

from tests.conftest import improvement_by_code, post, rows, saved
from tracker.extensions import db
from tracker.models import Decision, Meeting, Person, Role
from tracker.services import meetings

TODAY = date(2026, 11, 20)


def test_meetings_and_decisions_through_the_pages(app, client, csrf, login_as, factory):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    org = factory.org()
    owner = factory.person(org=org, email="owner@example.se", name="Olle Owner")
    admin = login_as(Role.ADMIN, org=org)
    # Bad input: no date, no title: a message at the fields, nothing written.
    response = post(
        client, csrf, "/meetings/new", {"date": "", "title": "", "kind": "group_meeting"}
    )
    html = response.get_data(as_text=True)
    assert "Give the date of the meeting." in html and "Enter a title." in html
    assert rows(app, Meeting) == 0
    saved(
        client,
        csrf,
        "/meetings/new",
        {
            "date": "2026-10-20",
            "title": "KLG oktober",
            "kind": "group_meeting",
            "place": "Stadshuset",
            "attendees": [owner.email],
        },
    )
    with app.app_context():
        first = db.session.scalar(select(Meeting))
        assert [p.email for p in first.attendees] == ["owner@example.se"]
        first_id = first.id
    # A decision needs a text and someone responsible.
    response = post(
        client, csrf, f"/meetings/{first_id}/decisions", {"text": "", "responsible": ""}
    )
    assert response.status_code == 422 and "Write the decision." in response.get_data(as_text=True)
    assert rows(app, Decision) == 0
    post(
        client,
        csrf,
        f"/meetings/{first_id}/decisions",
        {
            "text": "Ta fram en gemensam rekryteringsplan.",
            "responsible": owner.email,
            "due": "2026-12-31",
        },
    )
    assert rows(app, Decision) == 1
    # The open decision comes back at the next meeting until it is closed.
    post(
        client,
        csrf,
        "/meetings/new",
        {"date": "2026-11-17", "title": "KLG november", "kind": "group_meeting"},
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


def test_the_meetings_api(app, api, token_for, factory):
    token = token_for(Role.ADMIN)
    assert api("POST", "/meetings", token, {"title": "Utan datum"}).status_code == 422
    response = api(
        "POST",
        "/meetings",
        token,
        {"date": "2026-10-20", "title": "KLG", "kind": "development_day"},
    )
    assert response.status_code == 201 and response.get_json()["kind"] == "development_day"
    listed = api("GET", "/meetings", token).get_json()
    assert listed["total"] == 1 and listed["items"][0]["title"] == "KLG"
    changes = api("GET", f"/meetings/{listed['items'][0]['id']}/changes", token).get_json()
    assert (
        changes["since"] is None and changes["until"] == "2026-10-20" and changes["changes"] == []
    )
    member_token = token_for(Role.MEMBER)
    assert (
        api("POST", "/meetings", member_token, {"date": "2026-11-01", "title": "X"}).status_code
        == 403
    )
    assert api("GET", "/meetings/999/changes", token).status_code == 404


def test_politicians_get_403_on_the_meeting_pages_and_team_roles(
    app, client, login_as, two_meetings
):
    login_as(Role.POLITICIAN)
    for path in (
        f"/meetings/{two_meetings['upcoming']}/agenda",
        f"/meetings/{two_meetings['first']}/message",
        "/team-roles",
        "/dashboard/present",
        "/meetings",
    ):
        assert client.get(path).status_code == 403, path


def test_user_text_never_breaks_the_lines_of_the_message(app):
    """The message is plain text: a line break in a title, a place or a name stays within its
    line, and a decision's own lines stay under its dash."""
    meeting = Meeting(date=date(2026, 10, 20), title="KLG\noktober", place="Stads-\nhuset")
    owner = Person(name="Olle\nOwner")
    decision = Decision(
        meeting=meeting,
        text="Ta fram en plan.\n\n- Ingen ny punkt\nWhat we decided",
        responsible=owner,
    )
    content = meetings.Message(
        meeting=meeting,
        decisions=[decision],
        carried=[],
        period="2026-09",
        counts={"on_track": 0, "at_risk": 0, "off_track": 0, "not_reported": 0},
        finished=[{"code": "SO1-01", "title": "Klar\nsak"}],
        off_track=[],
        today=TODAY,
    )
    with app.app_context(), force_locale("en"):
        text = render_template("meetings/message.txt", message=content)
    assert text == (
        "Message from the group leadership team: KLG oktober, 20 Oct 2026\n"
        "\n"
        "The group leadership team met on 20 Oct 2026 in Stads- huset.\n"
        "\n"
        "What we decided\n"
        "- Ta fram en plan.\n"
        "  - Ingen ny punkt\n"
        "  What we decided (Responsible: Olle Owner.)\n"
        "\n"
        "Where the improvements stand (September 2026)\n"
        "No improvement was due a report for September 2026.\n"
        "\n"
        "Finished since the last meeting\n"
        "- SO1-01 Klar sak\n"
    )


def test_the_message_after_the_meeting(app, client, csrf, login_as, two_meetings, monkeypatch):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    with app.app_context():
        from tracker.services import people

        people.create_person(
            db.session,
            email="pol@example.se",
            name="Pia Politiker",
            role=Role.POLITICIAN,
            organisation_code=None,
            password=None,
        )
        db.session.commit()
        meeting = db.session.get(Meeting, two_meetings["first"])
        content = meetings.message(db.session, meeting, TODAY, deadline_day=10)
        text = render_template("meetings/message.txt", message=content)
    assert text.startswith("Message from the group leadership team: KLG oktober, 20 Oct 2026")
    assert "The group leadership team met on 20 Oct 2026 in Stadshuset." in text
    assert "- Ta fram en rekryteringsplan. (Responsible: Olle Owner. To be done by 15 Nov" in text
    assert "- Stängt beslut." in text
    # September, the period reviewed on 20 October: SO1-01 on track, SO1-02 off track, SO2-01
    # and SO2-04 not reported (SO2-02 is done, SO2-03 archived: not due).
    assert (
        "4 improvements were due a report for September 2026.\n- On track: 1\n- At risk: 0\n"
        "- Off track: 1\n- Not reported: 2\n" in text
    )
    login_as(Role.ADMIN)
    html = client.get(f"/meetings/{two_meetings['first']}/message").get_data(as_text=True)
    assert "Ta fram en rekryteringsplan." in html and "Copy the text" in html
    assert "Draft" in html
    # Not before the meeting has been held.
    html = client.get(f"/meetings/{two_meetings['upcoming']}/message").get_data(as_text=True)
    assert "once the meeting has been held" in html and "Dagens beslut." not in html
    # Without a mail server: a clear message, nothing sent.
    response = client.post(
        f"/meetings/{two_meetings['first']}/message/send",
        data={"confirm": "y", "csrf_token": csrf()},
        follow_redirects=True,
    )
    assert "Email is not set up on this server" in response.get_data(as_text=True)

    sent = []

    class FakeSMTP:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def send_message(self, message):
            if message["To"] == "owner@example.se":
                raise OSError("mailbox unavailable")
            sent.append(message)

    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    app.config["MAIL_SERVER"] = "mail.invalid"
    # Without the confirmation: a message at the box, nothing sent.
    response = client.post(
        f"/meetings/{two_meetings['first']}/message/send", data={"csrf_token": csrf()}
    )
    assert response.status_code == 422 and sent == []
    assert "Tick the box" in response.get_data(as_text=True)
    response = client.post(
        f"/meetings/{two_meetings['first']}/message/send",
        data={"confirm": "y", "csrf_token": csrf()},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    recipients = sorted(m["To"] for m in sent)
    assert "pol@example.se" not in recipients and "lead@example.se" in recipients
    assert "could not be sent to: Olle Owner" in html
    assert all(m.get_content().strip() == text.strip() for m in sent)
    # The text is kept as it was sent, whatever happens after.
    assert "The message as it was sent" in html
    with app.app_context():
        stored = db.session.get(Meeting, two_meetings["first"])
        assert stored.message == text and stored.message_sent_at is not None
        decision = db.session.get(Decision, two_meetings["open"])
        decision.text = "Ändrad text."
        db.session.commit()
    html = client.get(f"/meetings/{two_meetings['first']}/message").get_data(as_text=True)
    assert html.count("Ta fram en rekryteringsplan.") == 1 and "Ändrad text." in html
    assert "have changed since the text was sent" in html
    # Before the meeting has been held, nothing is sent.
    response = post(
        client, csrf, f"/meetings/{two_meetings['upcoming']}/message/send", {"confirm": "y"}
    )
    assert response.status_code == 302 and len(sent) == len(recipients)


def test_a_decision_becomes_an_improvement(app, client, csrf, login_as, two_meetings):
    login_as(Role.ADMIN)
    decision_id = two_meetings["open"]
    html = client.get(f"/improvements/new?decision={decision_id}").get_data(as_text=True)
    assert "Ta fram en rekryteringsplan." in html and 'value="2026-11-15"' in html
    assert client.get("/improvements/new?decision=999999").status_code == 404
    assert client.get("/improvements/new?decision=99999999999999").status_code == 404
    # A closed decision does not become an improvement.
    response = client.get(f"/improvements/new?decision={two_meetings['closed']}")
    assert response.status_code == 302
    saved(
        client,
        csrf,
        f"/improvements/new?decision={decision_id}",
        {
            "code": "SO1-09",
            "area": "SO1",
            "title": "Rekryteringsplan",
            "owner": "owner@example.se",
            "deputy": "",
            "organisation": "",
            "state": "planned",
        },
    )
    with app.app_context():
        decision = db.session.get(Decision, decision_id)
        assert decision.improvement.code == "SO1-09"
        assert improvement_by_code("SO1-09")
    # Once carried out by an improvement, it is not made into another one.
    assert client.get(f"/improvements/new?decision={decision_id}").status_code == 302


def test_decisions_due_since_the_last_meeting(app, client, api, token_for, login_as, two_meetings):
    with app.app_context():
        due = meetings.decisions_due(db.session, date(2026, 10, 20), TODAY)
        assert [d.id for d in due] == [two_meetings["closed"], two_meetings["open"]]
    login_as(Role.MEMBER)
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Decisions due" in html and "Ta fram en rekryteringsplan." in html
    token = token_for(Role.MEMBER)
    body = api("GET", f"/meetings/{two_meetings['upcoming']}/changes", token).get_json()
    assert [(d["id"], d["open"]) for d in body["decisions_due"]] == [
        (two_meetings["closed"], False),
        (two_meetings["open"], True),
    ]


def test_a_refused_closing_note_comes_back_as_typed_with_why(app, client, csrf, login_as, factory):
    """A closing note with a control character: the meeting's page again (422), the form open
    with the note as typed and the message at it; the decision stays open."""
    admin = login_as(Role.ADMIN)
    with app.app_context():
        meeting = Meeting(title="KLG", date=date(2026, 10, 20))
        db.session.add(meeting)
        db.session.flush()
        decision = Decision(meeting_id=meeting.id, text="Gör så", responsible_id=admin.id)
        db.session.add(decision)
        db.session.commit()
        meeting_id, decision_id = meeting.id, decision.id
    answer = client.post(
        f"/meetings/decisions/{decision_id}/close",
        data={"note": "Klart\x1b[2J", "csrf_token": csrf("/profile")},
    )
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert f'id="note-{decision_id}-error"' in html
    assert "<details open>" in html and "Klart" in html
    with app.app_context():
        assert db.session.get(Decision, decision_id).closed_at is None
    assert client.get(f"/meetings/{meeting_id}").status_code == 200
