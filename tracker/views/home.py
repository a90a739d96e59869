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
from flask_login import current_user
from sqlalchemy import text

from tracker.access import Rule, allowed
from tracker.extensions import db
from tracker.forms import LanguageForm
from tracker.guard import current_person, requires
from tracker.services import people, portfolio, reports
from tracker.views.common import safe_next

bp = Blueprint("home", __name__)

# The date the accessibility statement was last reviewed against the service.
ACCESSIBILITY_REVIEWED = date(2026, 11, 28)


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
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        current_app.logger.exception("health check: the database does not answer")
        db.session.rollback()
        return jsonify(status="unavailable", database="unavailable"), 503
    return jsonify(status="ok", database="ok")


@bp.get("/accessibility")
@requires(Rule.PUBLIC)
def accessibility():
    return render_template("home/accessibility.html", review_date=ACCESSIBILITY_REVIEWED)
