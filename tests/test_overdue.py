"""Overdue, marked everywhere: a decision past its due date and not closed, a planned or ongoing
improvement past its due date, each with a word and a symbol; nothing else is marked."""

import re
from datetime import UTC, date, datetime

import pytest

from tests.conftest import improvement_by_code
from tracker.extensions import db
from tracker.models import Decision, ImprovementState, Meeting, Role, Status, is_overdue

TODAY = date(2026, 11, 10)
MARK = 'class="overdue"'


def test_the_one_definition():
    assert is_overdue(date(2026, 11, 9), TODAY, True)
    assert not is_overdue(TODAY, TODAY, True)  # due today is not yet late
    assert not is_overdue(date(2026, 11, 9), TODAY, False)
    assert not is_overdue(None, TODAY, True)


@pytest.fixture
def overdue_and_not(app, factory, today):
    """One overdue and one not-yet-due decision and improvement, a closed decision and a done
    improvement past their due dates; a meeting held on 20 October, one planned for 17
    November; today 10 November."""
    org = factory.org(code="BUF", name="Barn- och utbildningsförvaltningen")
    owner = factory.person(org=org, name="Olle Ägare", email="olle@example.se")
    area = factory.area(owner, code="S1")
    late = factory.improvement(area, owner, code="LATE", title="Sen åtgärd", due=date(2026, 11, 1))
    soon = factory.improvement(area, owner, code="SOON", title="Kommande", due=date(2026, 12, 31))
    done = factory.improvement(
        area,
        owner,
        code="DONE",
        title="Avslutad",
        due=date(2026, 10, 25),
        state=ImprovementState.DONE,
    )
    factory.update(late, "2026-10", Status.ON_TRACK)
    factory.update(soon, "2026-10", Status.AT_RISK)
    factory.update(done, "2026-10", Status.ON_TRACK)
    with app.app_context():
        held = Meeting(date=date(2026, 10, 20), title="KLG oktober")
        upcoming = Meeting(date=date(2026, 11, 17), title="KLG november")
        db.session.add_all([held, upcoming])
        db.session.flush()
        db.session.add_all(
            [
                Decision(
                    meeting_id=held.id,
                    text="Beslut som är sent",
                    responsible_id=owner.id,
                    due=date(2026, 11, 1),
                ),
                Decision(
                    meeting_id=held.id,
                    text="Beslut som kommer",
                    responsible_id=owner.id,
                    due=date(2026, 12, 1),
                ),
                Decision(
                    meeting_id=held.id,
                    text="Beslut som är stängt",
                    responsible_id=owner.id,
                    due=date(2026, 11, 2),
                    closed_at=datetime(2026, 11, 3, 9, tzinfo=UTC),
                ),
            ]
        )
        db.session.commit()
        held_id, upcoming_id = held.id, upcoming.id
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    return {"owner": owner, "held": held_id, "upcoming": upcoming_id}


def pieces(html: str, tag: str) -> list[str]:
    """The page cut at each ``tag``: one piece per row, item or field set."""
    return re.split(rf"<{tag}[\s>]", html)[1:]


def marked(html: str, text: str, tag: str) -> bool:
    """Whether the piece of ``html`` holding ``text`` carries the mark."""
    found = [piece for piece in pieces(html, tag) if text in piece]
    assert found, f"{text!r} is not on the page"
    return MARK in found[0]


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_decisions_are_marked_on_the_meeting_page_dashboard_and_agenda(
    app, client, csrf, login_as, overdue_and_not
):
    login_as(Role.ADMIN)
    html = page(client, f"/meetings/{overdue_and_not['held']}")
    assert marked(html, "Beslut som är sent", "li")
    assert "◷</span> Overdue" in html
    assert not marked(html, "Beslut som kommer", "li")
    assert not marked(html, "Beslut som är stängt", "li")

    html = page(client, "/dashboard")
    decisions = html.split("Decisions due")[1]
    assert marked(decisions, "Beslut som är sent", "li")
    assert not marked(decisions, "Beslut som är stängt", "li")

    base = f"/meetings/{overdue_and_not['upcoming']}/agenda"
    html = page(client, base)  # the proposal, before it is adopted
    assert marked(html, "Beslut som är sent", "li")
    assert not marked(html, "Beslut som kommer", "li")
    assert marked(html, "LATE Sen åtgärd", "li")
    assert client.post(f"{base}/propose", data={"csrf_token": csrf()}).status_code == 302
    html = page(client, base)
    assert marked(html, "Beslut som är sent", "li")
    assert not marked(html, "Beslut som kommer", "li")
    assert marked(html, "LATE Sen åtgärd", "li")


def test_the_swedish_words_agree(app, client, login_as, overdue_and_not):
    app.config["BABEL_DEFAULT_LOCALE"] = "sv"
    login_as(Role.ADMIN)
    html = page(client, f"/meetings/{overdue_and_not['held']}")
    assert "Försenat" in html and "Försenad" not in html
    html = page(client, "/improvements")
    assert "Försenad" in html and "Försenat" not in html


def test_the_message_after_the_meeting_says_which_decision_is_overdue(
    app, client, login_as, overdue_and_not
):
    login_as(Role.ADMIN)
    html = page(client, f"/meetings/{overdue_and_not['held']}/message")
    body = html.split('id="message-text">')[1].split("</div>")[0]
    assert "<" not in body  # plain text
    lines = {line.split(" (")[0]: line for line in body.splitlines() if line.startswith("- ")}
    assert lines["- Beslut som är sent"].endswith("◷ Overdue.)")
    assert "Overdue" not in lines["- Beslut som kommer"]
    assert "Overdue" not in lines["- Beslut som är stängt"]


def test_improvements_are_marked_on_every_page_that_lists_them(
    app, client, login_as, overdue_and_not
):
    login_as(person=overdue_and_not["owner"])
    html = page(client, "/improvements")
    assert marked(html, "Sen åtgärd", "tr")
    assert not marked(html, "Kommande", "tr")
    assert not marked(html, "Avslutad", "tr")

    html = page(client, "/areas/S1")
    assert marked(html, "Sen åtgärd", "tr")
    assert not marked(html, "Kommande", "tr")
    assert not marked(html, "Avslutad", "tr")

    assert MARK in page(client, "/improvements/LATE")
    assert MARK not in page(client, "/improvements/SOON")
    assert MARK not in page(client, "/improvements/DONE")

    html = page(client, "/my")
    assert marked(html, "Sen åtgärd", "fieldset")
    assert not marked(html, "Kommande", "fieldset")
    assert "Avslutad" not in html or not marked(html, "Avslutad", "fieldset")

    html = page(client, "/dashboard/present")
    # On track but overdue: it needs attention, with the mark.
    assert marked(html, "Sen åtgärd", "li")
    assert not marked(html, "Kommande", "li")
    assert "Avslutad" not in html

    html = page(client, "/dashboard")
    since = html.split("Gone past due")[1].split("</ul>")[0]
    assert marked(since, "Sen åtgärd", "li")
    assert "Avslutad" not in since and "Kommande" not in since


def test_a_paused_improvement_past_due_is_not_marked(
    app, client, login_as, overdue_and_not, factory
):
    with app.app_context():
        row = improvement_by_code("LATE")
        row.state = ImprovementState.PAUSED
        db.session.commit()
    login_as(person=overdue_and_not["owner"])
    assert MARK not in page(client, "/improvements/LATE")
    assert not marked(page(client, "/improvements"), "Sen åtgärd", "tr")
