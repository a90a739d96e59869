"""/api/v1/organisations: the central office, departments and companies, by code."""

from flask_babel import gettext as _
from sqlalchemy import select

from tracker.access import Rule
from tracker.api import common
from tracker.api.common import Blueprint
from tracker.api.schemas import (
    OrganisationList,
    OrganisationPatchSchema,
    OrganisationSchema,
)
from tracker.extensions import db
from tracker.guard import requires
from tracker.models import Organisation
from tracker.services import organisations

bp = Blueprint("api_organisations", __name__, url_prefix="/api/v1/organisations")


def _get(code: str) -> Organisation:
    org = db.session.scalar(select(Organisation).where(Organisation.code == code))
    return org or common.not_found(_("There is no organisation %(key)s.", key=code))


@bp.get("")
@requires(Rule.GROUP)
@bp.lists(OrganisationList)
def list_organisations(args):
    """List organisations."""
    return common.page(select(Organisation).order_by(Organisation.code), args)


@bp.post("")
@requires(Rule.ADMIN)
@bp.writes(OrganisationSchema, status=201)
def create_organisation(data):
    """Create an organisation (admins)."""
    org = common.create(organisations.create, data)
    return common.created(org, "api_organisations.get_organisation", code=org.code)


@bp.get("/<code>")
@requires(Rule.GROUP)
@bp.reads_versioned(OrganisationSchema)
def get_organisation(code):
    """One organisation."""
    return common.versioned(_get(code))


@bp.patch("/<code>")
@requires(Rule.ADMIN)
@bp.patches(OrganisationPatchSchema, OrganisationSchema)
def update_organisation(data, code):
    """Change the given fields of an organisation (admins)."""
    return common.patched(organisations.update, _get(code), data)
