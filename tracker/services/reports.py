"""Published reports (fastställda rapporter): a summary as an admin published it, stored as it
was made (its page and its PDF) so that it never changes; a correction is a new version."""

from datetime import date

from sqlalchemy import func, select

from tracker import access
from tracker.models import NAME_MAX, TEXT_MAX, Person, PublishedReport
from tracker.services import Errors, NotAllowed, validate
from tracker.services.audit import record


def next_version(session, period: str) -> int:
    current = session.scalar(
        select(func.max(PublishedReport.version)).where(PublishedReport.period == period)
    )
    return (current or 0) + 1


def check(data: dict) -> dict:
    """The publisher's input, checked: a registration number and a note, both optional."""
    errors = Errors()
    values = {
        "registration_number": validate.text(
            errors, "registration_number", data.get("registration_number"), max_length=NAME_MAX
        ),
        "note": validate.text(errors, "note", data.get("note"), max_length=TEXT_MAX),
    }
    errors.raise_if_any()
    return values


def publish(session, period: str, version: int, values: dict, *, body: str, document: str,
            pdf: bytes, locale: str, actor: Person, today: date) -> PublishedReport:  # fmt: skip
    """Store the report as made. Two publishers of one period at once: the unique (period,
    version) lets only one of them have the version (the caller retries or answers 409)."""
    if not access.allowed(actor, access.Rule.ADMIN):
        raise NotAllowed("only an admin publishes a report")
    report = PublishedReport(period=period, version=version, published_on=today,
                             published_by=actor, locale=locale, body=body, document=document,
                             pdf=pdf, **values)  # fmt: skip
    session.add(report)
    session.flush()
    record(session, actor, "create", report, {"period": (None, period),
                                              "version": (None, version)})  # fmt: skip
    return report


def latest(session) -> PublishedReport | None:
    return session.scalar(
        select(PublishedReport)
        .order_by(PublishedReport.published_at.desc(), PublishedReport.id.desc())
        .limit(1)
    )
