"""/api/v1/organisations: the central office, departments and companies, by code."""

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from tracker.access import Rule
from tracker.api import common
from tracker.api.common import READ_PROBLEMS, WRITE_PROBLEMS, Blueprint
from tracker.api.schemas import (
    OrganisationList,
    OrganisationPatchSchema,
    OrganisationSchema,
    PageArgs,
)
from tracker.extensions import db
from tracker.guard import current_person, requires
from tracker.models import Organisation
from tracker.services import organisations

bp = Blueprint("api_organisations", __name__, url_prefix="/api/v1/organisations")


def _get(code: str) -> Organisation:
    org = db.session.scalar(select(Organisation).where(Organisation.code == code))
    return org or common.not_found(_("There is no organisation %(key)s.", key=code))


@bp.get("")
@requires(Rule.GROUP)
@bp.arguments(PageArgs, location="query")
@bp.response(200, OrganisationList)
@bp.problems(*READ_PROBLEMS, 422)
def list_organisations(args):
    """List organisations."""
    rows, total = common.page(db.session, select(Organisation).order_by(Organisation.code), args)
    return {"items": rows, "total": total}


@bp.post("")
@requires(Rule.ADMIN)
@bp.arguments(OrganisationSchema)
@bp.response(201, OrganisationSchema)
@bp.problems(*WRITE_PROBLEMS)
def create_organisation(data):
    """Create an organisation (admins)."""
    org = common.run(lambda: organisations.create(db.session, data, current_person()))
    common.commit()
    url = url_for("api_organisations.get_organisation", code=org.code)
    return org, 201, common.location(url)


@bp.get("/<code>")
@requires(Rule.GROUP)
@bp.response(200, OrganisationSchema)
@bp.problems(*READ_PROBLEMS)
def get_organisation(code):
    """One organisation."""
    return _get(code)


@bp.patch("/<code>")
@requires(Rule.ADMIN)
@bp.arguments(OrganisationPatchSchema)
@bp.response(200, OrganisationSchema)
@bp.problems(*WRITE_PROBLEMS)
def update_organisation(data, code):
    """Change the given fields of an organisation (admins)."""
    org = _get(code)
    common.run(lambda: organisations.update(db.session, org, data, current_person()))
    common.commit()
    return org
