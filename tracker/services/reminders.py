"""Reminders (påminnelser): one email per person with missing reports for a period, in the
person's language, with a direct link to /my. A sent reminder is recorded, so that a second
run the same day, from this or another app server, sends nothing twice.

``remind`` is the whole flow; the completeness page and ``flask remind`` call it and only
present its outcome, each in its own words."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from flask_babel import force_locale
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker.models import Person, Reminder
from tracker.services import Config, DomainError, completeness, deadlines, mail

Render = Callable[..., str]
"""Words a message from a template and its context (flask.render_template)."""


@dataclass
class Message:
    person: Person
    subject: str
    body: str
    items: int


class Refusal(Enum):
    """Why no reminders can go; each caller words it in its own medium."""

    PERIOD_CLOSED = "period_closed"  # owners cannot report on the period on /my now
    NO_MAIL_SERVER = "no_mail_server"  # MAIL_SERVER is not set (and this is not a dry run)


class CannotRemind(DomainError):
    """No reminders for ``period`` can go; ``reason`` says why. Nothing was sent or recorded."""

    def __init__(self, reason: Refusal, period: str):
        super().__init__(f"{reason.value}: {period}")
        self.reason = reason
        self.period = period


@dataclass
class Outcome:
    """What a run of ``remind`` did. On a dry run ``sent`` holds the messages that would go."""

    period: str
    dry_run: bool = False
    sent: list[Message] = field(default_factory=list)
    failed: list[Message] = field(default_factory=list)  # not recorded: tried again next run
    skipped: list[Message] = field(default_factory=list)  # reminded already today

    @property
    def needed(self) -> int:
        """How many people have something missing (sent, failed or reminded already)."""
        return len(self.sent) + len(self.failed) + len(self.skipped)


def remind(
    session: Session,
    period: str,
    today: date,
    config: Config,
    *,
    render: Render,
    dry_run: bool = False,
) -> Outcome:
    """Remind everyone with missing reports for ``period``, once a day at most.

    ``config`` is a mapping with BASE_URL, BABEL_DEFAULT_LOCALE, REPORT_DEADLINE_DAY and the
    MAIL_* settings; ``render`` words the emails (see ``build``).
    Raises CannotRemind, before anything is sent or recorded, when owners cannot report on
    the period now or (unless ``dry_run``) no mail server is configured. A dry run sends and
    records nothing. Sent reminders are committed one by one (see ``send``).
    """
    if period not in deadlines.open_periods(today, session):
        raise CannotRemind(Refusal.PERIOD_CLOSED, period)
    if not dry_run and not mail.configured(config):
        raise CannotRemind(Refusal.NO_MAIL_SERVER, period)
    messages = build(
        session,
        period,
        config["BASE_URL"],
        config["BABEL_DEFAULT_LOCALE"],
        deadline_day=config["REPORT_DEADLINE_DAY"],
        render=render,
    )
    skip = already_sent(session, period, today)
    due = [m for m in messages if m.person.id not in skip]
    skipped = [m for m in messages if m.person.id in skip]
    if dry_run:
        return Outcome(period, dry_run=True, sent=due, skipped=skipped)
    sent, failed, raced = send(session, due, period, today, config)
    return Outcome(period, sent=sent, failed=failed, skipped=skipped + raced)


def build(
    session: Session,
    period: str,
    base_url: str,
    default_locale: str = "sv",
    *,
    deadline_day: int,
    render: Render,
) -> list[Message]:
    """The reminders for ``period``: one per active person with something missing, each in
    the person's language. ``render(template, **context)`` words them (flask.render_template)
    with templates/email/reminder_subject.txt and reminder.txt."""
    url = base_url.rstrip("/") + "/my"
    result = completeness.completeness(session, period, deadline_day)
    people = {p.id: p for p, _tally in result.by_person}
    messages = []
    for person_id, items in sorted(result.missing.items(), key=lambda kv: people[kv[0]].name):
        person = people[person_id]
        if not person.active:
            continue
        context = {"person": person, "period": period, "items": items, "url": url}
        with force_locale(person.locale or default_locale):
            subject = render("email/reminder_subject.txt", **context)
            body = render("email/reminder.txt", **context)
        messages.append(Message(person, subject, body, len(items)))
    return messages


def already_sent(session: Session, period: str, today: date) -> set[int]:
    return set(
        session.scalars(
            select(Reminder.person_id).where(Reminder.period == period, Reminder.sent_on == today)
        )
    )


def send(
    session: Session, messages: list[Message], period: str, today: date, config: Config
) -> tuple[list[Message], list[Message], list[Message]]:
    """Send each message once per person, period and day; returns (sent, failed, skipped),
    skipped being those another run reminded today while this one was building its messages.

    Each reminder is claimed in the database (and committed) before it is sent, so that two
    servers running at once cannot both send it; a claim whose email fails is given back, so
    that a later run tries that person again, and the others are still sent.
    """
    sent: list[Message] = []
    failed: list[Message] = []
    skipped: list[Message] = []
    for message in messages:
        session.add(
            Reminder(person_id=message.person.id, period=period, sent_on=today, items=message.items)
        )
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            skipped.append(message)  # sent today already, by this or another server
            continue
        try:
            mail.deliver(config, message.person.email, message.subject, message.body)
        except mail.FAILURES:
            session.execute(
                delete(Reminder).where(
                    Reminder.person_id == message.person.id,
                    Reminder.period == period,
                    Reminder.sent_on == today,
                )
            )
            session.commit()
            failed.append(message)
        else:
            sent.append(message)
    return sent, failed, skipped
