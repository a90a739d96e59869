"""The start page that sends each role to its place, the language switch, health, accessibility."""

from datetime import date

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from tracker.access import Rule, allowed
from tracker.extensions import db
from tracker.forms import LanguageForm
from tracker.guard import current_person, requires
from tracker.services import faults, people, portfolio, reports
from tracker.views.common import safe_next
from tracker.views.faults import retry_after
from tracker.views.problems import problem

bp = Blueprint("home", __name__)

# The date the accessibility statement was last reviewed against the service.
ACCESSIBILITY_REVIEWED = date(2026, 11, 28)
# The longest /health waits for SQLite's write lock before it calls the database locked.
HEALTH_LOCK_WAIT_MS = 2000
HEALTH_REASONS = {
    faults.LOCKED: _l("The database is locked by another writer."),
    faults.READ_ONLY: _l("The database is read-only."),
    faults.RECOVERY: _l("The database server is in recovery and accepts no writes."),
    faults.FULL: _l("The database or its disk is full."),
    faults.UNREACHABLE: _l("The database cannot be reached."),
}


@bp.get("/")
@requires(Rule.SIGNED_IN)
def start():
    """Politicians to the latest published report (or the live summary before there is one),
    owners to their items, other members to the dashboard."""
    if not allowed(current_person(), Rule.GROUP):
        latest = reports.latest(db.session)
        if latest is not None:
            return redirect(url_for("reports.show", report_id=latest.id))
        return redirect(url_for("summary.index"))
    if portfolio.owns_anything(db.session, current_user):
        return redirect(url_for("my.index"))
    return redirect(url_for("dashboard.index"))


@bp.post("/language")
@requires(Rule.PUBLIC)
def language():
    form = LanguageForm()
    locale = form.locale.data
    if form.validate_on_submit() and locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale
        session.permanent = True
        if current_user.is_authenticated:
            people.set_locale(db.session, current_user, locale)
            db.session.commit()
    return redirect(safe_next(form.next.data or request.referrer, url_for("home.start")))


@bp.get("/health")
@requires(Rule.PUBLIC)
def health():
    """200 when the database can be read and written; else 503 with the reason (a problem)."""
    config = current_app.config
    reason = faults.check(
        db.engine,
        lock_wait_ms=min(config["SQLITE_BUSY_TIMEOUT_MS"], HEALTH_LOCK_WAIT_MS),
        min_free_bytes=int(config["HEALTH_MIN_FREE_DISK_MB"]) * 1024 * 1024,
    )
    if reason is None:
        return jsonify(status="ok", database="ok")
    current_app.logger.warning("health check: the database is %s", reason)
    body, code, headers = problem(503, HEALTH_REASONS[reason])
    body["database"] = reason
    return body, code, {**headers, **retry_after()}


@bp.get("/accessibility")
@requires(Rule.PUBLIC)
def accessibility():
    return render_template("home/accessibility.html", review_date=ACCESSIBILITY_REVIEWED)
