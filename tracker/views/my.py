"""My commitments: what the signed-in person answers for."""

from flask import Blueprint, render_template
from flask_login import current_user

from tracker.access import Rule, requires
from tracker.extensions import db
from tracker.services import portfolio

bp = Blueprint("my", __name__)


@bp.get("/my")
@requires(Rule.GROUP)
def index():
    areas, improvements_by_area = portfolio.commitments(db.session, current_user)
    ids = [i.id for items in improvements_by_area.values() for i in items]
    latest = portfolio.latest_updates(db.session, ids) if ids else {}
    return render_template(
        "my/index.html", areas=areas, improvements_by_area=improvements_by_area, latest=latest
    )
