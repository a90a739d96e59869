"""Email: one plain-text message to one address, over SMTP as configured (MAIL_*)."""

import smtplib
from email.message import EmailMessage

# What a failed delivery raises; callers count it and go on with the next address.
FAILURES = (OSError, smtplib.SMTPException)


def configured(config) -> bool:
    return bool(config.get("MAIL_SERVER"))


def deliver(config, to: str, subject: str, body: str) -> None:
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = to
    email["Subject"] = subject
    email.set_content(body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)
