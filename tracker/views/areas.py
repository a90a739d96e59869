"""Strategic areas: the area page, and creating, editing and archiving areas."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from tracker.access import Rule, changeable_fields, may_edit_area
from tracker.extensions import db
from tracker.forms import AreaForm, AreaTextForm
from tracker.guard import current_person, requires
from tracker.models import Improvement, Person, StrategicArea
from tracker.schemas import AreaSchema, values
from tracker.services import areas, history, my, periods, portfolio
from tracker.views import common

bp = Blueprint("areas", __name__, url_prefix="/areas")


def _get(code) -> StrategicArea:
    return common.one_by(
        StrategicArea,
        selectinload(StrategicArea.lead).selectinload(Person.organisation),
        selectinload(StrategicArea.co_owners).selectinload(Person.organisation),
        selectinload(StrategicArea.organisations),
        selectinload(StrategicArea.improvements).options(
            selectinload(Improvement.owner).selectinload(Person.organisation),
        ),
        code=code,
    )


@bp.get("/<code>")
@requires(Rule.GROUP)
def show(code):
    area = _get(code)
    ids = [i.id for i in area.improvements]
    latest = portfolio.latest_updates(db.session, ids) if ids else {}
    period = periods.last_month(periods.today_local())
    assessments = my.area_assessments(db.session, [area.id], period).get(area.id, [])
    rollup = {}
    for improvement in area.improvements:
        update = latest.get(improvement.id)
        if not improvement.archived and update is not None and update.period == period:
            rollup[update.status] = rollup.get(update.status, 0) + 1
    return render_template(
        "areas/show.html",
        area=area,
        latest=latest,
        period=period,
        assessments=assessments,
        split=my.split(assessments),
        rollup=rollup,
        events=history.of(db.session, area),
        may_edit=may_edit_area(current_person(), area),
    )


# The fields of an area, the same list as the API's; a form sends those it has.
FIELDS = frozenset(AreaSchema().load_fields)


def _full_form(area=None):
    form = AreaForm(data=values(AreaSchema(), area) if area else {})
    form.lead.choices = common.people_choices(
        db.session, keep=[area.lead] if area else [], blank=_("Choose…")
    )
    form.co_owners.choices = common.people_choices(db.session, keep=area.co_owners if area else [])
    form.organisations.choices = common.organisation_choices(
        db.session, keep=area.organisations if area else []
    )
    return form


@bp.route("/new", methods=["GET", "POST"])
@requires(Rule.ADMIN)
def create():
    form = _full_form()
    if area := common.create_from(form, areas.create, FIELDS):
        message = _("The strategic area %(title)s was added.", title=area.title)
        return common.done(message, "areas.show", code=area.code)
    return render_template("areas/form.html", form=form, area=None, full=True)


@bp.route("/<code>/edit", methods=["GET", "POST"])
@requires(Rule.GROUP)
def edit(code):
    """Admins edit everything; the lead owner edits the description and the goal."""
    area = _get(code)
    form, current, full = common.owned_form(
        area, may_edit_area, AreaSchema(), _full_form, AreaTextForm
    )
    fields = changeable_fields(current_person(), area, FIELDS)
    if common.update_from(form, areas.update, area, fields, current, AreaSchema()):
        message = _("The strategic area %(title)s was saved.", title=area.title)
        return common.done(message, "areas.show", code=area.code)
    page = render_template("areas/form.html", form=form, area=area, full=full)
    return page, common.form_status(form)


@bp.post("/<code>/archive")
@requires(Rule.ADMIN)
def archive(code):
    area = _get(code)
    return common.toggle_archived(areas.update, area, area.title, "areas.show", code=area.code)


@bp.post("/<code>/move/<any(up, down):direction>")
@requires(Rule.ADMIN)
def move(code, direction):
    """Move an area one place in the group's order; back on the portfolio, the button that
    was pressed (or, at the end now, the other one) has the focus."""
    area = common.one_by(StrategicArea, code=code)
    if areas.move(db.session, area, -1 if direction == "up" else 1, current_person()):
        db.session.commit()
        flash(
            _("%(title)s was moved up.", title=area.title)
            if direction == "up"
            else _("%(title)s was moved down.", title=area.title),
            "info",
        )
    shown = portfolio.area_codes(db.session)
    if area.code not in shown or len(shown) == 1:
        return redirect(url_for("portfolio.index", _anchor=f"area-{area.code}"))
    if area.code == shown[0 if direction == "up" else -1]:
        direction = "down" if direction == "up" else "up"
    return redirect(url_for("portfolio.index", _anchor=f"move-{direction}-{area.code}"))
