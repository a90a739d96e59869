"""The portfolio overview: every strategic area, its owners, its improvements' latest status."""

from flask import Blueprint, render_template

from tracker.access import Rule
from tracker.extensions import db
from tracker.guard import requires
from tracker.services import portfolio

bp = Blueprint("portfolio", __name__)


@bp.get("/portfolio")
@requires(Rule.GROUP)
def index():
    areas = portfolio.areas(db.session)
    latest = portfolio.latest_updates(db.session)
    return render_template("portfolio/index.html", areas=areas, latest=latest)
