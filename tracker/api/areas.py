"""/api/v1/areas: the strategic areas, by code."""

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.access import Rule
from tracker.api import common
from tracker.api.common import READ_PROBLEMS, WRITE_PROBLEMS, Blueprint
from tracker.api.schemas import AreaList, AreaPatchSchema, AreaSchema, HistorySchema, PageArgs
from tracker.extensions import db
from tracker.guard import current_person, requires
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
@bp.arguments(PageArgs, location="query")
@bp.response(200, AreaList)
@bp.problems(*READ_PROBLEMS, 422)
def list_areas(args):
    """List strategic areas, archived ones included, in the group's order."""
    query = select(StrategicArea).order_by(StrategicArea.order, StrategicArea.code)
    rows, total = common.page(db.session, query, args, options=LOAD)
    return {"items": rows, "total": total}


@bp.post("")
@requires(Rule.ADMIN)
@bp.arguments(AreaSchema)
@bp.response(201, AreaSchema)
@bp.problems(*WRITE_PROBLEMS)
def create_area(data):
    """Create a strategic area (admins)."""
    area = common.run(lambda: areas.create(db.session, data, current_person()))
    common.commit()
    return area, 201, common.location(url_for("api_areas.get_area", code=area.code))


@bp.get("/<code>")
@requires(Rule.GROUP)
@bp.response(200, AreaSchema)
@bp.problems(*READ_PROBLEMS)
def get_area(code):
    """One strategic area."""
    return _get(code)


@bp.patch("/<code>")
@requires(Rule.GROUP)
@bp.arguments(AreaPatchSchema)
@bp.response(200, AreaSchema)
@bp.problems(*WRITE_PROBLEMS)
def update_area(data, code):
    """Change the given fields of a strategic area (admins)."""
    area = _get(code)
    common.run(lambda: areas.update(db.session, area, data, current_person()))
    common.commit()
    return area


@bp.get("/<code>/history")
@requires(Rule.GROUP)
@bp.response(200, HistorySchema)
@bp.problems(*READ_PROBLEMS)
def area_history(code):
    """Every change to the strategic area, newest first: who, when, which field, old and new."""
    return {"items": history.of(db.session, _get(code))}
