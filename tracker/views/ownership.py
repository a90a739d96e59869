"""The ownership map (ägarkarta): areas against organisations, people against areas, and flags
with a way to act on each."""

from flask import Blueprint, redirect, render_template, url_for

from tracker.access import Rule
from tracker.extensions import db
from tracker.guard import requires
from tracker.services import ownership, periods

bp = Blueprint("ownership", __name__)


@bp.get("/ownership")
@requires(Rule.GROUP)
def index():
    return render_template(
        "ownership/index.html", map=ownership.build(db.session, periods.today_local())
    )


@bp.get("/map")
@requires(Rule.GROUP)
def old_address():
    """The map's first address, kept for bookmarks."""
    return redirect(url_for("ownership.index"), 301)
