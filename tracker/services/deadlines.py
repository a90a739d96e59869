"""Deadlines of the monthly reporting (månadsuppföljning): which period is due, whether its
deadline has passed, and an admin reopening a closed period.

A period is a calendar month, YYYY-MM, in Europe/Stockholm. Its reports are due by a day of
the following month (REPORT_DEADLINE_DAY, default the 10th). Until then a report can be
revised; after it a missing report is still accepted and marked late, and a report made in
time is closed unless an admin reopened the period.
"""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import access
from tracker.models import (
    PeriodReopening,
    Person,
    utcnow,
)
from tracker.services import (
    Errors,
    NotAllowed,
    periods,
)
from tracker.services.audit import record
from tracker.services.periods import deadline


def reported_period(day: date, deadline_day: int) -> str:
    """The latest period whose reporting deadline has passed on ``day``."""
    period = periods.shift(periods.of(day), -1)
    if day <= deadline(period, deadline_day):
        period = periods.shift(period, -1)
    return period


def open_periods(today: date, session: Session | None = None) -> list[str]:
    """The periods /my reports on: any older period an admin has reopened, last month (in full
    until its deadline, then what is missing or late) and this month."""
    current = periods.of(today)
    wanted = [periods.shift(current, -1), current]
    if session is not None:
        older = session.scalars(
            select(PeriodReopening.period).where(
                PeriodReopening.until >= today, PeriodReopening.period < wanted[0]
            )
        )
        wanted = sorted(older) + wanted
    return wanted


def next_deadline_period(today: date, day: int) -> str:
    """The period whose deadline comes next (today counts)."""
    previous = periods.shift(periods.of(today), -1)
    return previous if today <= deadline(previous, day) else periods.of(today)


def closed(period: str, today: date, day: int) -> bool:
    """Whether ``period``'s deadline has passed: only then is there anything to reopen."""
    return today > deadline(period, day)


def reopened_until(session: Session, period: str) -> date | None:
    return session.scalar(select(PeriodReopening.until).where(PeriodReopening.period == period))


def reopened(session: Session, period: str, today: date) -> bool:
    """Whether an admin has reopened ``period`` until today or later (looked up once per
    period and session)."""
    cache = session.info.setdefault("reopened_until", {})
    if period not in cache:
        cache[period] = reopened_until(session, period)
    return cache[period] is not None and today <= cache[period]


def revisable(session: Session, period: str, today: date, day: int, late: bool = False) -> bool:
    """Whether a report already made for ``period`` may still be changed: until the deadline,
    while the period is reopened, and always for a report that came in late (only a report
    made in time is closed at the deadline)."""
    return late or today <= deadline(period, day) or reopened(session, period, today)


def reopen(
    session: Session, period: str, until: date, actor: Person, today: date, day: int
) -> PeriodReopening:
    """An admin opens ``period`` for reports and revisions until ``until``; only a period
    whose deadline (``day`` of the following month) has passed: before it, it is open."""
    if not access.allowed(actor, access.Rule.ADMIN):
        raise NotAllowed("only an admin reopens a period")
    errors = Errors()
    periods.collect(errors, "period", period, today, deadline_day=day)  # closed, to reopen
    if until < today:
        errors.add("until", _l("Choose a date from today on."))
    errors.raise_if_any()
    row = session.scalar(select(PeriodReopening).where(PeriodReopening.period == period))
    old = row.until if row else None
    if row is None:
        row = PeriodReopening(period=period, until=until, by_id=actor.id)
        session.add(row)
    else:
        row.until, row.by_id, row.at = until, actor.id, utcnow()
    session.flush()
    record(session, actor, "reopen", row, {"until": (old, until)})
    return row
