"""The group's dashboard (lägesbild) for its meetings: where everything stands, what changed
since the last meeting, drawn server-side (pandas + plotly) with a data table for each chart."""

import ast
import functools
import re
from pathlib import Path

import plotly
from flask import Blueprint, current_app, render_template, request, send_file
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from tracker import charts
from tracker.access import Rule
from tracker.extensions import db
from tracker.guard import requires
from tracker.i18n import format_period, month_tick
from tracker.models import OVERDUE_STATES, Organisation, Status, StrategicArea, is_overdue
from tracker.services import completeness, dashboard, meetings, my, periods, versions
from tracker.status import ATTENTION, STATUS_LABELS
from tracker.views.common import asked_period, status_for

bp = Blueprint("dashboard", __name__)

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
# How plotly.js inserts a stylesheet inline when it loads, unless an element with its id is there.
PLOTLY_INLINE_STYLE = re.compile(
    r'if\(!document\.getElementById\("([\w.-]+)"\)\)\{var \w+=document\.createElement\("style"\)'
)
# plotly.js's own stylesheet: an object of rules whose selectors say X for the chart and Y for
# its notifier ({"X,X div":"direction:ltr;...", ...}), each rule inserted first as it loads.
PLOTLY_RULES = re.compile(r'=\{("X,X div":.*?)\};for\(')
_JS_STRING = r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
# One rule: a selector (a string, or a bare name where the minifier left out the quotes).
PLOTLY_RULE = re.compile(rf"({_JS_STRING}|[A-Za-z_$][\w$]*):({_JS_STRING})")
MONTHS = 12
# Since the last meeting: at most this many items per list; the rest is a link away.
LIST_LIMIT = 25
# Presentation mode: at most this many exceptions on an area's slide.
PRESENT_LIMIT = 8


def _day() -> int:
    return current_app.config["REPORT_DEADLINE_DAY"]


def _filters(args, today):
    """The period, organisation and area asked for, each checked; unknown ones are named."""
    span, problem = asked_period(args.get("period"), today, periods.last_month(today))
    period, problems = span.value, [problem] if problem else []
    org = area = None
    if code := args.get("organisation"):
        org = db.session.scalar(select(Organisation).where(Organisation.code == code))
        if org is None:
            problems.append(_("There is no organisation with the code %(code)s.", code=code))
    if code := args.get("area"):
        area = db.session.scalar(select(StrategicArea).where(StrategicArea.code == code))
        if area is None:
            problems.append(_("There is no strategic area with the code %(code)s.", code=code))
    return period, org, area, problems


def _leads(areas, period) -> dict:
    """Each area's lead owner's assessment for ``period`` (or None), by area code: the lead
    owner as the area stood at the period's deadline."""
    ids = [a.id for a in areas]
    assessments = my.area_assessments(db.session, ids, period)
    owners = versions.area_owners_then(db.session, period, _day(), ids)
    lead = {a.id: owners[a.id][0] if a.id in owners else a.lead_id for a in areas}
    return {
        a.code: next((x for x in assessments.get(a.id, []) if x.person_id == lead[a.id]), None)
        for a in areas
    }


@bp.get("/dashboard")
@requires(Rule.GROUP)
def index():
    today = periods.today_local()
    period, org, area, problems = _filters(request.args, today)
    # The areas as the portfolio stood at the period's deadline; the organisations of today
    # and any a report of the period was made for.
    areas = versions.areas_then(db.session, period, _day())
    rows = dashboard.period_rows(db.session, period, _day(), organisation=org, area=area)
    reported_for = {r["organisation"] for r in rows}
    orgs = db.session.scalars(
        select(Organisation)
        .where(or_(Organisation.archived.is_(False), Organisation.code.in_(reported_for)))
        .order_by(Organisation.name)
    ).all()
    shown_areas = [a for a in areas if area is None or a.id == area.id]
    area_names = {a.code: f"{a.code} {a.title}" for a in areas}
    org_names = {o.code: o.name for o in orgs}
    labels = {key: str(label) for key, label in STATUS_LABELS.items()}  # the charts' words

    by_area = charts.status_counts(rows, "area", [a.code for a in shown_areas])
    by_org = charts.status_counts(rows, "organisation", [o.code for o in orgs])
    by_org = by_org[by_org.sum(axis=1) > 0]
    grid = charts.matrix(rows, [a.code for a in shown_areas], list(by_org.index))
    leads = _leads(shown_areas, period)

    months = [periods.shift(period, -n) for n in range(MONTHS - 1, -1, -1)]
    progress = charts.progress_table(
        dashboard.progress_rows(db.session, period, MONTHS, area=area),
        months,
        [a.code for a in shown_areas],
    )
    complete = completeness.completeness(db.session, period, _day())
    table = charts.completeness_table(
        [
            (o.name if o else _("No organisation"), o.code if o else "\u2013", t.due, t.reported)
            for o, t in complete.by_organisation
        ]
    )
    meeting = dashboard.last_meeting(db.session, today)
    since = dashboard.since(db.session, meeting.date, today) if meeting else None
    decisions_due = meetings.decisions_due(db.session, meeting.date, today) if meeting else []

    figures = {
        "areas": charts.to_json(charts.status_bars(by_area, labels, area_names)),
        "organisations": charts.to_json(charts.status_bars(by_org, labels, org_names)),
        "progress": charts.to_json(
            charts.progress_lines(
                progress,
                area_names,
                {m: month_tick(m) for m in months},
                {m: format_period(m) for m in months},
            )
        ),
        "completeness": charts.to_json(charts.completeness_bars(table, _("Share reported"))),
    }
    return render_template(
        "dashboard/index.html",
        period=period,
        org=org,
        area=area,
        problems=problems,
        areas=areas,
        orgs=orgs,
        shown_areas=shown_areas,
        by_area=by_area.to_dict("index"),
        org_codes=list(by_org.index),
        grid=grid.to_dict("index"),
        leads=leads,
        area_names=area_names,
        org_names=org_names,
        months=months,
        progress=progress.to_dict("index"),
        completeness=table.to_dict("records"),
        complete=complete,
        meeting=meeting,
        since=since,
        decisions_due=decisions_due,
        figures=figures,
        limit=LIST_LIMIT,
        choices=[periods.shift(periods.of(today), -n) for n in range(0, 25)],
    ), status_for(problems)


