"""My commitments (/my): everything the signed-in person reports on this month, and last
month's until its deadline; one page and one submit for all of it.

Every row starts at "Not now" with empty fields (a report already made shows as made). Nothing
is carried over by itself: "Unchanged since last month" copies the row's latest earlier report
into the page, and only saving files it."""

import re
from dataclasses import dataclass, field

from flask import (
    Blueprint,
    current_app,
    flash,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from tracker import sessions
from tracker.access import Rule
from tracker.extensions import db
from tracker.forms import SKIP, AssessmentRowForm, UpdateRowForm
from tracker.guard import current_person, requires
from tracker.models import AUDIENCE_FIELDS, UPDATE_FIELDS, OrganisationKind
from tracker.services import ValidationError, deadlines, faults, my, periods, updates
from tracker.views.faults import keep, not_saved

bp = Blueprint("my", __name__)

# A row's fields are named "<row key>-<field>"; a row key is i<improvement id>-<period> or
# a<area id>-<period> (my.Row.key).
ROW_FIELD = re.compile(r"^([ia]\d+-\d{4}-\d{2})-\w+$")
# A report's values as they are (the status and the audiences are enums, read as their value).
PLAIN_FIELDS = tuple(
    f for f in UPDATE_FIELDS if f != "status" and f not in AUDIENCE_FIELDS.values()
)


@dataclass
class Draft:
    """The page as it was sent back: each row's form as typed, and what to say about it. The
    messages themselves are written in the template."""

    forms: dict = field(default_factory=dict)  # row key -> form
    conflicts: dict = field(default_factory=dict)  # row key -> the report saved meanwhile
    copied: dict = field(default_factory=dict)  # row key -> the period copied from
    notices: dict = field(default_factory=dict)  # row key -> why "unchanged" was refused
    problems: list = field(default_factory=list)  # page-level: "not_yours"


def _report_data(report, assessment: bool) -> dict:
    """A report's values as a row form's data."""
    if assessment:
        return {"status": report.status.value, "comment": report.comment}
    data = {f: getattr(report, f) for f in PLAIN_FIELDS}
    data.update({f: getattr(report, f).value for f in AUDIENCE_FIELDS.values()})
    data["status"] = report.status.value
    return data


def _row_form(row, formdata=None, source=None):
    """The row's form: the report already made, with its version, else empty at "Not now".
    ``source`` fills it from another report instead (an earlier one, when nothing changed)."""
    source = source or row.update
    cls = AssessmentRowForm if row.improvement is None else UpdateRowForm
    data = _report_data(source, row.improvement is None) if source is not None else {}
    data["version"] = str(row.update.version) if row.update else "0"
    form = cls(formdata=formdata, prefix=row.key, data=data)
    if row.improvement is not None and row.organisation.kind != OrganisationKind.COMPANY:
        # Only a company's text can be commercially confidential: the organisation the report
        # is for, which for a closed month is the one responsible at its deadline.
        for name in AUDIENCE_FIELDS.values():
            form[name].choices = [c for c in form[name].choices if c.value != "confidential"]
    return form


def _sent_keys(formdata) -> set:
    """The row keys the submitted page had fields for."""
    return {m.group(1) for name in formdata if (m := ROW_FIELD.match(name))}


def _typed_forms(commitments, formdata) -> dict:
    """Every row's form as it was typed; a row the page did not send starts afresh."""
    sent = _sent_keys(formdata)
    return {
        row.key: _row_form(row, formdata=formdata) if row.key in sent else _row_form(row)
        for row in commitments.all()
    }


def _visible(rows, period, today, day, session):
    """Last month after its deadline: only what is missing or came in late, unless the period
    was reopened (a report made in time is closed then)."""
    if deadlines.revisable(session, period, today, day):
        return rows
    return [r for r in rows if not r.reported or r.update.late]


def _state(row, today, day):
    if row.reported:
        return "late" if row.update.late else "reported"
    return "late" if today > periods.deadline(row.period, day) else "not_reported"


def _commitments(me, today, day):
    return my.commitments(db.session, me, deadlines.open_periods(today, db.session), day)


def _page(me, today, day, draft=None, status=200, saved=None, kept=False):
    commitments = _commitments(me, today, day)
    draft = draft or Draft()
    sections = []
    for period in commitments.periods:
        rows = _visible(commitments.rows[period], period, today, day, db.session)
        entries = []
        for row in rows:
            copied = draft.copied.get(row.key)
            if copied is None and draft.forms:
                # Still copied after a refused save, if it says so and still holds.
                sent = request.form.get(f"{row.key}-copied")
                copied = sent if row.previous and sent == row.previous.period else None
            entries.append(
                {
                    "row": row,
                    "form": draft.forms.get(row.key) or _row_form(row),
                    "state": _state(row, today, day),
                    "conflict": draft.conflicts.get(row.key),
                    "copied": copied,
                    "notice": draft.notices.get(row.key),
                }
            )
        sections.append(
            {"period": period, "deadline": periods.deadline(period, day), "entries": entries}
        )
    by_key = {row.key: row for row in commitments.all()}
    return render_template(
        "my/index.html",
        sections=sections,
        today=today,
        problems=draft.problems,
        # A page sent back holds what the person typed and has not saved.
        unsaved=bool(draft.forms),
        refused=status in (409, 422),
        saved=saved,
        kept=kept,
        by_key=by_key,
    ), status


@bp.get("/my")
@requires(Rule.GROUP)
def index():
    today, day = periods.today_local(), current_app.config["REPORT_DEADLINE_DAY"]
    saved = next(iter(get_flashed_messages(category_filter=["saved"])), None)
    me = current_person()
    if (kept := sessions.kept(me)) is not None:
        # Posted after the session had ended: back after sign-in with what was typed.
        draft = Draft(forms=_typed_forms(_commitments(me, today, day), kept))
        return _page(me, today, day, draft, kept=True)
    return _page(me, today, day, saved=saved)


@bp.post("/my")
@requires(Rule.GROUP)
def submit():
    me = current_person()
    today, day = periods.today_local(), current_app.config["REPORT_DEADLINE_DAY"]
    if "unchanged" in request.form:
        return _unchanged(me, today, day, request.form["unchanged"])
    for attempt in (1, 2):
        try:
            return _submit(me, today, day)
        except IntegrityError:
            # Two submits raced to create the same report: look again, once.
            db.session.rollback()
            if attempt == 2:
                raise
        except SQLAlchemyError as error:
            if not faults.unavailable(error):
                raise
            # Nothing saved (rolled back): the page again as typed, with 503.
            not_saved(error)
            draft = Draft(forms=_typed_forms(_commitments(me, today, day), request.form))
            return _page(me, today, day, draft, status=503)
    return None  # not reached


def _unchanged(me, today, day, key):
    """Copy the row's latest earlier report into the page, keeping everything else as typed.
    Nothing is saved: the person still saves."""
    commitments = _commitments(me, today, day)
    draft = Draft(forms=_typed_forms(commitments, request.form))
    row = next((r for r in commitments.all() if r.key == key), None)
    if row is None:
        draft.problems.append("not_yours")
        return _page(me, today, day, draft, status=422)
    if row.previous is None:
        draft.notices[key] = "no_earlier_report"
        return _page(me, today, day, draft, status=422)
    form = _row_form(row, source=row.previous)
    # The version the person read stays, so that a report saved meanwhile is still noticed.
    form.version.data = request.form.get(f"{key}-version", form.version.data)
    draft.forms[key] = form
    draft.copied[key] = row.previous.period
    return _page(me, today, day, draft)


def _submit(me, today, day):
    commitments = _commitments(me, today, day)
    draft = Draft(forms=_typed_forms(commitments, request.form))
    # Named on the 503 page should even reading fail (views.faults).
    keep(*draft.forms.values())
    sent = _sent_keys(request.form)
    saved, failed = [], False
    if sent - {row.key for row in commitments.all()}:
        # A row that is not this person's, or of a period not open: refuse the whole page.
        draft.problems.append("not_yours")
        failed = True
    for row in commitments.all():
        form = draft.forms[row.key]
        if row.key not in sent:
            continue  # not on the page that was sent
        if not form.validate():
            failed = True
            continue
        if form.status.data == SKIP:
            continue
        version = form.version.data or "0"
        # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
        expected = int(version) if version.isascii() and version.isdigit() else 0
        data = {k: v for k, v in form.data.items() if k != "version"}
        try:
            save = updates.save_update if row.improvement else updates.save_assessment
            result = save(
                db.session,
                row.improvement or row.area,
                row.period,
                data,
                me,
                today=today,
                deadline_day=day,
                expected_version=expected,
            )
        except ValidationError as error:
            failed = True
            for name, messages in error.errors.items():
                target = form._fields.get(name, form.status)
                target.errors = [*target.errors, *map(str, messages)]
        except updates.Stale as stale:
            draft.conflicts[row.key] = stale.current
            # The fields keep what this person wrote; a second save replaces the other one.
            form.version.data = str(stale.current.version if stale.current else 0)
        except updates.Closed:
            failed = True
            form.status.errors = [
                *form.status.errors,
                _("The deadline has passed and the report was made in time: it is closed."),
            ]
        else:
            if result.changed:
                saved.append({"key": row.key, "period": row.period, "late": result.update.late})
    if failed or draft.conflicts:
        db.session.rollback()
        return _page(me, today, day, draft, status=409 if draft.conflicts else 422)
    # Saved: a copy kept when the session ended is no longer needed.
    sessions.forget(me)
    db.session.commit()
    # The confirmation is written by the page, from what was saved.
    flash({"reports": saved}, "saved")
    return redirect(url_for("my.index"))
