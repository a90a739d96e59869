"""The administrator's start: where the portfolio is managed."""

from flask import Blueprint, render_template

from tracker.access import Rule
from tracker.guard import requires

bp = Blueprint("admin", __name__)


@bp.get("/admin")
@requires(Rule.ADMIN)
def index():
    return render_template("admin/index.html")
