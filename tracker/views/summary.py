"""The politicians' summary (sammanfattning): the live view of any month, tertial or year, and
the portfolio as an Excel workbook for the group."""

from flask import Blueprint, current_app, render_template, request, send_file
from flask_babel import get_locale

from tracker import charts
from tracker.access import Rule
from tracker.extensions import db
from tracker.guard import requires
from tracker.services import deadlines, exports, periods, summary
from tracker.views.common import asked_period, status_for

bp = Blueprint("summary", __name__)


def default_span(today) -> periods.Span:
    """The last month whose reporting deadline has passed."""
    return periods.Span(deadlines.reported_period(today, current_app.config["REPORT_DEADLINE_DAY"]))


def span_from(args, today):
    """The span asked for in ``?period=``, or the default with a message saying why."""
    span, problem = asked_period(args.get("period"), today, default_span(today).value, spans=True)
    return span, [problem] if problem else []


def span_choices(today) -> list[str]:
    """Recent months, this and last year's tertials, and the years, newest first."""
    this = periods.of(today)
    months = [periods.shift(this, -n) for n in range(0, 13)]
    tertials = [f"{y:04d}-T{t}" for y in (today.year, today.year - 1) for t in (3, 2, 1)]
    tertials = [t for t in tertials if periods.Span(t).first <= this]
    return months + tertials + [str(today.year), str(today.year - 1)]


@bp.get("/summary")
@requires(Rule.SIGNED_IN)
def index():
    today = periods.today_local()
    span, problems = span_from(request.args, today)
    return render_template(
        "summary/index.html",
        summary=summary.build(db.session, span, today, current_app.config["REPORT_DEADLINE_DAY"]),
        problems=problems,
        choices=span_choices(today),
        today=today,
    ), status_for(problems)


@bp.get("/summary/export.xlsx")
@requires(Rule.GROUP)
def export():
    """The portfolio and its updates for a period, one sheet per kind (the group only)."""
    today = periods.today_local()
    span, _problems = span_from(request.args, today)
    workbook = charts.workbook(exports.sheets(db.session, span, str(get_locale())))
    return send_file(
        workbook,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=f"koncernportfoljen-{span.value}.xlsx",
        max_age=0,
    )
