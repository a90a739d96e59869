"""Completeness (rapporteringsgrad): reported against due, per organisation and per person;
admins reopen a period and send reminders from here."""

from datetime import date, timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from tracker.access import Rule
from tracker.extensions import db
from tracker.guard import current_person, requires
from tracker.i18n import format_period
from tracker.services import ValidationError, completeness, deadlines, periods, reminders
from tracker.views.common import asked_period, status_for

bp = Blueprint("completeness", __name__)


def _period(value, today):
    """The asked-for period, or last month (as on the dashboard), and a problem if any."""
    span, problem = asked_period(value, today, periods.last_month(today))
    return span.value, problem


@bp.get("/completeness")
@requires(Rule.GROUP)
def index():
    today = periods.today_local()
    period, problem = _period(request.args.get("period"), today)
    day = current_app.config["REPORT_DEADLINE_DAY"]
    # Reminders: for the period shown while reports can be made for it, and always for the
    # one whose deadline comes next.
    remind = [p for p in deadlines.open_periods(today, db.session) if p == period]
    upcoming = deadlines.next_deadline_period(today, day)
    remind += [upcoming] if upcoming not in remind else []
    return render_template(
        "completeness/index.html",
        open_now=period in deadlines.open_periods(today, db.session),
        remind=remind,
        closed=deadlines.closed(period, today, day),
        result=completeness.completeness(db.session, period, day),
        period=period,
        problem=problem,
        deadline=periods.deadline(period, day),
        reopened=deadlines.reopened_until(db.session, period),
        choices=[periods.shift(periods.of(today), -n) for n in range(0, 13)],
        default_until=today + timedelta(days=7),
    ), status_for([problem])


@bp.post("/completeness/reopen")
@requires(Rule.ADMIN)
def reopen():
    today = periods.today_local()
    period, problem = _period(request.form.get("period"), today)
    try:
        until = date.fromisoformat(request.form.get("until", ""))
    except ValueError:
        until = None
    if problem or until is None or until < today:
        flash(problem or _("Choose a date from today on until which the period is open."), "error")
        return redirect(url_for("completeness.index", period=period))
    try:
        deadlines.reopen(
            db.session,
            period,
            until,
            current_person(),
            today,
            current_app.config["REPORT_DEADLINE_DAY"],
        )
    except ValidationError as error:
        db.session.rollback()
        flash(" ".join(str(m) for ms in error.errors.values() for m in ms), "error")
        return redirect(url_for("completeness.index", period=period))
    db.session.commit()
    message = _(
        "%(period)s is open for reports until %(date)s.",
        period=format_period(period),
        date=format_date(until),
    )
    flash(message, "info")
    return redirect(url_for("completeness.index", period=period))


@bp.post("/completeness/remind")
@requires(Rule.ADMIN)
def remind():
    today = periods.today_local()
    period, problem = _period(request.form.get("period"), today)
    if problem:
        flash(problem, "error")
        return redirect(url_for("completeness.index"))
    try:
        outcome = reminders.remind(
            db.session, period, today, current_app.config, render=render_template
        )
    except reminders.CannotRemind as error:
        db.session.rollback()
        flash(_refusal(error), "error")
        return redirect(url_for("completeness.index", period=period))
    for message, category in _told(outcome):
        flash(message, category)
    return redirect(url_for("completeness.index", period=period))


def _refusal(error: reminders.CannotRemind) -> str:
    if error.reason is reminders.Refusal.NO_MAIL_SERVER:
        return _("No mail server is configured (TRACKER_MAIL_SERVER), so no reminders can be sent.")
    return _(
        "Reports for %(period)s can no longer be made; reopen the period first.",
        period=error.period,
    )


def _told(outcome: reminders.Outcome) -> list[tuple[str, str]]:
    """The flash messages that tell the admin what a press of the button did."""
    if not outcome.needed:
        return [
            (
                _(
                    "Nobody has missing reports for %(period)s; no reminders were sent.",
                    period=outcome.period,
                ),
                "info",
            )
        ]
    if not outcome.sent and not outcome.failed:
        return [
            (
                _(
                    "Everyone with missing reports for %(period)s has been reminded today "
                    "already; no reminders were sent.",
                    period=outcome.period,
                ),
                "info",
            )
        ]
    told = []
    if outcome.sent:
        told.append(
            (
                ngettext("%(num)d reminder sent.", "%(num)d reminders sent.", len(outcome.sent)),
                "info",
            )
        )
    if outcome.skipped:
        told.append(
            (
                ngettext(
                    "%(num)d person had already been reminded today.",
                    "%(num)d people had already been reminded today.",
                    len(outcome.skipped),
                ),
                "info",
            )
        )
    if outcome.failed:
        told.append(
            (
                ngettext(
                    "The reminder to %(names)s could not be sent. Try again later.",
                    "The reminders to %(names)s could not be sent. Try again later.",
                    len(outcome.failed),
                    names=", ".join(m.person.email for m in outcome.failed),
                ),
                "error",
            )
        )
    return told