@bp.get("/dashboard/present")
@requires(Rule.GROUP)
def present():
    """Presentation mode for the projector: an overview, then one slide per area; the keyboard
    steps through them (static/js/present.js). Without script the slides follow each other."""
    today = periods.today_local()
    period, org, area, problems = _filters(request.args, today)
    areas = versions.areas_then(db.session, period, _day(), selectinload(StrategicArea.lead))
    shown = [a for a in areas if area is None or a.id == area.id]
    rows = dashboard.period_rows(db.session, period, _day(), organisation=org, area=area)
    counts = charts.status_counts(rows, "area", [a.code for a in shown]).to_dict("index")
    # Needs attention: not on track, or overdue today.
    exceptions = {a.code: [] for a in shown}
    for row in sorted(rows, key=lambda r: (ATTENTION.index(r["status"]), r["code"])):
        row["overdue"] = is_overdue(row["due"], today, row["state"] in OVERDUE_STATES)
        if (row["status"] != Status.ON_TRACK or row["overdue"]) and row["area"] in exceptions:
            exceptions[row["area"]].append(row)
    leads = _leads(shown, period)
    return render_template(
        "dashboard/present.html",
        period=period,
        org=org,
        area=area,
        problems=problems,
        areas=shown,
        counts=counts,
        exceptions=exceptions,
        leads=leads,
        limit=PRESENT_LIMIT,
    ), status_for(problems)


@bp.get("/vendor/plotly.min.js")
@requires(Rule.PUBLIC)
def plotly_js():
    """plotly.js from the installed plotly package: never from elsewhere."""
    response = send_file(PLOTLY_JS, mimetype="text/javascript", max_age=365 * 24 * 3600)
    response.cache_control.immutable = True
    return response


@bp.get("/vendor/plotly.css")
@requires(Rule.PUBLIC)
def plotly_css():
    """plotly.js's stylesheet, read from the installed plotly.js: the pages link it because the
    Content-Security-Policy refuses the inline stylesheet plotly.js would insert itself."""
    response = current_app.response_class(plotly_stylesheet(), mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 365 * 24 * 3600
    response.cache_control.immutable = True
    return response


@functools.cache
def plotly_stylesheet() -> str:
    """The rules plotly.js inserts as it loads, in the order its stylesheet ends up holding them
    (each is inserted first: the last of its object comes first)."""
    found = PLOTLY_RULES.search(PLOTLY_JS.read_text(encoding="utf-8"))
    if found is None:
        raise RuntimeError(f"plotly.js's stylesheet was not found in {PLOTLY_JS}")
    rules = []
    for selector, declarations in PLOTLY_RULE.findall(found.group(1)):
        selector = ast.literal_eval(selector) if selector[0] in "\"'" else selector
        if selector.startswith(","):
            selector = " " + selector
        selector = selector.replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        rules.append(f"{selector}{{{ast.literal_eval(declarations)}}}")
    return "\n".join(reversed(rules)) + "\n"


def plotly_version() -> str:
    return plotly.__version__


@bp.app_template_global()
@functools.cache
def plotly_style_ids() -> tuple[str, ...]:
    """The ids of the stylesheets plotly.js inserts inline as it loads (those of its maps) unless
    an element with the id is already there: the chart pages put one in first."""
    source = PLOTLY_JS.read_text(encoding="utf-8")
    return tuple(dict.fromkeys(PLOTLY_INLINE_STYLE.findall(source)))


@bp.app_context_processor
def vendor():
    return {"plotly_version": plotly_version}
