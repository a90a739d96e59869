"""The demo reads true: its meetings fall on weekdays and every decision is due after the
meeting that took it."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import pin_today
from tracker.extensions import db
from tracker.models import Decision, Improvement, ImprovementState, Meeting
from tracker.services.demo import meeting_day


@pytest.mark.parametrize("today", [date(2026, 11, 29), date(2026, 12, 2), date(2027, 3, 6)])
def test_the_demo_meetings_are_on_weekdays_and_decisions_due_after_them(
    app, runner, monkeypatch, today
):
    pin_today(monkeypatch, today)
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        meetings = db.session.scalars(select(Meeting)).all()
        assert meetings and all(m.date.weekday() < 5 for m in meetings)
        decisions = db.session.scalars(select(Decision)).all()
        assert decisions and all(d.due > d.meeting.date for d in decisions)
        # A paused improvement is still paused, not finished; the demo has both.
        states = set(db.session.scalars(select(Improvement.state)))
        assert {ImprovementState.DONE, ImprovementState.PAUSED} <= states


def test_a_meeting_day_is_the_nearest_tuesday():
    assert meeting_day(date(2026, 11, 29)) == date(2026, 12, 1)  # Sunday: two days on
    assert meeting_day(date(2026, 11, 27)) == date(2026, 11, 24)  # Friday: three days back
    assert meeting_day(date(2026, 11, 24)) == date(2026, 11, 24)
