"""Published reports: publish a summary (admins), read, download as PDF and compare them (the
politicians, the group). A report is shown as it was stored; nothing re-renders it."""

from pathlib import Path

import weasyprint
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError

from tracker.access import Rule, current_person, requires
from tracker.converters import ID_MAX
from tracker.extensions import db
from tracker.forms import PublishForm
from tracker.i18n import format_span
from tracker.models import PublishedReport
from tracker.services import Errors, periods, reports, summary
from tracker.views.common import saving
from tracker.views.summary import default_span, span_choices

bp = Blueprint("reports", __name__, url_prefix="/reports")

REPORT_CSS = Path(__file__).resolve().parent.parent.parent / "static" / "css" / "report.css"


def _get(report_id) -> PublishedReport:
    return db.get_or_404(PublishedReport, report_id)


def _styles(picked) -> Markup:
    """The stylesheets the reports were published with, so that they keep their look."""
    unique = dict.fromkeys(r.styles for r in picked)
    return Markup("\n".join(unique))  # noqa: S704 - the app's stylesheet as it was stored


def _stored(report: PublishedReport) -> Markup:
    """The report's body: markup our templates rendered, user text escaped, when it was
    published; shown as stored, never rendered again."""
    return Markup(report.body)  # noqa: S704 - rendered and escaped by the app at publishing


def _render(content, version, values, today):
    """The report's stored parts, in the service's own language whoever publishes: the areas
    as shown on the page and their styles, the whole document with the styles inlined, and the
    PDF made from that document."""
    styles = REPORT_CSS.read_text(encoding="utf-8")
    prefix = f"r{content.span.value}-v{version}-"  # ids unique when reports stand side by side
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        body = render_template("summary/_body.html", summary=content, prefix=prefix)
        heading = _("Summary for the politicians, %(period)s",
                    period=format_span(content.span.value))  # fmt: skip
        document = render_template(
            "summary/document.html", summary=content, heading=heading, version=version,
            published_on=today, locale=str(get_locale()),
            css=Markup(styles),  # noqa: S704 - the app's own stylesheet, not input
            **values,
        )  # fmt: skip
        locale = str(get_locale())
    # A tagged PDF (PDF/UA-1): headings, lists and the language are there for a screen reader.
    pdf = weasyprint.HTML(string=document).write_pdf(pdf_variant="pdf/ua-1")
    return {"body": body, "styles": styles, "document": document, "pdf": pdf, "locale": locale}


@bp.get("")
@requires(Rule.SIGNED_IN)
def index():
    return render_template("reports/index.html", reports=reports.listed(db.session))


@bp.route("/publish", methods=["GET", "POST"])
@requires(Rule.ADMIN)
def publish():
    today = periods.today_local()
    form = PublishForm(data={"period": request.args.get("period") or default_span(today).value})
    choices = span_choices(today)
    errors = Errors()
    span = summary.check_span(errors, "period", form.period.data, today)
    if span is not None and span.value not in choices:
        choices.insert(0, span.value)  # any period that has begun can be published
    form.period.choices = [(v, format_span(v)) for v in choices]
    content = summary.build(db.session, span, today) if span is not None else None
    if span is None:
        form.period.errors = [*map(str, errors.errors["period"])]
    if request.method == "POST" and form.validate_on_submit() and content is not None:
        with saving(form) as outcome:
            values = reports.check({"registration_number": form.registration_number.data,
                                    "note": form.note.data})  # fmt: skip
            report, created = _publish(content, values, today)
        if outcome.ok:
            if created:
                message = _("Version %(version)s of the report for %(period)s was published.",
                            version=report.version, period=format_span(span.value))  # fmt: skip
                flash(message, "info")
            else:
                flash(_("This report was already published, unchanged."), "info")
            return redirect(url_for("reports.show", report_id=report.id))
    status = 422 if request.method == "POST" else 200
    return render_template("reports/publish.html", form=form, summary=content), status


def _publish(content, values, today):
    """Publish the next version; a double submit (the same report as the latest version)
    publishes nothing. Two publishers at once: the loser renders again with the next version."""
    for _attempt in range(2):
        version = reports.next_version(db.session, content.span.value)
        parts = _render(content, version, values, today)
        same = reports.same_as_latest(db.session, content.span.value, values, parts["body"])
        if same is not None:
            return same, False
        try:
            report = reports.publish(db.session, content.span.value, version, values,
                                     actor=current_person(), today=today, **parts)  # fmt: skip
            db.session.flush()
            return report, True
        except IntegrityError:
            db.session.rollback()
    abort(409)


@bp.get("/<id:report_id>")
@requires(Rule.SIGNED_IN)
def show(report_id):
    report = _get(report_id)
    others = [r for r in reports.listed(db.session) if r.id != report.id]
    return render_template("reports/show.html", report=report, body=_stored(report),
                           styles=_styles([report]), others=others)  # fmt: skip


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
    if picked[0].id == picked[1].id:
        return redirect(url_for("reports.show", report_id=picked[0].id))
    bodies = [_stored(r) for r in picked]
    return render_template("reports/compare.html", reports=picked, bodies=bodies,
                           styles=_styles(picked))  # fmt: skip
