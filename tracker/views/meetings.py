"""Meetings of the group and their decisions; open decisions come back until closed."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.access import Rule, may_close_decision
from tracker.extensions import db
from tracker.forms import CloseDecisionForm, DecisionForm, MeetingForm, SendMessageForm
from tracker.guard import current_person, requires
from tracker.models import Decision, Improvement, Meeting, Person
from tracker.services import mail, meetings, periods
from tracker.views.common import create_from, done, one_by, people_choices, saving, update_from

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


def _get(meeting_id) -> Meeting:
    return one_by(
        Meeting,
        selectinload(Meeting.attendees).selectinload(Person.organisation),
        selectinload(Meeting.decisions).options(
            selectinload(Decision.responsible).selectinload(Person.organisation),
            selectinload(Decision.improvement),
        ),
        id=meeting_id,
    )


def _shape(meeting):
    return {
        "date": meeting.date,
        "kind": meeting.kind.value,
        "title": meeting.title,
        "place": meeting.place,
        "notes": meeting.notes,
        "attendees": [p.email for p in meeting.attendees],
    }


def _form(meeting=None):
    form = MeetingForm(data=_shape(meeting) if meeting else {"kind": "group_meeting"})
    form.attendees.choices = people_choices(db.session, keep=meeting.attendees if meeting else [])
    return form


# The fields of a meeting, as _shape gives them.
FIELDS = frozenset({"date", "kind", "title", "place", "notes", "attendees"})


def _decision_form():
    form = DecisionForm()
    form.responsible.choices = people_choices(db.session, blank=_("Choose…"))
    codes = db.session.execute(
        select(Improvement.code, Improvement.title)
        .where(Improvement.archived.is_(False))
        .order_by(Improvement.code)
    ).all()
    form.improvement.choices = [("", _("None"))] + [(c, f"{c} {t}") for c, t in codes]
    return form


@bp.get("")
@requires(Rule.GROUP)
def index():
    rows = db.session.scalars(select(Meeting).order_by(Meeting.date.desc())).all()
    return render_template("meetings/index.html", meetings=rows, today=periods.today_local())


@bp.route("/new", methods=["GET", "POST"])
@requires(Rule.ADMIN)
def create():
    form = _form()
    if meeting := create_from(form, meetings.create, FIELDS):
        return done(_("The meeting was added."), "meetings.show", meeting_id=meeting.id)
    return render_template("meetings/form.html", form=form, meeting=None)


@bp.route("/<id:meeting_id>/edit", methods=["GET", "POST"])
@requires(Rule.ADMIN)
def edit(meeting_id):
    meeting = _get(meeting_id)
    form = _form(meeting)
    if update_from(form, meetings.update, meeting, FIELDS, _shape(meeting)):
        return done(_("The meeting was saved."), "meetings.show", meeting_id=meeting.id)
    return render_template("meetings/form.html", form=form, meeting=meeting)


@bp.get("/<id:meeting_id>")
@requires(Rule.GROUP)
def show(meeting_id, decision_form=None, status=200, closing=None):
    """The meeting's page; ``closing`` is (decision id, its close form as sent) when closing
    that decision was refused: the form is shown open, as typed, with its messages."""
    meeting = _get(meeting_id)
    return render_template(
        "meetings/show.html",
        meeting=meeting,
        carried=meetings.open_decisions(db.session, before=meeting.date),
        decision_form=decision_form or _decision_form(),
        close_form=CloseDecisionForm(),
        closing=closing,
        may_close=lambda d: may_close_decision(current_person(), d),
    ), status


@bp.post("/<id:meeting_id>/decisions")
@requires(Rule.ADMIN)
def add_decision(meeting_id):
    meeting = _get(meeting_id)
    form = _decision_form()
    if form.validate_on_submit():
        data = {
            "text": form.text.data,
            "responsible": form.responsible.data,
            "due": form.due.data,
            "improvement": form.improvement.data or None,
        }
        with saving(form) as outcome:
            meetings.add_decision(db.session, meeting, data, current_person())
        if outcome.ok:
            flash(_("The decision was recorded."), "info")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return show(meeting_id, decision_form=form, status=422)


@bp.post("/decisions/<id:decision_id>/close")
@requires(Rule.GROUP)
def close_decision(decision_id):
    decision = db.get_or_404(Decision, decision_id)
    me = current_person()
    if not may_close_decision(me, decision):
        abort(403)
    form = CloseDecisionForm()
    if form.validate_on_submit():
        with saving(form) as outcome:
            meetings.close_decision(db.session, decision, form.note.data or "", me)
        if outcome.ok:
            flash(_("The decision is closed."), "info")
            return redirect(url_for("meetings.show", meeting_id=decision.meeting_id))
    # Refused (the note): the meeting's page again, the note as typed and why (422).
    return show(decision.meeting_id, status=422, closing=(decision.id, form))


def _message(meeting):
    """The message after ``meeting`` as (subject, plain text) as it would be written now."""
    content = meetings.message(
        db.session, meeting, periods.today_local(), current_app.config["REPORT_DEADLINE_DAY"]
    )
    body = render_template("meetings/message.txt", message=content)
    return body.splitlines()[0], body


@bp.get("/<id:meeting_id>/message")
@requires(Rule.GROUP)
def message(meeting_id, form=None, status=200):
    """The message after the meeting: once sent, the text as it was sent (the same words for
    everyone); before that, the draft. Not before the meeting has been held."""
    meeting = _get(meeting_id)
    held = meeting.date <= periods.today_local()
    draft = _message(meeting)[1] if held else ""
    return render_template(
        "meetings/message.html",
        meeting=meeting,
        held=held,
        draft=draft,
        body=meeting.message or draft,
        recipients=len(meetings.recipients(db.session)),
        mail_ready=mail.configured(current_app.config),
        form=form or SendMessageForm(formdata=None),
    ), status


@bp.post("/<id:meeting_id>/message/send")
@requires(Rule.ADMIN)
def send_message(meeting_id):
    meeting = _get(meeting_id)
    if meeting.date > periods.today_local():
        flash(_("The message can be sent once the meeting has been held."), "error")
        return redirect(url_for("meetings.message", meeting_id=meeting.id))
    if not mail.configured(current_app.config):
        flash(
            _("Email is not set up on this server (MAIL_SERVER); copy the text instead."), "error"
        )
        return redirect(url_for("meetings.message", meeting_id=meeting.id))
    form = SendMessageForm()
    if not form.validate_on_submit():
        return message(meeting_id, form=form, status=422)
    subject, body = _message(meeting)
    sent, failed = meetings.send_message(
        db.session, meeting, subject, body, current_app.config, current_person()
    )
    db.session.commit()
    if sent:
        flash(
            ngettext(
                "The message was sent to %(num)s person.",
                "The message was sent to %(num)s people.",
                len(sent),
            ),
            "info",
        )
    if failed:
        flash(
            _(
                "The message could not be sent to: %(names)s.",
                names=", ".join(p.name for p in failed),
            ),
            "error",
        )
    return redirect(url_for("meetings.message", meeting_id=meeting.id))
