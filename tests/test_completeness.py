"""Completeness: the counts of due, reported and late reports match a hand count, by organisation and by person; the page opens on last month; earlier months are not rewritten; on crafted data with a fixed today."""

import re
from datetime import date

from tests.worlds import save
from tracker.extensions import db
from tracker.models import Improvement, Person, Role
from tracker.services import completeness, updates

TODAY = date(2026, 11, 5)  # before the 10th: October is still open


def test_completeness_matches_a_hand_count(app, client, login_as, one_area_every_state, today):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    # October: due SO1-01 (SBO, owner) and SO1-02 (SBO, owner); assessments due from the lead
    # (BUF) and the co-owner (owner, SBO). Reported: SO1-01 in time, SO1-02 late; the lead's
    # assessment. Missing: the owner's assessment.
    save(app, "SO1-01", "2026-10", "owner@example.se", date(2026, 11, 2))
    save(app, "SO1-02", "2026-10", "owner@example.se", date(2026, 11, 12))
    with app.app_context():
        area = db.session.get(
            type(db.session.get(Improvement, one_area_every_state["due"].id).area),
            one_area_every_state["area"].id,
        )
        updates.save_assessment(
            db.session,
            area,
            "2026-10",
            {"status": "at_risk"},
            db.session.get(Person, one_area_every_state["lead"].id),
            today=date(2026, 11, 2),
            deadline_day=10,
        )
        db.session.commit()
        result = completeness.completeness(db.session, "2026-10", 10)
    assert (result.total.due, result.total.reported, result.total.late) == (4, 3, 1)
    by_org = {o.code: (t.due, t.reported, t.late) for o, t in result.by_organisation}
    assert by_org == {"SBO": (3, 2, 1), "BUF": (1, 1, 0)}
    by_person = {p.email: (t.due, t.reported) for p, t in result.by_person}
    assert by_person == {"owner@example.se": (3, 2), "lead@example.se": (1, 1)}
    login_as(Role.MEMBER)
    html = client.get("/completeness?period=2026-10").get_data(as_text=True)
    assert "75 %" in html and "67 %" in html  # the owner: 2 of 3
    response = client.get("/completeness?period=2026-13")
    html = response.get_data(as_text=True)
    assert response.status_code == 422  # the page shows what it can, and says why
    assert "Write the period as YYYY-MM, for example 2026-10. Showing October 2026." in html


def test_closing_or_moving_an_improvement_does_not_rewrite_earlier_months(
    app, client, csrf, login_as, one_area_every_state
):
    save(app, "SO1-01", "2026-10", "owner@example.se", date(2026, 11, 3))
    from tracker.services import improvements

    with app.app_context():
        item = db.session.get(Improvement, one_area_every_state["due"].id)
        owner = db.session.get(Person, one_area_every_state["owner"].id)
        improvements.close(db.session, item, "done", "Klart.", owner)
        item.organisation_id = one_area_every_state["dep"].id  # a reorganisation moves it to BUF
        db.session.commit()
        result = completeness.completeness(db.session, "2026-10", 10)
    # The October report still counts, and for SBO, the organisation it was made for.
    by_org = {o.code: (t.due, t.reported) for o, t in result.by_organisation}
    assert by_org["SBO"][1] == 2 - 1 and by_org["SBO"][0] >= 1
    assert result.total.reported == 1
    # And it can still be revised before the deadline.
    _uid, version, _late = save(
        app,
        "SO1-01",
        "2026-10",
        "owner@example.se",
        date(2026, 11, 4),
        version=1,
        comment="Efter avslut",
    )
    assert version == 2


def test_completeness_opens_on_last_month_like_the_dashboard(
    app, client, csrf, login_as, one_area_every_state, today
):
    login_as(Role.ADMIN, email="admin@example.se")
    for day in (date(2026, 11, 5), date(2026, 11, 20)):
        today(day)
        for path in ("/completeness", "/dashboard"):
            html = client.get(path).get_data(as_text=True)
            assert re.search(r'<option value="2026-10"\s+selected', html), (day, path)
    # After October's deadline: October can be reopened, and the reminder for November, the
    # period whose deadline comes next, is still offered.
    html = client.get("/completeness").get_data(as_text=True)
    assert 'action="/completeness/reopen"' in html
    assert '<input type="hidden" name="period" value="2026-11">' in html
    # Before the deadline: no reopening, a reminder for October.
    today(date(2026, 11, 5))
    html = client.get("/completeness").get_data(as_text=True)
    assert 'action="/completeness/reopen"' not in html
    assert '<input type="hidden" name="period" value="2026-10">' in html
