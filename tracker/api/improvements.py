"""/api/v1/improvements: the improvements (åtgärder), by code."""

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.access import Rule
from tracker.api import common
from tracker.api.common import READ_PROBLEMS, WRITE_PROBLEMS, Blueprint
from tracker.api.schemas import (
    HistorySchema,
    ImprovementList,
    ImprovementPatchSchema,
    ImprovementSchema,
    PageArgs,
)
from tracker.extensions import db
from tracker.guard import current_person, requires
from tracker.models import Improvement
from tracker.services import history, improvements

bp = Blueprint("api_improvements", __name__, url_prefix="/api/v1/improvements")

LOAD = (
    selectinload(Improvement.area),
    selectinload(Improvement.owner),
    selectinload(Improvement.deputy),
    selectinload(Improvement.organisation),
    selectinload(Improvement.organisations),
)


def _get(code: str) -> Improvement:
    found = db.session.scalar(select(Improvement).where(Improvement.code == code).options(*LOAD))
    return found or common.not_found(_("There is no improvement %(key)s.", key=code))


@bp.get("")
@requires(Rule.GROUP)
@bp.arguments(PageArgs, location="query")
@bp.response(200, ImprovementList)
@bp.problems(*READ_PROBLEMS, 422)
def list_improvements(args):
    """List improvements."""
    rows, total = common.page(
        db.session, select(Improvement).order_by(Improvement.code), args, LOAD
    )
    return {"items": rows, "total": total}


@bp.post("")
@requires(Rule.ADMIN)
@bp.arguments(ImprovementSchema)
@bp.response(201, ImprovementSchema)
@bp.problems(*WRITE_PROBLEMS)
def create_improvement(data):
    """Create an improvement (admins). The responsible organisation defaults to the owner's."""
    found = common.run(lambda: improvements.create(db.session, data, current_person()))
    common.commit()
    url = url_for("api_improvements.get_improvement", code=found.code)
    return found, 201, common.location(url)


@bp.get("/<code>")
@requires(Rule.GROUP)
@bp.response(200, ImprovementSchema)
@bp.problems(*READ_PROBLEMS)
def get_improvement(code):
    """One improvement."""
    return _get(code)


@bp.patch("/<code>")
@requires(Rule.GROUP)
@bp.arguments(ImprovementPatchSchema)
@bp.response(200, ImprovementSchema)
@bp.problems(*WRITE_PROBLEMS)
def update_improvement(data, code):
    """Change the given fields of an improvement (admins)."""
    found = _get(code)
    common.run(lambda: improvements.update(db.session, found, data, current_person()))
    common.commit()
    return found


@bp.get("/<code>/history")
@requires(Rule.GROUP)
@bp.response(200, HistorySchema)
@bp.problems(*READ_PROBLEMS)
def improvement_history(code):
    """Every change to the improvement, newest first: who, when, which field, old and new."""
    return {"items": history.of(db.session, _get(code))}
