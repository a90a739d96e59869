"""The politicians' summary. Filled by the summary issue; until then it says so."""

from flask import Blueprint, render_template

from tracker.access import Rule, requires

bp = Blueprint("summary", __name__)


@bp.get("/summary")
@requires(Rule.SIGNED_IN)
def index():
    return render_template("summary/index.html")
