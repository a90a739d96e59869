"""Organisations (admin): the central office, departments and companies."""

from flask import Blueprint, render_template
from flask_babel import gettext as _
from sqlalchemy import func, select

from tracker.access import Rule
from tracker.extensions import db
from tracker.forms import OrganisationForm
from tracker.guard import requires
from tracker.models import Organisation, Person
from tracker.schemas import OrganisationSchema, values
from tracker.services import organisations
from tracker.views import common

bp = Blueprint("organisations", __name__, url_prefix="/organisations")

# The fields of an organisation, the same list as the API's.
FIELDS = frozenset(OrganisationSchema().load_fields)


def _get(code) -> Organisation:
    return common.one_by(Organisation, code=code)


@bp.get("")
@requires(Rule.GROUP)
def index():
    orgs = db.session.scalars(
        select(Organisation).order_by(Organisation.archived, Organisation.name)
    )
    counts = dict(
        db.session.execute(
            select(Person.organisation_id, func.count())
            .where(Person.active.is_(True))
            .group_by(Person.organisation_id)
        ).all()
    )
    return render_template("organisations/index.html", organisations=list(orgs), counts=counts)


@bp.route("/new", methods=["GET", "POST"])
@requires(Rule.ADMIN)
def create():
    form = OrganisationForm()
    if org := common.create_from(form, organisations.create, FIELDS):
        message = _("The organisation %(name)s was added.", name=org.name)
        return common.done(message, "organisations.index")
    return render_template("organisations/form.html", form=form, organisation=None)


@bp.route("/<code>/edit", methods=["GET", "POST"])
@requires(Rule.ADMIN)
def edit(code):
    org = _get(code)
    current = values(OrganisationSchema(), org)
    form = OrganisationForm(data=current)
    if common.update_from(form, organisations.update, org, FIELDS, current, OrganisationSchema()):
        message = _("The organisation %(name)s was saved.", name=org.name)
        return common.done(message, "organisations.index")
    page = render_template("organisations/form.html", form=form, organisation=org)
    return page, common.form_status(form)


@bp.post("/<code>/archive")
@requires(Rule.ADMIN)
def archive(code):
    org = _get(code)
    return common.toggle_archived(organisations.update, org, org.name, "organisations.index")
