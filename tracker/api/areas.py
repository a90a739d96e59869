"""/api/v1/areas: the strategic areas, by code."""

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.access import Rule
from tracker.api import common
from tracker.api.common import Blueprint
from tracker.api.schemas import AreaList, AreaPatchSchema, AreaSchema, HistorySchema
from tracker.extensions import db
from tracker.guard import requires
from tracker.models import StrategicArea
from tracker.services import areas, history

bp = Blueprint("api_areas", __name__, url_prefix="/api/v1/areas")

LOAD = (
    selectinload(StrategicArea.lead),
    selectinload(StrategicArea.co_owners),
    selectinload(StrategicArea.organisations),
)


def _get(code: str) -> StrategicArea:
    area = db.session.scalar(select(StrategicArea).where(StrategicArea.code == code).options(*LOAD))
    return area or common.not_found(_("There is no strategic area %(key)s.", key=code))


@bp.get("")
@requires(Rule.GROUP)
@bp.lists(AreaList)
def list_areas(args):
    """List strategic areas, archived ones included, in the group's order."""
    query = select(StrategicArea).order_by(StrategicArea.order, StrategicArea.code)
    return common.page(query, args, LOAD)


@bp.post("")
@requires(Rule.ADMIN)
@bp.writes(AreaSchema, status=201)
def create_area(data):
    """Create a strategic area (admins)."""
    area = common.create(areas.create, data)
    return common.created(area, "api_areas.get_area", code=area.code)


@bp.get("/<code>")
@requires(Rule.GROUP)
@bp.reads_versioned(AreaSchema)
def get_area(code):
    """One strategic area."""
    return common.versioned(_get(code))


@bp.patch("/<code>")
@requires(Rule.GROUP)
@bp.patches(AreaPatchSchema, AreaSchema)
def update_area(data, code):
    """Change the given fields of a strategic area (admins)."""
    return common.patched(areas.update, _get(code), data)


@bp.get("/<code>/history")
@requires(Rule.GROUP)
@bp.reads(HistorySchema)
def area_history(code):
    """Every change to the strategic area, newest first: who, when, which field, old and new."""
    return {"items": history.of(db.session, _get(code))}
