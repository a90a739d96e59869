"""Team roles (teamroller): each member's strongest Belbin roles, the group's balance and the
roles each area's owners bring. For the group only: politicians get 403."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from tracker import charts
from tracker.access import Rule, may_have_team_roles
from tracker.extensions import db
from tracker.forms import TeamRolesForm
from tracker.guard import current_person, requires
from tracker.i18n import TEAM_ROLE_LABELS
from tracker.models import Person, TeamRole
from tracker.services import team_roles
from tracker.views.common import one_by, saving

bp = Blueprint("team_roles", __name__, url_prefix="/team-roles")


@bp.get("")
@requires(Rule.GROUP)
def index():
    people = team_roles.members(db.session)
    labels = {role.value: str(label) for role, label in TEAM_ROLE_LABELS.items()}
    table = charts.team_role_table(team_roles.balance(people), labels)
    names = {"strongest": _("Strongest role"), "among": _("Among the three strongest")}
    return render_template(
        "team_roles/index.html",
        people=people,
        recorded=sum(1 for p in people if p.team_roles),
        balance=table.to_dict("records"),
        names=names,
        figure=charts.to_json(charts.team_role_bars(table, names)),
        coverage=team_roles.area_coverage(db.session),
    )


@bp.route("/<id:person_id>", methods=["GET", "POST"])
@requires(Rule.ADMIN)
def edit(person_id):
    person = one_by(Person, selectinload(Person.team_roles), id=person_id)
    if not may_have_team_roles(person):
        abort(404)
    ranked = [r.role.value for r in person.team_roles] + ["", "", ""]
    form = TeamRolesForm(data=dict(zip(("first", "second", "third"), ranked, strict=False)))
    choices = [("", _("None"))] + [(r.value, str(TEAM_ROLE_LABELS[r])) for r in TeamRole]
    for select_field in (form.first, form.second, form.third):
        select_field.choices = choices
    if form.validate_on_submit():
        chosen = [form.first.data, form.second.data, form.third.data]
        with saving(form) as outcome:
            team_roles.set_roles(db.session, person, chosen, current_person())
        if outcome.ok:
            flash(_("The team roles of %(name)s were saved.", name=person.name), "info")
            return redirect(url_for("team_roles.index", _anchor=f"person-{person.id}"))
        # The service speaks of the roles as a whole; show it at the second choice.
        form.second.errors = [*form.second.errors, *form.form_errors]
        form.form_errors = []
    status = 422 if form.errors else 200
    return render_template("team_roles/form.html", form=form, person=person), status
