"""The group's dashboard (lägesbild). Filled by the meeting issue; until then it says so."""

from flask import Blueprint, render_template

from tracker.access import Rule, requires

bp = Blueprint("dashboard", __name__)


@bp.get("/dashboard")
@requires(Rule.GROUP)
def index():
    return render_template("dashboard/index.html")
