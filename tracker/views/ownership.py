"""The ownership map (ägarkarta): areas against organisations, people against areas, and flags
with a way to act on each."""

from flask import Blueprint, render_template

from tracker.access import Rule
from tracker.extensions import db
from tracker.guard import requires
from tracker.services import ownership, periods

bp = Blueprint("ownership", __name__)


@bp.get("/map")
@requires(Rule.GROUP)
def index():
    return render_template(
        "ownership/index.html", map=ownership.build(db.session, periods.today_local())
    )
