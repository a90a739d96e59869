"""/api/v1/improvements: the improvements (åtgärder), by code."""

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.access import Rule
from tracker.api import common
from tracker.api.common import Blueprint
from tracker.api.schemas import (
    HistorySchema,
    ImprovementList,
    ImprovementPatchSchema,
    ImprovementSchema,
)
from tracker.extensions import db
from tracker.guard import requires
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
@bp.lists(ImprovementList)
def list_improvements(args):
    """List improvements."""
    return common.page(select(Improvement).order_by(Improvement.code), args, LOAD)


@bp.post("")
@requires(Rule.ADMIN)
@bp.writes(ImprovementSchema, status=201)
def create_improvement(data):
    """Create an improvement (admins). The responsible organisation defaults to the owner's."""
    found = common.create(improvements.create, data)
    return common.created(found, "api_improvements.get_improvement", code=found.code)


@bp.get("/<code>")
@requires(Rule.GROUP)
@bp.reads_versioned(ImprovementSchema)
def get_improvement(code):
    """One improvement."""
    return common.versioned(_get(code))


@bp.patch("/<code>")
@requires(Rule.GROUP)
@bp.patches(ImprovementPatchSchema, ImprovementSchema)
def update_improvement(data, code):
    """Change the given fields of an improvement (admins)."""
    return common.patched(improvements.update, _get(code), data)


@bp.get("/<code>/history")
@requires(Rule.GROUP)
@bp.reads(HistorySchema)
def improvement_history(code):
    """Every change to the improvement, newest first: who, when, which field, old and new."""
    return {"items": history.of(db.session, _get(code))}
