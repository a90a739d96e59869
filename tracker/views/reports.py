"""Published reports: publish a summary (admins), read, download as PDF and compare them (the
politicians, the group). A report is shown as it was stored; nothing re-renders it."""

from pathlib import Path

import weasyprint
from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker.access import Rule, current_person, requires
from tracker.converters import ID_MAX
from tracker.extensions import db
from tracker.forms import PublishForm
from tracker.i18n import format_span
from tracker.models import PublishedReport
from tracker.services import Errors, periods, reports, summary
from tracker.views.common import saving
from tracker.views.summary import span_choices

bp = Blueprint("reports", __name__, url_prefix="/reports")

REPORT_CSS = Path(__file__).resolve().parent.parent.parent / "static" / "css" / "report.css"


def _get(report_id) -> PublishedReport:
    return db.get_or_404(PublishedReport, report_id)


def _stored(report: PublishedReport) -> Markup:
    """The report's body: markup our templates rendered, user text escaped, when it was
    published; shown as stored, never rendered again."""
    return Markup(report.body)  # noqa: S704 - rendered and escaped by the app at publishing


def _render(content, version, values, today):
    """The report's stored parts: the areas as shown on the page, the whole document with its
    styles inlined, and the PDF made from that document."""
    body = render_template("summary/_body.html", summary=content)
    heading = _("Summary for the politicians, %(period)s", period=format_span(content.span.value))
    # The app's own stylesheet, inlined so that the stored document keeps its look.
    css = Markup(REPORT_CSS.read_text(encoding="utf-8"))  # noqa: S704 - our file, not input
    document = render_template(
        "summary/document.html", summary=content, heading=heading, version=version,
        published_on=today, locale=str(get_locale()), css=css, **values,
    )  # fmt: skip
    # A tagged PDF (PDF/UA-1): headings, lists and the language are there for a screen reader.
    pdf = weasyprint.HTML(string=document).write_pdf(pdf_variant="pdf/ua-1")
    return body, document, pdf


@bp.get("")
@requires(Rule.SIGNED_IN)
def index():
    rows = db.session.scalars(
        select(PublishedReport).order_by(
            PublishedReport.period.desc(), PublishedReport.version.desc()
        )
    ).all()
    return render_template("reports/index.html", reports=rows)


@bp.route("/publish", methods=["GET", "POST"])
@requires(Rule.ADMIN)
def publish():
    today = periods.today_local()
    form = PublishForm(data={"period": request.args.get("period", "")})
    form.period.choices = [(v, format_span(v)) for v in span_choices(today)]
    if not form.period.data:
        form.period.data = form.period.choices[0][0]
    content = None
    errors = Errors()
    span = summary.check_span(errors, "period", form.period.data, today)
    if span is not None:
        content = summary.build(db.session, span)
    else:
        form.period.errors = [*form.period.errors, *map(str, errors.errors["period"])]
    if request.method == "POST" and form.validate_on_submit() and content is not None:
        with saving(form) as outcome:
            values = reports.check({"registration_number": form.registration_number.data,
                                    "note": form.note.data})  # fmt: skip
            version = reports.next_version(db.session, span.value)
            body, document, pdf = _render(content, version, values, today)
            try:
                report = reports.publish(db.session, span.value, version, values, body=body,
                                         document=document, pdf=pdf, locale=str(get_locale()),
                                         actor=current_person(), today=today)  # fmt: skip
            except IntegrityError:
                db.session.rollback()
                abort(409)
        if outcome.ok:
            flash(_("Version %(version)s of the report for %(period)s was published.",
                    version=version, period=format_span(span.value)), "info")  # fmt: skip
            return redirect(url_for("reports.show", report_id=report.id))
    status = 422 if request.method == "POST" else 200
    return render_template("reports/publish.html", form=form, summary=content), status


@bp.get("/<id:report_id>")
@requires(Rule.SIGNED_IN)
def show(report_id):
    report = _get(report_id)
    others = db.session.scalars(
        select(PublishedReport)
        .where(PublishedReport.id != report.id)
        .order_by(PublishedReport.period.desc(), PublishedReport.version.desc())
    ).all()
    return render_template("reports/show.html", report=report, body=_stored(report),
                           others=others)  # fmt: skip


@bp.get("/<id:report_id>/document")
@requires(Rule.SIGNED_IN)
def document(report_id):
    """The report as a document, exactly as stored."""
    return Response(_get(report_id).document, mimetype="text/html")


@bp.get("/<id:report_id>/pdf")
@requires(Rule.SIGNED_IN)
def pdf(report_id):
    report = _get(report_id)
    response = Response(report.pdf, mimetype="application/pdf")
    name = f"sammanfattning-{report.period}-v{report.version}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/compare")
@requires(Rule.SIGNED_IN)
def compare():
    """Two published reports side by side."""
    if "a" not in request.args or "b" not in request.args:
        return redirect(url_for("reports.index"))
    picked = []
    for key in ("a", "b"):
        value = request.args.get(key, type=int)
        if value is None or not 0 < value <= ID_MAX:
            abort(404)
        picked.append(_get(value))
    bodies = [_stored(r) for r in picked]
    return render_template("reports/compare.html", reports=picked, bodies=bodies)
