"""Email: plain-text messages over SMTP as configured (MAIL_*)."""

import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from tracker.services import Config

# What a failed delivery raises; callers count it and go on with the next address.
FAILURES = (OSError, smtplib.SMTPException)
# Seconds to wait for the mail server: each connection attempt and each answer.
TIMEOUT = 30


def configured(config: Config) -> bool:
    return bool(config.get("MAIL_SERVER"))


def _email(config: Config, to: str, subject: str, body: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = to
    email["Subject"] = subject
    email.set_content(body)
    return email


@contextmanager
def _connection(config: Config, timeout: float = TIMEOUT) -> Iterator[smtplib.SMTP]:
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        yield smtp


def deliver(config: Config, to: str, subject: str, body: str, *, timeout: float = TIMEOUT) -> None:
    """One message; ``timeout``: seconds to wait for the server (shorter where someone waits
    for the page)."""
    with _connection(config, timeout) as smtp:
        smtp.send_message(_email(config, to, subject, body))


def deliver_all(
    config: Config, subject: str, body: str, recipients: list[str]
) -> tuple[list[str], list[str]]:
    """The same message to each recipient, one email each, over one connection. Returns
    (sent, failed) addresses; a refused address does not stop the others, and a server that
    cannot be reached fails them all at once."""
    sent: list[str] = []
    failed: list[str] = []
    try:
        with _connection(config) as smtp:
            for to in recipients:
                try:
                    smtp.send_message(_email(config, to, subject, body))
                except FAILURES:
                    failed.append(to)
                else:
                    sent.append(to)
    except FAILURES:
        failed += [to for to in recipients if to not in sent and to not in failed]
    return sent, failed
