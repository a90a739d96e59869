"""A person's own profile."""

from flask import Blueprint, render_template

from tracker.access import Rule, requires

bp = Blueprint("profile", __name__)


@bp.get("/profile")
@requires(Rule.SIGNED_IN)
def index():
    return render_template("profile/index.html")
