"""Published reports (fastställda rapporter): a summary as an admin published it, stored as it
was made (its page and its PDF) so that it never changes; a correction is a new version."""

import re
from datetime import date
from typing import TypedDict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker import access
from tracker.models import NAME_MAX, TEXT_MAX, Person, PublishedReport
from tracker.services import Data, Errors, NotAllowed, validate
from tracker.services.audit import record


def next_version(session: Session, period: str) -> int:
    current = session.scalar(
        select(func.max(PublishedReport.version)).where(PublishedReport.period == period)
    )
    return (current or 0) + 1


class Publication(TypedDict):
    """What the publisher writes on a report."""

    registration_number: str
    note: str


def check(data: Data) -> Publication:
    """The publisher's input, checked: a registration number and a note, both optional."""
    errors = Errors()
    values: Publication = {
        "registration_number": validate.text(
            errors, "registration_number", data.get("registration_number"), max_length=NAME_MAX
        ),
        "note": validate.text(errors, "note", data.get("note"), max_length=TEXT_MAX),
    }
    errors.raise_if_any()
    return values


def publish(
    session: Session,
    period: str,
    version: int,
    values: Publication,
    *,
    body: str,
    styles: str,
    document: str,
    pdf: bytes,
    locale: str,
    actor: Person,
    today: date,
) -> PublishedReport:
    """Store the report as made. Two publishers of one period at once: the unique (period,
    version) lets only one of them have the version (the caller renders again)."""
    if not access.allowed(actor, access.Rule.ADMIN):
        raise NotAllowed("only an admin publishes a report")
    report = PublishedReport(
        period=period,
        version=version,
        published_on=today,
        published_by=actor,
        locale=locale,
        body=body,
        styles=styles,
        document=document,
        pdf=pdf,
        **values,
    )
    session.add(report)
    session.flush()
    record(session, actor, "create", report, {"period": (None, period), "version": (None, version)})
    return report


def listed(session: Session) -> list[PublishedReport]:
    """Every report, the latest period first and its latest version first (without their
    stored pages and PDFs, which load only when asked for)."""
    return list(
        session.scalars(
            select(PublishedReport).order_by(
                PublishedReport.period.desc(), PublishedReport.version.desc()
            )
        )
    )


def latest(session: Session) -> PublishedReport | None:
    """The latest version of the latest period published: a politician's start page."""
    return session.scalar(
        select(PublishedReport)
        .order_by(PublishedReport.period.desc(), PublishedReport.version.desc())
        .limit(1)
    )


def same_as_latest(
    session: Session, period: str, values: Publication, body: str
) -> PublishedReport | None:
    """The period's latest version if it says exactly this already (a double submit)."""
    report = session.scalar(
        select(PublishedReport)
        .where(PublishedReport.period == period)
        .order_by(PublishedReport.version.desc())
        .limit(1)
    )
    if report is None:
        return None
    stored: Publication = {"registration_number": report.registration_number, "note": report.note}
    if stored != values or _without_version(report.body) != _without_version(body):
        return None
    return report


def _without_version(body: str) -> str:
    """The body without its version-bearing ids, to compare two renderings."""
    return re.sub(r'(id|aria-labelledby)="r[^"]*-v[0-9]+-', r'\1="', body)
