"""My commitments (/my): everything the signed-in person reports on this month, and last
month's until its deadline; one page and one submit for all of it."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.exc import IntegrityError

from tracker.access import Rule, current_person, requires
from tracker.extensions import db
from tracker.forms import SKIP, AssessmentRowForm, UpdateRowForm
from tracker.models import AUDIENCE_FIELDS, OrganisationKind
from tracker.services import ValidationError, periods, reporting

bp = Blueprint("my", __name__)


def _row_form(row, today, formdata=None):
    """The row's form: the report already made, else prefilled from last month's. The status
    is preselected only for a month that has ended; this month's rows start at "Not now", so
    that saving last month's reports does not also file this month's."""
    source = row.update or row.previous
    if row.improvement is None:
        cls, data = AssessmentRowForm, {}
        if source is not None:
            data = {"status": source.status.value, "comment": source.comment}
    else:
        cls, data = UpdateRowForm, {}
        if source is not None:
            data = {f: getattr(source, f) for f in (
                "progress", "comment", "next_steps", "risks", "needs_decision", "decision_text",
                "raise_to_politicians", "politicians_text")}  # fmt: skip
            data.update({f: getattr(source, f).value for f in AUDIENCE_FIELDS.values()})
            data["status"] = source.status.value
    if row.update is None and row.period >= periods.of(today):
        data.pop("status", None)
    data["version"] = str(row.update.version) if row.update else "0"
    form = cls(formdata=formdata, prefix=row.key, data=data)
    if (
        row.improvement is not None
        and row.improvement.organisation.kind != OrganisationKind.COMPANY
    ):
        # Only a company's text can be commercially confidential.
        for name in AUDIENCE_FIELDS.values():
            form[name].choices = [c for c in form[name].choices if c.value != "confidential"]
    return form


def _visible(rows, period, today, day, session):
    """Last month after its deadline: only what is missing or came in late, unless the period
    was reopened (a report made in time is closed then)."""
    if reporting.revisable(session, period, today, day):
        return rows
    return [r for r in rows if not r.reported or r.update.late]


def _state(row, today, day):
    if row.reported:
        return "late" if row.update.late else "reported"
    return "late" if today > reporting.deadline(row.period, day) else "not_reported"


def _page(me, today, day, forms=None, conflicts=None, status=200):
    commitments = reporting.commitments(
        db.session, me, reporting.open_periods(today, db.session), day
    )
    sections = []
    for period in commitments.periods:
        rows = _visible(commitments.rows[period], period, today, day, db.session)
        entries = []
        for row in rows:
            form = (forms or {}).get(row.key) or _row_form(row, today)
            entries.append({"row": row, "form": form, "state": _state(row, today, day),
                            "conflict": (conflicts or {}).get(row.key)})  # fmt: skip
        sections.append(
            {"period": period, "deadline": reporting.deadline(period, day), "entries": entries}
        )
    return render_template("my/index.html", sections=sections, today=today), status


@bp.get("/my")
@requires(Rule.GROUP)
def index():
    today, day = periods.today_local(), current_app.config["REPORT_DEADLINE_DAY"]
    return _page(current_person(), today, day)


@bp.post("/my")
@requires(Rule.GROUP)
def submit():
    me = current_person()
    today, day = periods.today_local(), current_app.config["REPORT_DEADLINE_DAY"]
    for attempt in (1, 2):
        try:
            return _submit(me, today, day)
        except IntegrityError:
            # Two submits raced to create the same report: look again, once.
            db.session.rollback()
            if attempt == 2:
                raise
    return None  # not reached


def _submit(me, today, day):
    commitments = reporting.commitments(
        db.session, me, reporting.open_periods(today, db.session), day
    )
    forms, conflicts, saved, failed = {}, {}, 0, False
    for row in commitments.all():
        form = _row_form(row, today, formdata=request.form)
        forms[row.key] = form
        if row.key + "-status" not in request.form:
            continue  # not on the page that was sent
        if not form.validate():
            failed = True
            continue
        if form.status.data == SKIP:
            continue
        expected = int(form.version.data or 0) if (form.version.data or "0").isdigit() else 0
        data = {k: v for k, v in form.data.items() if k != "version"}
        try:
            save = reporting.save_update if row.improvement else reporting.save_assessment
            result = save(
                db.session, row.improvement or row.area, row.period, data, me,
                today=today, deadline_day=day, expected_version=expected,
            )  # fmt: skip
            saved += int(result.changed)
        except ValidationError as error:
            failed = True
            for field, messages in error.errors.items():
                target = form._fields.get(field, form.status)
                target.errors = [*target.errors, *map(str, messages)]
        except reporting.Stale as stale:
            conflicts[row.key] = stale.current
            # The fields keep what this person wrote; a second save replaces the other one.
            form.version.data = str(stale.current.version if stale.current else 0)
        except reporting.Closed:
            failed = True
            form.status.errors = [
                *form.status.errors,
                _("The deadline has passed and the report was made in time: it is closed."),
            ]
    if failed or conflicts:
        db.session.rollback()
        return _page(
            me, today, day, forms=forms, conflicts=conflicts, status=409 if conflicts else 422
        )
    db.session.commit()
    flash(ngettext("%(num)d report saved.", "%(num)d reports saved.", saved), "info")
    return redirect(url_for("my.index"))
