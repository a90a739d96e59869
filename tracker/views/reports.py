"""Published reports: publish a summary (admins), read, download as PDF and compare them (the
politicians, the group). A report is shown as it was stored; nothing re-renders it."""

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
from flask_babel import gettext as _
from markupsafe import Markup

from tracker import publishing
from tracker.access import Rule
from tracker.converters import ID_MAX
from tracker.extensions import db
from tracker.forms import PublishForm
from tracker.guard import current_person, requires
from tracker.i18n import format_span
from tracker.models import PublishedReport
from tracker.services import Errors, periods, reports, summary
from tracker.views.common import saving
from tracker.views.summary import default_span, span_choices

bp = Blueprint("reports", __name__, url_prefix="/reports")


def _get(report_id) -> PublishedReport:
    return db.get_or_404(PublishedReport, report_id)


def _styled(picked) -> list[PublishedReport]:
    """The reports whose stylesheets the page links to (``reports.styles``), so that they keep
    the look they were published with: one for each different stylesheet."""
    first = {}
    for report in picked:
        first.setdefault(report.styles, report)
    return list(first.values())


def _stored(report: PublishedReport) -> Markup:
    """The report's body: markup our templates rendered, user text escaped, when it was
    published; shown as stored, never rendered again."""
    return Markup(report.body)  # noqa: S704 - rendered and escaped by the app at publishing


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
    span = periods.collect(errors, "period", form.period.data, today, spans=True)
    if span is not None and span.value not in choices:
        choices.insert(0, span.value)  # any period that has begun can be published
    form.period.choices = [(v, format_span(v)) for v in choices]
    day = current_app.config["REPORT_DEADLINE_DAY"]
    content = summary.build(db.session, span, today, day) if span is not None else None
    if span is None:
        form.period.errors = [*map(str, errors.errors["period"])]
    if request.method == "POST" and form.validate_on_submit() and content is not None:
        with saving(form) as outcome:
            values = reports.check(
                {"registration_number": form.registration_number.data, "note": form.note.data}
            )
            try:
                report, created = publishing.publish(
                    db.session, content, values, current_person(), today
                )
            except publishing.Busy:
                abort(409)
        if outcome.ok:
            if created:
                message = _(
                    "Version %(version)s of the report for %(period)s was published.",
                    version=report.version,
                    period=format_span(span.value),
                )
                flash(message, "info")
            else:
                flash(_("This report was already published, unchanged."), "info")
            return redirect(url_for("reports.show", report_id=report.id))
    status = 422 if request.method == "POST" else 200
    return render_template("reports/publish.html", form=form, summary=content), status


@bp.get("/<id:report_id>")
@requires(Rule.SIGNED_IN)
def show(report_id):
    report = _get(report_id)
    others = [r for r in reports.listed(db.session) if r.id != report.id]
    return render_template(
        "reports/show.html",
        report=report,
        body=_stored(report),
        styled=[report],
        others=others,
    )


@bp.get("/<id:report_id>/document")
@requires(Rule.SIGNED_IN)
def document(report_id):
    """The report as a document, exactly as stored."""
    return publishing.document_response(_get(report_id))


@bp.get("/<id:report_id>/styles.css")
@requires(Rule.SIGNED_IN)
def styles(report_id):
    """The stylesheet the report was published with, as stored: its pages link to it, since
    the Content-Security-Policy allows no inline style."""
    response = Response(_get(report_id).styles, mimetype="text/css")
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/<id:report_id>/pdf")
@requires(Rule.SIGNED_IN)
def pdf(report_id):
    return publishing.pdf_response(_get(report_id))


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
    return render_template(
        "reports/compare.html", reports=picked, bodies=bodies, styled=_styled(picked)
    )
