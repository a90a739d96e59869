"""Reminders (påminnelser): one email per person with missing reports for a period, in the
person's language, with a direct link to /my. A sent reminder is recorded, so that a second
run the same day, from this or another app server, sends nothing twice."""

from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from tracker.i18n import format_period
from tracker.models import Person, Reminder
from tracker.services import mail, reporting


@dataclass
class Message:
    person: Person
    subject: str
    body: str
    items: int


def build(
    session, period: str, base_url: str, default_locale: str = "sv", *, deadline_day: int
) -> list[Message]:
    """The reminders for ``period``: one per active person with something missing."""
    result = reporting.completeness(session, period, deadline_day)
    people = {p.id: p for p, _tally in result.by_person}
    messages = []
    for person_id, items in sorted(result.missing.items(), key=lambda kv: people[kv[0]].name):
        person = people[person_id]
        if not person.active:
            continue
        with force_locale(person.locale or default_locale):
            lines = []
            for area, improvement in items:
                if improvement is None:
                    lines.append(
                        "- " + _("Your assessment of %(area)s", area=f"{area.code} {area.title}")
                    )
                else:
                    lines.append(f"- {improvement.code} {improvement.title}")
            month = format_period(period)
            subject = _("Reminder: your monthly reports for %(month)s", month=month)
            body = "\n".join(
                [
                    _("Hello %(name)s,", name=person.name),
                    "",
                    _("These reports for %(month)s are still missing:", month=month),
                    "",
                    *lines,
                    "",
                    _(
                        "Report on all of them on one page: %(url)s",
                        url=base_url.rstrip("/") + "/my",
                    ),
                    "",
                    _("Thank you!"),
                ]
            )
        messages.append(Message(person, subject, body, len(items)))
    return messages


def already_sent(session, period: str, today: date) -> set[int]:
    return set(
        session.scalars(
            select(Reminder.person_id).where(Reminder.period == period, Reminder.sent_on == today)
        )
    )


def send(session, messages: list[Message], period: str, today: date, config):
    """Send each message once per person, period and day; returns (sent, failed).

    Each reminder is claimed in the database (and committed) before it is sent, so that two
    servers running at once cannot both send it; a claim whose email fails is given back, so
    that a later run tries that person again, and the others are still sent.
    """
    sent, failed = [], []
    for message in messages:
        session.add(Reminder(person_id=message.person.id, period=period, sent_on=today,
                             items=message.items))  # fmt: skip
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            continue  # sent today already, by this or another server
        try:
            mail.deliver(config, message.person.email, message.subject, message.body)
        except mail.FAILURES:
            session.execute(
                delete(Reminder).where(Reminder.person_id == message.person.id,
                                       Reminder.period == period, Reminder.sent_on == today)
            )  # fmt: skip
            session.commit()
            failed.append(message)
        else:
            sent.append(message)
    return sent, failed
