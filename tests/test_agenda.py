"""The meeting's agenda, the message after it, team roles, presentation mode and decisions
that become improvements: crafted data, exact expectations, bad input writes nothing."""

from datetime import UTC, date, datetime

import pytest
from flask import render_template
from flask_babel import force_locale
from sqlalchemy import func, select

from tests.conftest import pin_today
from tracker.extensions import db
from tracker.models import (
    AgendaItem,
    AgendaKind,
    Decision,
    Improvement,
    ImprovementState,
    Meeting,
    OrganisationKind,
    Person,
    Role,
    Status,
    TeamRoleResult,
)
from tracker.services import agenda, meetings, team_roles

TODAY = date(2026, 11, 20)


@pytest.fixture
def today(monkeypatch):
    pin_today(monkeypatch, TODAY)


def at(day):
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)


@pytest.fixture
def world(app, factory, today):
    """Two organisations, two areas; a meeting on 20 October with decisions, and the next one
    on 24 November whose agenda is proposed."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    dep = factory.org(code="BUF", name="Barn- och utbildning")
    com = factory.org(code="SBO", name="Sjöviksbostäder", kind=OrganisationKind.COMPANY)
    lead = factory.person(org=dep, email="lead@example.se", name="Lena Lead")
    owner = factory.person(org=com, email="owner@example.se", name="Olle Owner")
    a1 = factory.area(lead, code="SO1", co_owners=[owner], order=1)
    a2 = factory.area(owner, code="SO2", co_owners=[lead], order=2)
    start = date(2026, 1, 1)
    items = {
        # Newly off track: on track before the meeting, off track after it.
        "a": factory.improvement(a1, owner, code="SO1-01", title="Rekrytering", start=start),
        # Flagged for a group decision in its latest report; off track all along; past due too.
        "b": factory.improvement(
            a1, lead, code="SO1-02", title="Heltid", start=start, due=date(2026, 11, 5)
        ),
        # Past due and open.
        "c": factory.improvement(
            a2, owner, code="SO2-01", title="Detaljplan", start=start, due=date(2026, 11, 1)
        ),
        # Past due but done: not on the agenda.
        "d": factory.improvement(
            a2,
            owner,
            code="SO2-02",
            title="Klar sak",
            start=start,
            due=date(2026, 10, 1),
            state=ImprovementState.DONE,
        ),
        # Flagged, but archived: not on the agenda.
        "e": factory.improvement(
            a2, owner, code="SO2-03", title="Arkiverad", start=start, archived=True
        ),
        # Flagged only in a report five months old: not on the agenda.
        "f": factory.improvement(a2, lead, code="SO2-04", title="Gammal flagga", start=start),
    }
    before, after = at(date(2026, 10, 3)), at(date(2026, 11, 3))
    factory.update(items["a"], "2026-09", status=Status.ON_TRACK, created_at=before)
    factory.update(items["a"], "2026-10", status=Status.OFF_TRACK, created_at=after)
    factory.update(items["b"], "2026-09", status=Status.OFF_TRACK, created_at=before)
    factory.update(items["b"], "2026-10", status=Status.OFF_TRACK, created_at=after,
                   needs_decision=True, decision_text="Besluta om bemanningen.")  # fmt: skip
    factory.update(items["e"], "2026-10", status=Status.AT_RISK, created_at=after,
                   needs_decision=True, decision_text="Arkiverad fråga.")  # fmt: skip
    factory.update(items["f"], "2026-06", status=Status.AT_RISK, needs_decision=True,
                   decision_text="Gammal fråga.", created_at=at(date(2026, 7, 3)))  # fmt: skip
    factory.update(items["f"], "2026-10", status=Status.ON_TRACK, created_at=after)
    # SO2-01 (c) has no October report: a missing report for Sjöviksbostäder.
    with app.app_context():
        first = Meeting(date=date(2026, 10, 20), title="KLG oktober", kind="group_meeting",
                        place="Stadshuset")  # fmt: skip
        upcoming = Meeting(date=date(2026, 11, 24), title="KLG november", kind="group_meeting")
        open_one = Decision(meeting=first, text="Ta fram en rekryteringsplan.",
                            responsible_id=owner.id, due=date(2026, 11, 15))  # fmt: skip
        closed_one = Decision(meeting=first, text="Stängt beslut.", responsible_id=lead.id,
                              due=date(2026, 11, 10), closed_at=at(date(2026, 11, 11)))  # fmt: skip
        own = Decision(meeting=upcoming, text="Dagens beslut.", responsible_id=lead.id)
        db.session.add_all([first, upcoming, open_one, closed_one, own])
        db.session.commit()
        ids = {"first": first.id, "upcoming": upcoming.id, "open": open_one.id,
               "closed": closed_one.id}  # fmt: skip
    return {"dep": dep, "com": com, "lead": lead, "owner": owner, "items": items, **ids}


def propose(app, meeting_id, locale="en"):
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        return agenda.propose(db.session, meeting, TODAY, deadline_day=10, locale=locale)


def test_the_proposed_agenda_holds_exactly_the_flagged_and_exceptional_items(app, world):
    items = world["items"]
    proposal = propose(app, world["upcoming"])
    kinds = [p.kind for p in proposal]
    assert kinds == [
        AgendaKind.STANDING, AgendaKind.STANDING,
        AgendaKind.NEEDS_DECISION,   # SO1-02 (also past due: listed once, for the decision)
        AgendaKind.OFF_TRACK,        # SO1-01
        AgendaKind.PAST_DUE,         # SO2-01
        AgendaKind.OPEN_DECISION,    # the open decision of 20 October
        AgendaKind.MISSING_REPORTS,  # October
        AgendaKind.STANDING, AgendaKind.STANDING,
    ]  # fmt: skip
    assert [p.improvement_id for p in proposal[2:5]] == [items[k].id for k in ("b", "a", "c")]
    assert proposal[2].title == "SO1-02 Heltid" and proposal[2].note == "Besluta om bemanningen."
    assert proposal[5].decision_id == world["open"]
    assert "Olle Owner" in proposal[5].note
    missing = proposal[6]
    assert missing.title == "Missing reports for October 2026"
    # Written in the language asked for: the group's, Swedish, unless the chair reads another.
    assert propose(app, world["upcoming"], "sv")[6].title == "Saknade rapporter för oktober 2026"
    # BUF: SO1-02 and SO2-04 reported, the two area assessments not; SBO: SO2-01 and the two
    # assessments missing (SO2-03's report counts, though it was archived since).
    assert missing.note == (
        "Missing: 1 improvement report and 4 area assessments.\n"
        "Barn- och utbildning: 2 of 4 missing.\nSjöviksbostäder: 3 of 5 missing."
    )
    # Never: the done, archived or stale-flagged improvements, the closed decision, or the
    # meeting's own decision.
    assert not {p.improvement_id for p in proposal} & {items[k].id for k in ("d", "e", "f")}
    assert {p.decision_id for p in proposal} == {None, world["open"]}


def test_the_chair_adopts_reorders_edits_and_removes(app, client, csrf, login_as, world):
    login_as(Role.ADMIN)
    base = f"/meetings/{world['upcoming']}/agenda"
    html = client.get(base).get_data(as_text=True)
    assert "Proposed from the exceptions" in html and "SO1-02 Heltid" in html
    assert client.post(f"{base}/propose", data={"csrf_token": csrf()}).status_code == 302
    with app.app_context():
        titles = list(db.session.scalars(
            select(AgendaItem.title).where(AgendaItem.meeting_id == world["upcoming"])
            .order_by(AgendaItem.position)))  # fmt: skip
    assert len(titles) == 9 and titles[2] == "SO1-02 Heltid"
    # Adopting again adds nothing.
    client.post(f"{base}/propose", data={"csrf_token": csrf()})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AgendaItem)) == 9
        third = db.session.scalar(select(AgendaItem).where(AgendaItem.position == 3))
        third_id = third.id
    # Move the third item up: it becomes second.
    client.post(f"{base}/items/{third_id}/move/up", data={"csrf_token": csrf()})
    with app.app_context():
        assert db.session.get(AgendaItem, third_id).position == 2
    # An edit without a title: a message at the field, nothing changed.
    response = client.post(
        f"{base}/items/{third_id}",
        data={f"item-{third_id}-title": "  ", f"item-{third_id}-note": "x", "csrf_token": csrf()},
    )
    assert response.status_code == 422
    assert "Write the item." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(AgendaItem, third_id).title == "SO1-02 Heltid"
    client.post(
        f"{base}/items/{third_id}",
        data={f"item-{third_id}-title": "Bemanningen: beslut", f"item-{third_id}-note": "",
              "csrf_token": csrf()},
    )  # fmt: skip
    # Add an item by hand; an empty one is refused. It goes before the closing items.
    response = client.post(f"{base}/items", data={"title": "", "csrf_token": csrf()})
    assert response.status_code == 422
    client.post(f"{base}/items", data={"title": "<b>Övrigt</b>", "csrf_token": csrf()})
    # Removing a proposed item hides it: it is not proposed again, and can be put back.
    client.post(f"{base}/items/{third_id}/remove", data={"csrf_token": csrf()})
    client.post(f"{base}/propose", data={"csrf_token": csrf()})

    def shown():
        with app.app_context():
            meeting = db.session.get(Meeting, world["upcoming"])
            return [(i.position, i.title, i.kind) for i in agenda.shown(meeting)]

    rows = shown()
    assert [r[0] for r in rows] == list(range(1, 10))
    assert rows[-3][1] == "<b>Övrigt</b>" and rows[-3][2] == AgendaKind.OTHER
    assert [r[1] for r in rows[-2:]] == ["Any other business", "The message after the meeting"]
    assert "Bemanningen: beslut" not in [r[1] for r in rows]
    html = client.get(base).get_data(as_text=True)
    assert "&lt;b&gt;Övrigt&lt;/b&gt;" in html and "<b>Övrigt</b>" not in html
    assert "Removed from the agenda" in html
    client.post(f"{base}/items/{third_id}/restore", data={"csrf_token": csrf()})
    rows = shown()
    assert [r[1] for r in rows[-4:]] == ["<b>Övrigt</b>", "Bemanningen: beslut",
                                         "Any other business", "The message after the meeting"]  # fmt: skip
    # An item of another meeting is not found through this one.
    with app.app_context():
        some_id = db.session.scalar(select(AgendaItem.id).limit(1))
    assert client.post(f"/meetings/{world['first']}/agenda/items/{some_id}/remove",
                       data={"csrf_token": csrf()}).status_code == 404  # fmt: skip


def test_the_proposal_reads_reports_of_the_meetings_month_and_meetings_held(app, factory, world):
    items = world["items"]
    # November reports made before the meeting: SO2-04 now asks for a decision, SO1-02 no longer
    # does (it is still past due).
    factory.update(items["f"], "2026-11", status=Status.AT_RISK, needs_decision=True,
                   decision_text="Ny fråga.", created_at=at(date(2026, 11, 18)))  # fmt: skip
    factory.update(items["b"], "2026-11", status=Status.OFF_TRACK,
                   created_at=at(date(2026, 11, 18)))  # fmt: skip
    proposal = propose(app, world["upcoming"])
    by_improvement = {p.improvement_id: p for p in proposal if p.improvement_id}
    assert by_improvement[items["f"].id].kind == AgendaKind.NEEDS_DECISION
    assert by_improvement[items["f"].id].note == "Ny fråga."
    assert by_improvement[items["b"].id].kind == AgendaKind.PAST_DUE
    # A meeting in January, with December's meeting not yet held: "newly off track" still
    # counts from the last meeting held (20 October).
    with app.app_context():
        db.session.add_all([
            Meeting(date=date(2026, 12, 15), title="KLG december", kind="group_meeting"),
            Meeting(date=date(2027, 1, 12), title="KLG januari", kind="group_meeting"),
        ])  # fmt: skip
        db.session.commit()
        january = db.session.scalar(select(Meeting.id).where(Meeting.title == "KLG januari"))
    later = propose(app, january)
    assert items["a"].id in {p.improvement_id for p in later if p.kind == AgendaKind.OFF_TRACK}


def test_politicians_get_403_on_the_meeting_pages_and_team_roles(app, client, login_as, world):
    login_as(Role.POLITICIAN)
    for path in (
        f"/meetings/{world['upcoming']}/agenda",
        f"/meetings/{world['first']}/message",
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
    decision = Decision(meeting=meeting, text="Ta fram en plan.\n\n- Ingen ny punkt\nWhat we decided",
                        responsible=owner)  # fmt: skip
    content = meetings.Message(
        meeting=meeting, decisions=[decision], carried=[], period="2026-09",
        counts={"on_track": 0, "at_risk": 0, "off_track": 0, "not_reported": 0},
        finished=[{"code": "SO1-01", "title": "Klar\nsak"}], off_track=[], today=TODAY,
    )  # fmt: skip
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


def test_the_message_after_the_meeting(app, client, csrf, login_as, world, monkeypatch):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    with app.app_context():
        from tracker.services import people

        people.create_person(db.session, email="pol@example.se", name="Pia Politiker",
                             role=Role.POLITICIAN, organisation_code=None, password=None)  # fmt: skip
        db.session.commit()
        meeting = db.session.get(Meeting, world["first"])
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
    html = client.get(f"/meetings/{world['first']}/message").get_data(as_text=True)
    assert "Ta fram en rekryteringsplan." in html and "Copy the text" in html
    assert "Draft" in html
    # Not before the meeting has been held.
    html = client.get(f"/meetings/{world['upcoming']}/message").get_data(as_text=True)
    assert "once the meeting has been held" in html and "Dagens beslut." not in html
    # Without a mail server: a clear message, nothing sent.
    response = client.post(f"/meetings/{world['first']}/message/send",
                           data={"confirm": "y", "csrf_token": csrf()}, follow_redirects=True)  # fmt: skip
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
    response = client.post(f"/meetings/{world['first']}/message/send", data={"csrf_token": csrf()})
    assert response.status_code == 422 and sent == []
    assert "Tick the box" in response.get_data(as_text=True)
    response = client.post(f"/meetings/{world['first']}/message/send",
                           data={"confirm": "y", "csrf_token": csrf()}, follow_redirects=True)  # fmt: skip
    html = response.get_data(as_text=True)
    recipients = sorted(m["To"] for m in sent)
    assert "pol@example.se" not in recipients and "lead@example.se" in recipients
    assert "could not be sent to: Olle Owner" in html
    assert all(m.get_content().strip() == text.strip() for m in sent)
    # The text is kept as it was sent, whatever happens after.
    assert "The message as it was sent" in html
    with app.app_context():
        stored = db.session.get(Meeting, world["first"])
        assert stored.message == text and stored.message_sent_at is not None
        decision = db.session.get(Decision, world["open"])
        decision.text = "Ändrad text."
        db.session.commit()
    html = client.get(f"/meetings/{world['first']}/message").get_data(as_text=True)
    assert html.count("Ta fram en rekryteringsplan.") == 1 and "Ändrad text." in html
    assert "have changed since the text was sent" in html
    # Before the meeting has been held, nothing is sent.
    response = client.post(f"/meetings/{world['upcoming']}/message/send",
                           data={"confirm": "y", "csrf_token": csrf()})  # fmt: skip
    assert response.status_code == 302 and len(sent) == len(recipients)


def test_team_roles(app, client, csrf, login_as, factory, world):
    admin = login_as(Role.ADMIN)
    lead, owner = world["lead"], world["owner"]
    # Bad input: the same role twice, an unknown role: a clear message, nothing written.
    response = client.post(f"/team-roles/{lead.id}", data={"first": "plant", "second": "plant",
                                                           "third": "", "csrf_token": csrf()})  # fmt: skip
    assert "Each role can be given once." in response.get_data(as_text=True)
    assert response.status_code == 422
    response = client.post(f"/team-roles/{lead.id}", data={"first": "wizard", "csrf_token": csrf()})
    assert response.status_code == 422 and "Not a valid choice" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(TeamRoleResult)) == 0
    client.post(f"/team-roles/{lead.id}", data={"first": "plant", "second": "shaper",
                                                "third": "", "csrf_token": csrf()})  # fmt: skip
    client.post(f"/team-roles/{owner.id}", data={"first": "shaper", "second": "implementer",
                                                 "third": "teamworker", "csrf_token": csrf()})  # fmt: skip
    with app.app_context():
        people = team_roles.members(db.session)
        balance = {r["role"]: (r["strongest"], r["among"]) for r in team_roles.balance(people)}
        coverage = {r["area"].code: r for r in team_roles.area_coverage(db.session)}
    assert balance["plant"] == (1, 1) and balance["shaper"] == (1, 2)
    assert balance["implementer"] == (0, 1) and balance["specialist"] == (0, 0)
    # Both areas are owned by the two of them: the same five roles present, four missing.
    for code in ("SO1", "SO2"):
        assert [r.value for r in coverage[code]["present"]] == [
            "plant", "shaper", "teamworker", "implementer"]  # fmt: skip
        assert "specialist" in [r.value for r in coverage[code]["missing"]]
    html = client.get("/team-roles").get_data(as_text=True)
    assert 'id="chart-team-roles"' in html and "Role balance" in html
    # A politician has no team roles.
    politician = factory.person(role=Role.POLITICIAN)
    assert client.get(f"/team-roles/{politician.id}").status_code == 404
    assert admin.role == Role.ADMIN


def test_a_decision_becomes_an_improvement(app, client, csrf, login_as, world):
    login_as(Role.ADMIN)
    decision_id = world["open"]
    html = client.get(f"/improvements/new?decision={decision_id}").get_data(as_text=True)
    assert "Ta fram en rekryteringsplan." in html and 'value="2026-11-15"' in html
    assert client.get("/improvements/new?decision=999999").status_code == 404
    assert client.get("/improvements/new?decision=99999999999999").status_code == 404
    # A closed decision does not become an improvement.
    response = client.get(f"/improvements/new?decision={world['closed']}")
    assert response.status_code == 302
    response = client.post(
        f"/improvements/new?decision={decision_id}",
        data={"code": "SO1-09", "area": "SO1", "title": "Rekryteringsplan",
              "owner": "owner@example.se", "deputy": "", "organisation": "",
              "state": "planned", "csrf_token": csrf()},
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        decision = db.session.get(Decision, decision_id)
        assert decision.improvement.code == "SO1-09"
        assert db.session.scalar(select(Improvement).where(Improvement.code == "SO1-09"))
    # Once carried out by an improvement, it is not made into another one.
    assert client.get(f"/improvements/new?decision={decision_id}").status_code == 302


def test_decisions_due_since_the_last_meeting(app, client, api_client, login_as, world):
    with app.app_context():
        due = meetings.decisions_due(db.session, date(2026, 10, 20), TODAY)
        assert [d.id for d in due] == [world["closed"], world["open"]]
    login_as(Role.MEMBER)
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Decisions due" in html and "Ta fram en rekryteringsplan." in html
    call, token = api_client(Role.MEMBER)
    body = call("GET", f"/meetings/{world['upcoming']}/changes", token).get_json()
    assert [(d["id"], d["open"]) for d in body["decisions_due"]] == [
        (world["closed"], False), (world["open"], True)]  # fmt: skip


def test_presentation_mode_shows_an_overview_and_a_slide_per_area(app, client, login_as, world):
    login_as(Role.MEMBER)
    html = client.get("/dashboard/present?period=2026-10").get_data(as_text=True)
    assert html.count("data-slide") == 3  # the overview and two areas
    assert 'id="area-SO1"' in html and 'id="area-SO2"' in html
    assert "Strategic area 1 of 2" in html
    response = client.get("/dashboard/present?period=2099-01&area=NOPE")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is no strategic area with the code NOPE." in html


def _grow(factory, world, n):
    """More areas, improvements, reports, decisions and team roles."""
    for i in range(n):
        person = factory.person(org=world["dep"])
        area = factory.area(person, co_owners=[world["owner"]])
        for _ in range(3):
            item = factory.improvement(area, person, due=date(2026, 10, 1))
            factory.update(item, "2026-10", status=Status.OFF_TRACK, needs_decision=True,
                           decision_text="Fråga", created_at=at(date(2026, 11, 3)))  # fmt: skip
        with factory.app.app_context():
            meeting = db.session.get(Meeting, world["first"])
            db.session.add(Decision(meeting=meeting, text=f"Beslut {i}",
                                    responsible_id=person.id, due=date(2026, 11, 1)))  # fmt: skip
            team_roles.set_roles(db.session, db.session.get(Person, person.id),
                                 ["plant", "shaper"], None)  # fmt: skip
            db.session.commit()


def test_the_queries_do_not_grow_with_the_data(
    app, client, csrf, login_as, factory, world, count_queries
):
    login_as(Role.ADMIN)
    paths = [f"/meetings/{world['upcoming']}/agenda", f"/meetings/{world['first']}/message",
             "/team-roles", "/dashboard/present?period=2026-10"]  # fmt: skip
    client.post(f"/meetings/{world['upcoming']}/agenda/propose", data={"csrf_token": csrf()})

    def counts():
        result = {}
        for path in paths:
            with count_queries() as q:
                assert client.get(path).status_code == 200, path
            result[path] = q.count
        return result

    small = counts()
    _grow(factory, world, 6)
    assert counts() == small
