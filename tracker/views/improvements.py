"""Improvements: find them, the improvement page, and creating, editing and archiving them."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker.access import Rule, changeable_fields, may_edit_improvement
from tracker.converters import ID_MAX
from tracker.extensions import db
from tracker.forms import CloseImprovementForm, ImprovementForm, ImprovementOwnerForm
from tracker.guard import current_person, requires
from tracker.models import (
    Decision,
    Improvement,
    ImprovementState,
    Organisation,
    Person,
    StatusUpdate,
    StrategicArea,
    UpdateRevision,
)
from tracker.schemas import ImprovementSchema, values
from tracker.services import history, improvements, meetings, portfolio
from tracker.status import STATUSES
from tracker.views import common

bp = Blueprint("improvements", __name__, url_prefix="/improvements")


def _get(code) -> Improvement:
    return common.one_by(
        Improvement,
        selectinload(Improvement.area),
        selectinload(Improvement.owner).selectinload(Person.organisation),
        selectinload(Improvement.deputy).selectinload(Person.organisation),
        selectinload(Improvement.organisation),
        selectinload(Improvement.organisations),
        code=code,
    )


@bp.get("")
@requires(Rule.GROUP)
def index():
    """Find improvements; the filter lives in the URL so that a view can be shared."""
    args = request.args
    problems, filters = [], {}
    if code := args.get("area"):
        filters["area"] = db.session.scalar(select(StrategicArea).where(StrategicArea.code == code))
        if filters["area"] is None:
            problems.append(_("There is no strategic area with the code %(code)s.", code=code))
    if code := args.get("organisation"):
        filters["organisation"] = db.session.scalar(
            select(Organisation).where(Organisation.code == code)
        )
        if filters["organisation"] is None:
            problems.append(_("There is no organisation with the code %(code)s.", code=code))
    if email := args.get("owner"):
        filters["owner"] = db.session.scalar(
            select(Person).where(func.lower(Person.email) == email.strip().lower())
        )
        if filters["owner"] is None:
            problems.append(_("There is no person with the email %(email)s.", email=email))
    if value := args.get("state"):
        if value in {s.value for s in ImprovementState}:
            filters["state"] = ImprovementState(value)
        else:
            problems.append(_("“%(value)s” is not a state.", value=value))
    if value := args.get("status"):
        if value in STATUSES:
            filters["status"] = value
        else:
            problems.append(_("“%(value)s” is not a status.", value=value))
    # A filter that names nothing known is left out, and said so.
    filters = {k: v for k, v in filters.items() if v is not None}
    found, latest = portfolio.find(db.session, **filters)
    return render_template(
        "improvements/index.html",
        improvements=found,
        latest=latest,
        problems=problems,
        args=args,
        areas=common.area_choices(db.session),
        organisations=common.organisation_choices(db.session),
        owners=common.people_choices(db.session),
    ), common.status_for(problems)


@bp.get("/<code>")
@requires(Rule.GROUP)
def show(code):
    improvement = _get(code)
    updates = db.session.scalars(
        select(StatusUpdate)
        .where(StatusUpdate.improvement_id == improvement.id)
        .options(selectinload(StatusUpdate.author), selectinload(StatusUpdate.organisation))
        .order_by(StatusUpdate.period.desc())
    ).all()
    revisions = dict(
        db.session.execute(
            select(UpdateRevision.update_id, func.count())
            .where(UpdateRevision.update_id.in_([u.id for u in updates] or [-1]))
            .group_by(UpdateRevision.update_id)
        ).all()
    )
    return render_template(
        "improvements/show.html",
        improvement=improvement,
        updates=updates,
        revisions=revisions,
        close_form=CloseImprovementForm(),
        events=history.of(db.session, improvement),
        may_edit=may_edit_improvement(current_person(), improvement),
    )


# The fields of an improvement, the same list as the API's; a form sends those it has.
FIELDS = frozenset(ImprovementSchema().load_fields)


def _full_form(improvement=None, area_code=None, draft=None):
    data = values(ImprovementSchema(), improvement) if improvement else {"state": "planned"}
    if draft is not None:
        data.update(meetings.improvement_draft(draft))
    if area_code and not improvement:
        data["area"] = area_code
    data["deputy"] = data.get("deputy") or ""
    data["organisation"] = data.get("organisation") or ""
    form = ImprovementForm(data=data)
    form.area.choices = common.area_choices(
        db.session, keep=improvement.area if improvement else None, blank=_("Choose…")
    )
    keep = [improvement.owner, improvement.deputy] if improvement else []
    form.owner.choices = common.people_choices(db.session, keep=keep, blank=_("Choose…"))
    form.deputy.choices = common.people_choices(db.session, keep=keep, blank=_("No deputy"))
    form.organisation.choices = common.organisation_choices(
        db.session,
        keep=[improvement.organisation] if improvement else [],
        blank=_("The owner's organisation"),
    )
    form.organisations.choices = common.organisation_choices(
        db.session, keep=improvement.organisations if improvement else []
    )
    return form


@bp.route("/new", methods=["GET", "POST"])
@requires(Rule.ADMIN)
def create():
    """A new improvement; with ?decision=ID it starts from that decision and carries it out."""
    decision = None
    if "decision" in request.args:
        decision_id = request.args.get("decision", type=int) or 0
        if not 0 < decision_id <= ID_MAX:
            abort(404)
        decision = db.get_or_404(Decision, decision_id)
        if decision.improvement_id is not None or not decision.open:
            flash(_("That decision is closed or carried out by an improvement already."), "error")
            return redirect(url_for("meetings.show", meeting_id=decision.meeting_id))
    form = _full_form(area_code=request.args.get("area"), draft=decision)
    if form.validate_on_submit():
        with common.saving(form) as outcome:
            data = common.form_values(form, FIELDS)
            improvement = improvements.create(db.session, data, current_person())
            if decision is not None:
                meetings.attach(db.session, decision, improvement, current_person())
        if outcome.ok:
            message = _("The improvement %(title)s was added.", title=improvement.title)
            return common.done(message, "improvements.show", code=improvement.code)
    return render_template(
        "improvements/form.html", form=form, improvement=None, full=True, decision=decision
    )


@bp.route("/<code>/edit", methods=["GET", "POST"])
@requires(Rule.GROUP)
def edit(code):
    """Admins edit everything; the owner edits the description, the dates and the state."""
    improvement = _get(code)
    schema = ImprovementSchema()
    form, current, full = common.owned_form(
        improvement, may_edit_improvement, schema, _full_form, ImprovementOwnerForm
    )
    fields = changeable_fields(current_person(), improvement, FIELDS)
    if common.update_from(form, improvements.update, improvement, fields, current, schema):
        message = _("The improvement %(title)s was saved.", title=improvement.title)
        return common.done(message, "improvements.show", code=improvement.code)
    page = render_template("improvements/form.html", form=form, improvement=improvement, full=full)
    return page, common.form_status(form)


@bp.post("/<code>/close")
@requires(Rule.GROUP)
def close(code):
    """The owner closes the improvement as done, paused or cancelled, with a note."""
    improvement = _get(code)
    me = current_person()
    if not may_edit_improvement(me, improvement, {"state"}):
        abort(403)
    form = CloseImprovementForm()
    if form.validate_on_submit():
        with common.saving(form) as outcome:
            improvements.close(db.session, improvement, form.state.data, form.note.data, me)
        if outcome.ok:
            flash(_("%(title)s is closed.", title=improvement.title), "info")
            return redirect(url_for("improvements.show", code=improvement.code))
    return render_template("improvements/close.html", improvement=improvement, form=form), 422


@bp.get("/updates/<id:update_id>/revisions")
@requires(Rule.GROUP)
def revisions(update_id):
    """Every saved version of one monthly update."""
    update = db.get_or_404(StatusUpdate, update_id)
    rows = db.session.scalars(
        select(UpdateRevision)
        .where(UpdateRevision.update_id == update.id)
        .options(selectinload(UpdateRevision.author))
        .order_by(UpdateRevision.version.desc())
    ).all()
    return render_template(
        "improvements/revisions.html", update=update, improvement=update.improvement, revisions=rows
    )


@bp.post("/<code>/archive")
@requires(Rule.ADMIN)
def archive(code):
    improvement = _get(code)
    return common.toggle_archived(
        improvements.update,
        improvement,
        improvement.title,
        "improvements.show",
        code=improvement.code,
    )
