"""Periods: a calendar month written YYYY-MM, in Europe/Stockholm; the summary's spans (a
month, a tertial or a year); and ``check``, the one place a period asked for is read and
checked, with the one set of messages that say what is wrong with it."""

import calendar
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_babel import LazyString, format_date
from flask_babel import lazy_gettext as _l

from tracker.services import Errors, Message

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Years 1900 to 2099: enough for any plan, and never a year that dates cannot hold.
# Matched whole (fullmatch), ASCII digits only: no trailing newline, no other scripts' digits.
PERIOD_RE = re.compile(r"^((?:19|20)[0-9][0-9])-(0[1-9]|1[0-2])$")


def today_local(now: datetime | None = None) -> date:
    """Today's date in Stockholm."""
    return (now or datetime.now(STOCKHOLM)).astimezone(STOCKHOLM).date()


def parse(period: str) -> tuple[int, int]:
    match = PERIOD_RE.fullmatch(period or "")
    if not match:
        raise ValueError(f"not a period (YYYY-MM): {period!r}")
    return int(match.group(1)), int(match.group(2))


def of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def shift(period: str, months: int) -> str:
    year, month = parse(period)
    index = year * 12 + (month - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def last_month(today: date) -> str:
    """The period the pages open on: last month, the latest month that has ended (the
    dashboard, completeness and an area's page show the same month)."""
    return shift(of(today), -1)


def first_day(period: str) -> date:
    year, month = parse(period)
    return date(year, month, 1)


def last_day(period: str) -> date:
    year, month = parse(period)
    return date(year, month, calendar.monthrange(year, month)[1])


def deadline(period: str, day: int) -> date:
    """The day by which ``period``'s reports are due: ``day`` of the following month."""
    following = first_day(shift(period, 1))
    return following.replace(day=min(max(day, 1), 28))


# Spans of the summary: a month (2026-10), a tertial (2026-T3: January-April, May-August,
# September-December) or a year (2026).
SPAN_RE = re.compile(r"^((?:19|20)[0-9][0-9])(?:-(0[1-9]|1[0-2])|-T([1-3]))?$")


class Span:
    """A month, a tertial or a year: its months, and the span before it."""

    def __init__(self, value: str | None) -> None:
        match = SPAN_RE.fullmatch(value or "")
        if not match:
            raise ValueError(f"not a month, tertial or year: {value!r}")
        year = int(match.group(1))
        self.value, self.year = match.group(0), year
        if match.group(2):
            self.kind, first, count = "month", int(match.group(2)), 1
        elif match.group(3):
            self.tertial = int(match.group(3))
            self.kind, first, count = "tertial", 4 * (self.tertial - 1) + 1, 4
        else:
            self.kind, first, count = "year", 1, 12
        self.months = [shift(f"{year:04d}-{first:02d}", n) for n in range(count)]

    @property
    def first(self) -> str:
        return self.months[0]

    @property
    def last(self) -> str:
        return self.months[-1]

    def previous(self) -> "Span":
        if self.kind == "month":
            return Span(shift(self.value, -1))
        if self.kind == "tertial":
            if self.tertial == 1:
                return Span(f"{self.year - 1:04d}-T3")
            return Span(f"{self.year:04d}-T{self.tertial - 1}")
        return Span(f"{self.year - 1:04d}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Span) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return f"<Span {self.value}>"


def span_of(day: date, kind: str) -> Span:
    """The month, tertial or year that ``day`` falls in."""
    if kind == "month":
        return Span(of(day))
    if kind == "tertial":
        return Span(f"{day.year:04d}-T{(day.month - 1) // 4 + 1}")
    return Span(f"{day.year:04d}")


# What is wrong with a period asked for: the same words on every page, form and API answer.
# Lazy: translated where they are shown.
NOT_A_MONTH = _l("Write the period as YYYY-MM, for example 2026-10.")
# The first year a period may be asked for: the pages look up to a year further back, and the
# years a period can be written in (SPAN_RE) begin in 1900.
FIRST_YEAR = 2000
NOT_A_SPAN = _l("Write the period as a month (2026-10), a tertial (2026-T3) or a year (2026).")


class Invalid(ValueError):
    """A period that cannot be used here; ``message`` says why (translated when shown)."""

    def __init__(self, message: Message) -> None:
        super().__init__("not a period that can be used here")
        self.message = message


def check(
    value: str | None, today: date, *, spans: bool = False, deadline_day: int | None = None
) -> Span:
    """The period written in ``value``, checked, or Invalid with the message that says why.

    A month (YYYY-MM), or with ``spans`` a month, a tertial or a year (a Span either way); it
    must have begun by ``today``. With ``deadline_day``, the deadline for its reports (that day
    of the following month) must have passed as well: only then is a period closed.
    """
    try:
        span = Span(value)
    except ValueError:
        span = None
    if span is None or not (spans or span.kind == "month"):
        raise Invalid(NOT_A_SPAN if spans else NOT_A_MONTH)
    if span.year < FIRST_YEAR:
        raise Invalid(
            _l(
                "The period %(period)s is too early: periods begin in %(year)s.",
                period=span.value,
                year=FIRST_YEAR,
            )
        )
    if span.first > of(today):
        raise Invalid(_l("The period %(period)s has not begun yet.", period=span.value))
    if deadline_day is not None and today <= deadline(span.last, deadline_day):
        raise Invalid(
            _l(
                "The deadline for %(period)s has not passed yet (%(date)s): its reports can "
                "still be made and changed, so there is nothing to reopen.",
                # In words when shown: "oktober 2026", "10 nov. 2026".
                period=LazyString(format_date, first_day(span.last), "LLLL yyyy"),
                date=LazyString(format_date, deadline(span.last, deadline_day), "medium"),
            )
        )
    return span


def collect(
    errors: Errors,
    field: str,
    value: str | None,
    today: date,
    *,
    spans: bool = False,
    deadline_day: int | None = None,
) -> Span | None:
    """``check`` for a service that collects its messages: the period, or None with the
    message added to ``errors`` under ``field``."""
    try:
        return check(value, today, spans=spans, deadline_day=deadline_day)
    except Invalid as invalid:
        errors.add(field, invalid.message)
        return None
