"""Organisations (admin): the central office, departments and companies."""

from flask import Blueprint, render_template
from flask_babel import gettext as _
from sqlalchemy import func, select

from tracker.access import Rule
from tracker.extensions import db
from tracker.forms import OrganisationForm
from tracker.guard import current_person, requires
from tracker.models import Organisation, Person
from tracker.schemas import OrganisationSchema, values
from tracker.services import organisations
from tracker.views.common import changed_only, done, form_values, one_by, saving, toggle_archived

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


def _get(code) -> Organisation:
    return one_by(Organisation, code=code)


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
    if form.validate_on_submit():
        with saving(form) as outcome:
            org = organisations.create(db.session, _data(form), current_person())
        if outcome.ok:
            message = _("The organisation %(name)s was added.", name=org.name)
            return done(message, "organisations.index")
    return render_template("organisations/form.html", form=form, organisation=None)


@bp.route("/<code>/edit", methods=["GET", "POST"])
@requires(Rule.ADMIN)
def edit(code):
    org = _get(code)
    form = OrganisationForm(data=values(OrganisationSchema(), org))
    if form.validate_on_submit():
        with saving(form) as outcome:
            data = changed_only(_data(form), values(OrganisationSchema(), org))
            organisations.update(db.session, org, data, current_person())
        if outcome.ok:
            message = _("The organisation %(name)s was saved.", name=org.name)
            return done(message, "organisations.index")
    return render_template("organisations/form.html", form=form, organisation=org)


@bp.post("/<code>/archive")
@requires(Rule.ADMIN)
def archive(code):
    org = _get(code)
    return toggle_archived(organisations.update, org, org.name, "organisations.index")


FIELDS = frozenset(OrganisationSchema().fields)


def _data(form) -> dict:
    return form_values(form, FIELDS)
