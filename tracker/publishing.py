"""Publishing a summary: render it once, as it will be kept (the areas and their stylesheet,
the whole document with the styles inlined, a tagged PDF), and store it as the period's next
version. Used by the publish page and by `flask demo`."""

from pathlib import Path

import weasyprint
from flask import Response, current_app, render_template
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError

from tracker.headers import NO_STORE, document_policy
from tracker.i18n import format_span
from tracker.models import Person, PublishedReport
from tracker.services import reports
from tracker.status import css_properties


class Busy(Exception):
    """Others published the period at the same moment, twice over."""


def render(content, version: int, values: dict, today) -> dict:
    """The report's stored parts, in the service's own language whoever publishes."""
    sheet = (Path(current_app.static_folder) / "css" / "report.css").read_text(encoding="utf-8")
    styles = f"{css_properties()}\n{sheet}"  # the status colours with the sheet that uses them
    prefix = f"r{content.span.value}-v{version}-"  # ids unique when reports stand side by side
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        body = render_template("summary/_body.html", summary=content, prefix=prefix)
        heading = _(
            "Summary for the politicians, %(period)s", period=format_span(content.span.value)
        )
        document = render_template(
            "summary/document.html",
            summary=content,
            heading=heading,
            version=version,
            published_on=today,
            locale=str(get_locale()),
            css=Markup(styles),  # noqa: S704 - the app's own stylesheet, not input
            **values,
        )
        locale = str(get_locale())
    # A tagged PDF (PDF/UA-1): headings, lists and the language are there for a screen reader.
    pdf = weasyprint.HTML(string=document).write_pdf(pdf_variant="pdf/ua-1")
    return {"body": body, "styles": styles, "document": document, "pdf": pdf, "locale": locale}


def publish(session, content, values: dict, actor: Person, today) -> tuple[PublishedReport, bool]:
    """Publish the next version of ``content``'s period; (report, created). A double submit
    (the same as the latest version) publishes nothing. Two publishers at once: the loser
    renders again with the next version (the caller commits)."""
    for _attempt in range(2):
        version = reports.next_version(session, content.span.value)
        parts = render(content, version, values, today)
        same = reports.same_as_latest(session, content.span.value, values, parts["body"])
        if same is not None:
            return same, False
        try:
            report = reports.publish(
                session, content.span.value, version, values, actor=actor, today=today, **parts
            )
            session.flush()
            return report, True
        except IntegrityError:
            session.rollback()
    raise Busy(content.span.value)


def pdf_response(report: PublishedReport) -> Response:
    """The stored PDF as a download (pages and API alike)."""
    response = Response(report.pdf, mimetype="application/pdf")
    response.headers["Cache-Control"] = NO_STORE
    name = f"sammanfattning-{report.period}-v{report.version}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def document_response(report: PublishedReport) -> Response:
    """The stored document, exactly as it was made, with a policy that allows exactly its own
    inline stylesheet (it is never rendered again, so the page policy's files do not apply)."""
    response = Response(report.document, mimetype="text/html")
    response.headers["Content-Security-Policy"] = document_policy(report.document)
    response.headers["Cache-Control"] = NO_STORE
    return response
