"""Periods: a calendar month written YYYY-MM, in Europe/Stockholm."""

import calendar
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Years 1900 to 2099: enough for any plan, and never a year that dates cannot hold.
PERIOD_RE = re.compile(r"^((?:19|20)\d\d)-(0[1-9]|1[0-2])$")


def today_local(now: datetime | None = None) -> date:
    """Today's date in Stockholm."""
    return (now or datetime.now(STOCKHOLM)).astimezone(STOCKHOLM).date()


def parse(period: str) -> tuple[int, int]:
    match = PERIOD_RE.match(period or "")
    if not match:
        raise ValueError(f"not a period (YYYY-MM): {period!r}")
    return int(match.group(1)), int(match.group(2))


def of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def shift(period: str, months: int) -> str:
    year, month = parse(period)
    index = year * 12 + (month - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def first_day(period: str) -> date:
    year, month = parse(period)
    return date(year, month, 1)


def last_day(period: str) -> date:
    year, month = parse(period)
    return date(year, month, calendar.monthrange(year, month)[1])
