"""The demo reads true: its meetings fall on weekdays and every decision is due after the
meeting that took it. Its content is data (tracker/demo/*.toml) with dates relative to the day
it is loaded, and those files travel with the package."""

import configparser
from datetime import date
from fnmatch import fnmatch
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import pin_today
from tracker.extensions import db
from tracker.models import Decision, Improvement, ImprovementState, Meeting, PublishedReport
from tracker.services import demo
from tracker.services.demo.dates import day, meeting_day, month

ROOT = Path(__file__).resolve().parent.parent


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


@pytest.mark.parametrize(
    ("spec", "today", "expected"),
    [
        ({"days": -42}, date(2026, 11, 29), date(2026, 10, 18)),
        ({"days": 14}, date(2026, 12, 25), date(2027, 1, 8)),
        ({"months": -3, "day": 14}, date(2026, 11, 29), date(2026, 8, 14)),
        ({"months": -3, "day": 14}, date(2026, 2, 3), date(2025, 11, 14)),
        ({"months": -4, "day": 31}, date(2026, 6, 15), date(2026, 2, 28)),  # the last day
        ({"months": -4, "day": 31}, date(2028, 6, 15), date(2028, 2, 29)),
        ({"months": 2, "day": 1}, date(2026, 11, 30), date(2027, 1, 1)),
        ({"months": -1}, date(2026, 3, 31), date(2026, 2, 28)),  # today's day, or the last
        ({"years": -1, "month": 1, "day": 1}, date(2026, 11, 29), date(2025, 1, 1)),
        ({"years": 2, "month": 12, "day": 31}, date(2026, 11, 29), date(2028, 12, 31)),
        # days moves last, from the day the others name: the plan was agreed 45 days before
        # it began.
        ({"years": -1, "month": 1, "day": 1, "days": -45}, date(2026, 11, 29), date(2024, 11, 17)),
        ({}, date(2026, 11, 29), date(2026, 11, 29)),
    ],
)
def test_a_demo_date_is_relative_to_the_day_the_demo_is_loaded(spec, today, expected):
    assert day(spec, today) == expected


def test_a_demo_month_is_the_period_of_the_date():
    assert month({"months": -18}, date(2026, 11, 29)) == "2025-05"
    assert month({"months": 0}, date(2026, 1, 31)) == "2026-01"


@pytest.mark.parametrize(
    "spec",
    [
        {"month": -3},  # month sets, months moves
        {"mnoths": -3},
        {"days": "-3"},
        {"days": 1.5},
        {"days": True},
        {"day": 0},
        "2026-03-14",
    ],
)
def test_a_demo_date_that_does_not_follow_the_convention_is_refused(spec):
    with pytest.raises(ValueError):
        day(spec, date(2026, 11, 29))


def test_the_demo_files_are_package_data():
    """An installed app finds them: setup.cfg's package data covers every file in tracker/demo,
    and each is read by the demo."""
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    patterns = config["options.package_data"]["tracker"].split()
    files = sorted((ROOT / "tracker" / "demo").iterdir())
    assert files
    for path in files:
        assert any(fnmatch(f"demo/{path.name}", p) for p in patterns), path.name
        assert path.suffix == ".toml" and demo.read(path.stem), path.name


def test_the_demo_publishes_last_months_report_as_the_chief_executive(app, runner, monkeypatch):
    pin_today(monkeypatch, date(2027, 3, 16))  # after February's deadline
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        report = db.session.scalar(select(PublishedReport))
        assert (report.period, report.registration_number) == ("2027-02", "KS 2027/214")
        assert report.published_by.email == "karin.lind@sjovik.example"
