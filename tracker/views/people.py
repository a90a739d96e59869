"""People (admin manages; the group sees): who they are, what they carry, their history."""

import functools
import json

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker import oidc, sessions
from tracker.access import Rule
from tracker.extensions import db
from tracker.forms import PersonForm, PseudonymiseForm
from tracker.guard import current_person, requires
from tracker.models import Person
from tracker.schemas import PersonSchema, values
from tracker.services import (
    ValidationError,
    history,
    people,
    personal_data,
    portfolio,
    sign_in_links,
)
from tracker.views import common

bp = Blueprint("people", __name__, url_prefix="/people")


def _form(person=None):
    data = values(PersonSchema(), person) if person else {"role": "member"}
    data["organisation"] = data.get("organisation") or ""
    data["locale"] = data.get("locale") or ""
    form = PersonForm(data=data)
    form.organisation.choices = common.organisation_choices(
        db.session, keep=[person.organisation] if person else [], blank=_("No organisation")
    )
    return form


# The fields of a person, the same list as the API's.
FIELDS = frozenset(PersonSchema().load_fields)


@bp.get("")
@requires(Rule.GROUP)
def index():
    everyone = db.session.scalars(
        select(Person).options(selectinload(Person.organisation)).order_by(Person.name)
    ).all()
    ways = {}
    if current_person().is_admin:
        ways = people.sign_ins(db.session, everyone, sessions.clock())
    return render_template("people/index.html", people=everyone, sign_ins=ways)


@bp.get("/<id:person_id>")
@requires(Rule.GROUP)
def show(person_id):
    person = db.get_or_404(Person, person_id)
    return _show(person, PseudonymiseForm())


def _show(person, pseudonymise_form, invitation_link=None):
    areas, improvements_by_area = portfolio.held_by(db.session, person)
    ids = [i.id for items in improvements_by_area.values() for i in items]
    return render_template(
        "people/show.html",
        person=person,
        areas=areas,
        improvements_by_area=improvements_by_area,
        latest=portfolio.latest_updates(db.session, ids) if ids else {},
        events=history.of(db.session, person),
        pseudonymise_form=pseudonymise_form,
        invitation=sign_in_links.latest(db.session, person, sign_in_links.INVITATION),
        may_invite=sign_in_links.cannot_invite(
            person,
            passwords=current_app.config["PASSWORD_LOGIN"],
            single_sign_on=oidc.configured(current_app),
        )
        is None,
        invitation_link=invitation_link,
        now=sessions.clock(),
    )


def _invite(person, added=False):
    """Invite ``person`` (services.sign_in_links.invite) and commit: by email, or else the
    link on this answer only, for the admin to pass on by hand (never stored, never kept by the
    browser); ``added``: the person was just created, which the page says first."""
    now, config, by = sessions.clock(), current_app.config, current_person()
    sent = sign_in_links.invite(
        db.session,
        person,
        now,
        config,
        by=by,
        render=render_template,
        single_sign_on=oidc.configured(current_app),
    )
    db.session.commit()
    when = format_datetime(sent.expires_at, "short")
    if sent.emailed:
        message = _(
            "An invitation was sent to %(email)s. The link works until %(when)s.",
            email=person.email,
            when=when,
        )
        return common.done(message, "people.show", person_id=person.id)
    current_app.logger.warning("invitation not emailed: person=%s; shown to the admin", person.id)
    if added:
        flash(_("%(name)s was added.", name=person.name), "info")
    page = _show(person, PseudonymiseForm(), invitation_link=sent)
    return page, 200, {"Cache-Control": "no-store"}


@bp.post("/<id:person_id>/invite")
@requires(Rule.ADMIN)
def invite(person_id):
    """Send an invitation (again): a new link, the earlier ones void."""
    person = db.get_or_404(Person, person_id)
    try:
        return _invite(person)
    except ValidationError as error:
        db.session.rollback()
        return common.not_changed(error)


@bp.get("/<id:person_id>/personal-data.json")
@requires(Rule.ADMIN)
def personal_data_export(person_id):
    """Everything about the person, as a JSON file to download (the right of access)."""
    person = db.get_or_404(Person, person_id)
    document = personal_data.export(db.session, person)
    response = current_app.response_class(
        json.dumps(document, ensure_ascii=False, indent=2), mimetype="application/json"
    )
    response.headers["Content-Disposition"] = (
        f'attachment; filename="personuppgifter-{person.id}.json"'
    )
    return response


@bp.post("/<id:person_id>/pseudonymise")
@requires(Rule.ADMIN)
def pseudonymise(person_id):
    """Pseudonymise a deactivated person under a disposal decision (services/personal_data)."""
    person = db.get_or_404(Person, person_id)
    form = PseudonymiseForm()
    if form.validate_on_submit():
        with common.saving(form) as outcome:
            personal_data.pseudonymise(
                db.session, person, form.reference.data, form.decided_on.data, current_person()
            )
        if outcome.ok:
            message = _("The person is pseudonymised and is now called %(name)s.", name=person.name)
            return common.done(message, "people.show", person_id=person.id)
    return _show(person, form), common.form_status(form)


@bp.route("/new", methods=["GET", "POST"])
@requires(Rule.ADMIN)
def create():
    form = _form()
    if person := common.create_from(form, people.create, FIELDS):
        if current_app.config["PASSWORD_LOGIN"] and form.invite.data:
            return _invite(person, added=True)
        return common.done(_added(person), "people.show", person_id=person.id)
    return render_template("people/form.html", form=form, person=None)


def _added(person):
    """What the admin is told when a person is added without an invitation: how they will
    get in, by what this installation offers."""
    sso, passwords = oidc.configured(current_app), current_app.config["PASSWORD_LOGIN"]
    if sso and not passwords:
        return _("%(name)s was added and signs in with single sign-on.", name=person.name)
    if sso:
        return _(
            "%(name)s was added and can sign in with single sign-on, or choose a password "
            "through an invitation sent from this page.",
            name=person.name,
        )
    if passwords:
        return _(
            "%(name)s was added. They can sign in once they have chosen a password through "
            "an invitation sent from this page.",
            name=person.name,
        )
    return _(
        "%(name)s was added. Passwords are turned off and single sign-on is not set up: "
        "give them a sign-in link with the command line (flask users login-link).",
        name=person.name,
    )


@bp.route("/<id:person_id>/edit", methods=["GET", "POST"])
@requires(Rule.ADMIN)
def edit(person_id):
    person = db.get_or_404(Person, person_id)
    form = _form(person)
    schema = PersonSchema()
    update = functools.partial(people.update, now=sessions.clock())
    if common.update_from(form, update, person, FIELDS, values(schema, person), schema):
        return common.done(
            _("%(name)s was saved.", name=person.name), "people.show", person_id=person.id
        )
    return render_template("people/form.html", form=form, person=person), common.form_status(form)


@bp.post("/<id:person_id>/active")
@requires(Rule.ADMIN)
def toggle_active(person_id):
    person = db.get_or_404(Person, person_id)
    if person.id == current_person().id:
        flash(_("You cannot deactivate yourself."), "error")
        return redirect(url_for("people.show", person_id=person.id))
    update = functools.partial(people.update, now=sessions.clock())
    if (
        refused := common.pressed(update, person, {"active": not person.active}, person.name)
    ) is not None:
        return refused
    if person.active:
        flash(_("%(name)s is active again and can sign in.", name=person.name), "info")
    else:
        flash(
            _(
                "%(name)s is deactivated: their history is kept and they can no longer sign in.",
                name=person.name,
            ),
            "info",
        )
    return redirect(url_for("people.show", person_id=person.id))
