"""A meeting's agenda (dagordning): proposed from the exceptions; the chair adopts, reorders,
edits and prints it."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from tracker.access import Rule
from tracker.extensions import db
from tracker.forms import AgendaItemForm
from tracker.guard import current_person, requires
from tracker.models import AgendaItem, Decision, Meeting
from tracker.services import agenda, meetings, periods
from tracker.views.common import one_by, saving

bp = Blueprint("agenda", __name__, url_prefix="/meetings/<id:meeting_id>/agenda")


def _meeting(meeting_id) -> Meeting:
    return one_by(
        Meeting,
        selectinload(Meeting.agenda).options(
            selectinload(AgendaItem.improvement),
            selectinload(AgendaItem.decision).selectinload(Decision.responsible),
        ),
        id=meeting_id,
    )


def _item(meeting: Meeting, item_id) -> AgendaItem:
    item = next((i for i in agenda.shown(meeting) if i.id == item_id), None)
    if item is None:
        abort(404)
    return item


def _edit_form(item, **kwargs):
    """Each item's own edit form: prefixed so that the fields' ids differ on the page. The
    CSRF token is checked for every POST by CSRFProtect, under its usual name."""
    data = {"title": item.title, "note": item.note}
    return AgendaItemForm(prefix=f"item-{item.id}", data=data, meta={"csrf": False}, **kwargs)


def _proposal(meeting):
    return agenda.propose(
        db.session,
        meeting,
        periods.today_local(),
        current_app.config["REPORT_DEADLINE_DAY"],
        str(get_locale()),
    )


@bp.get("")
@requires(Rule.GROUP)
def show(meeting_id, form=None, editing=None, status=200):
    meeting = _meeting(meeting_id)
    items = agenda.shown(meeting)
    proposal = agenda.new_proposals(meeting, _proposal(meeting))
    edit_forms = {item.id: _edit_form(item, formdata=None) for item in items}
    if editing:
        edit_forms[editing[0]] = editing[1]
    return render_template(
        "agenda/show.html",
        meeting=meeting,
        items=items,
        removed=[item for item in meeting.agenda if item.dismissed],
        before=meetings.window(db.session, meeting, periods.today_local())[0],
        proposal=proposal,
        form=form or AgendaItemForm(formdata=None),
        edit_forms=edit_forms,
    ), status


@bp.post("/propose")
@requires(Rule.ADMIN)
def propose(meeting_id):
    meeting = _meeting(meeting_id)
    added = agenda.adopt(db.session, meeting, _proposal(meeting), current_person())
    db.session.commit()
    if added:
        flash(
            ngettext(
                "%(num)s item was added to the agenda.",
                "%(num)s items were added to the agenda.",
                added,
            ),
            "info",
        )
    else:
        flash(_("Everything proposed is on the agenda already."), "info")
    return redirect(url_for("agenda.show", meeting_id=meeting.id))


@bp.post("/items")
@requires(Rule.ADMIN)
def add(meeting_id):
    meeting = _meeting(meeting_id)
    form = AgendaItemForm()
    if form.validate_on_submit():
        with saving(form) as outcome:
            agenda.add_item(
                db.session,
                meeting,
                {"title": form.title.data, "note": form.note.data},
                current_person(),
            )
        if outcome.ok:
            flash(_("The item was added to the agenda."), "info")
            return redirect(url_for("agenda.show", meeting_id=meeting.id, _anchor="agenda-items"))
    return show(meeting_id, form=form, status=422)


@bp.post("/items/<id:item_id>")
@requires(Rule.ADMIN)
def edit(meeting_id, item_id):
    meeting = _meeting(meeting_id)
    item = _item(meeting, item_id)
    form = _edit_form(item)
    if form.validate_on_submit():
        with saving(form) as outcome:
            data = {"title": form.title.data, "note": form.note.data}
            agenda.update_item(db.session, item, data, current_person())
        if outcome.ok:
            flash(_("The agenda item was saved."), "info")
            return redirect(
                url_for("agenda.show", meeting_id=meeting.id, _anchor=f"item-{item.id}")
            )
    db.session.rollback()
    return show(meeting_id, editing=(item_id, form), status=422)


@bp.post("/items/<id:item_id>/move/<any(up, down):direction>")
@requires(Rule.ADMIN)
def move(meeting_id, item_id, direction):
    meeting = _meeting(meeting_id)
    item = _item(meeting, item_id)
    if agenda.move(db.session, item, -1 if direction == "up" else 1, current_person()):
        db.session.commit()
        flash(
            _("“%(title)s” was moved up.", title=item.title)
            if direction == "up"
            else _("“%(title)s” was moved down.", title=item.title),
            "info",
        )
    return redirect(url_for("agenda.show", meeting_id=meeting.id, _anchor=f"item-{item.id}"))


@bp.post("/items/<id:item_id>/remove")
@requires(Rule.ADMIN)
def remove(meeting_id, item_id):
    meeting = _meeting(meeting_id)
    agenda.remove(db.session, _item(meeting, item_id), current_person())
    db.session.commit()
    flash(_("The item was removed from the agenda."), "info")
    return redirect(url_for("agenda.show", meeting_id=meeting.id, _anchor="agenda-items"))


@bp.post("/items/<id:item_id>/restore")
@requires(Rule.ADMIN)
def restore(meeting_id, item_id):
    meeting = _meeting(meeting_id)
    item = next((i for i in meeting.agenda if i.id == item_id and i.dismissed), None)
    if item is None:
        abort(404)
    agenda.restore(db.session, item, current_person())
    db.session.commit()
    flash(_("The item is back on the agenda."), "info")
    return redirect(url_for("agenda.show", meeting_id=meeting.id, _anchor=f"item-{item.id}"))
