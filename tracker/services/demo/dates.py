"""Dates in the demo files, relative to the day the demo is loaded (the one convention, described
at the top of each file that has dates and in the README), and the demo's own calendar habits.
"""

import calendar
from datetime import UTC, date, datetime, time, timedelta
from random import Random

from tracker.services import periods

MOVES = ("years", "months", "days")
SETS = ("month", "day")


def day(spec: object, today: date) -> date:
    """The date ``spec`` names, relative to ``today``: years and months move from today, month
    and day then set the month and the day of the month (a day past the end of a month is its
    last day), and days moves last. ``{"months": -3, "day": 14}`` is the 14th three months back.
    """
    if not isinstance(spec, dict):
        raise ValueError(f"a date is a table such as {{ months = -3, day = 14 }}, not {spec!r}")
    unknown = set(spec) - set(MOVES) - set(SETS)
    if unknown or not all(type(value) is int for value in spec.values()):
        raise ValueError(f"a date takes whole numbers for {', '.join(MOVES + SETS)}, not {spec!r}")
    moved = today.year * 12 + today.month - 1 + 12 * spec.get("years", 0) + spec.get("months", 0)
    year, of_year = divmod(moved, 12)
    in_month = spec.get("month", of_year + 1)
    if not 1 <= in_month <= 12 or spec.get("day", 1) < 1:
        raise ValueError(f"no such month or day: {spec!r}")
    last = calendar.monthrange(year, in_month)[1]
    named = date(year, in_month, min(spec.get("day", today.day), last))
    return named + timedelta(days=spec.get("days", 0))


def month(spec: object, today: date) -> str:
    """The period (YYYY-MM) of the date ``spec`` names: ``{"months": -18}`` is 18 months back."""
    return periods.of(day(spec, today))


# The group meets on a Tuesday.
MEETING_WEEKDAY = 1


def meeting_day(near: date) -> date:
    """The Tuesday nearest ``near`` (at most three days away): a demo meeting on a weekday."""
    return near + timedelta(days=(MEETING_WEEKDAY - near.weekday() + 3) % 7 - 3)


def reported_at(period: str, rng: Random) -> datetime:
    """When a report for ``period`` was made: a working morning early in the next month."""
    when = periods.first_day(periods.shift(period, 1)) + timedelta(days=rng.randint(1, 8))
    local = datetime.combine(when, time(rng.randint(7, 16), rng.randint(0, 59)), periods.STOCKHOLM)
    return local.astimezone(UTC)
