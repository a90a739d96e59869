"""Words and dates: the words for each enum value, history in plain words, periods and dates
in the language Flask-Babel has set. Nothing here reads the request: the caller decides the
language (tracker.language for a request, flask_babel.force_locale for an email).

Swedish is the default; English is complete. Times are stored in UTC and shown in
Europe/Stockholm (BABEL_DEFAULT_TIMEZONE).
"""

from datetime import UTC, datetime

from flask_babel import Babel, format_date, ngettext, pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.models import (
    AgendaKind,
    Audience,
    MeetingKind,
    OrganisationKind,
    Role,
    TeamRole,
)
from tracker.services.audit import PERSONAL
from tracker.services.periods import Span, first_day
from tracker.status import STATE_LABELS

# Overdue (models.is_overdue) is a word and a symbol too; the word agrees with what is late:
# "Försenat" (ett beslut), "Försenad" (en åtgärd).
OVERDUE_SYMBOL = "◷"


def overdue_label(kind: str) -> str:
    """The word for overdue: ``kind`` is "decision" or "improvement"."""
    if kind == "decision":
        return pgettext("decision", "Overdue")
    return pgettext("improvement", "Overdue")


ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.MEMBER: _l("Group member"),
    Role.POLITICIAN: _l("Politician"),
}
KIND_LABELS = {
    OrganisationKind.CENTRAL: _l("Central office"),
    OrganisationKind.DEPARTMENT: _l("Department"),
    OrganisationKind.COMPANY: _l("Company"),
}
# Who may read a text of a monthly update.
AUDIENCE_LABELS = {
    Audience.GROUP: _l("The group only"),
    Audience.POLITICIANS: _l("The group and the politicians"),
    Audience.CONFIDENTIAL: _l("Commercially confidential (the group only)"),
}
MEETING_KIND_LABELS = {
    MeetingKind.GROUP_MEETING: _l("Group meeting"),
    MeetingKind.DEVELOPMENT_DAY: _l("Development day"),
}

AGENDA_KIND_LABELS = {
    AgendaKind.STANDING: _l("Standing item"),
    AgendaKind.NEEDS_DECISION: _l("Needs a group decision"),
    AgendaKind.OFF_TRACK: _l("Newly off track"),
    AgendaKind.PAST_DUE: _l("Past due"),
    AgendaKind.MISSING_REPORTS: _l("Missing reports"),
    AgendaKind.OPEN_DECISION: _l("Open decision"),
    AgendaKind.OTHER: _l("Other item"),
}
# Belbin's names; the Swedish catalogue has the glossary's words.
TEAM_ROLE_LABELS = {
    TeamRole.PLANT: _l("Plant"),
    TeamRole.RESOURCE_INVESTIGATOR: _l("Resource Investigator"),
    TeamRole.CO_ORDINATOR: _l("Co-ordinator"),
    TeamRole.SHAPER: _l("Shaper"),
    TeamRole.MONITOR_EVALUATOR: _l("Monitor Evaluator"),
    TeamRole.TEAMWORKER: _l("Teamworker"),
    TeamRole.IMPLEMENTER: _l("Implementer"),
    TeamRole.COMPLETER_FINISHER: _l("Completer Finisher"),
    TeamRole.SPECIALIST: _l("Specialist"),
}


FIELD_LABELS = {
    "code": _l("code"),
    "name": _l("name"),
    "kind": _l("kind"),
    "archived": _l("archived"),
    "email": _l("email"),
    "title": _l("title"),
    "organisation": _l("organisation"),
    "role": _l("role"),
    "active": _l("active"),
    "locale": _l("language"),
    "external_id": _l("single sign-on identity"),
    "description": _l("description"),
    "goal": _l("goal"),
    "lead": _l("lead owner"),
    "co_owners": _l("co-owners"),
    "organisations": _l("contributing organisations"),
    "order": _l("order"),
    "plan_from": _l("plan begins"),
    "plan_to": _l("plan ends"),
    "area": _l("strategic area"),
    "owner": _l("owner"),
    "deputy": _l("deputy"),
    "start": _l("start"),
    "due": _l("due date"),
    "state": _l("state"),
    "token": _l("API token"),
    "agenda": _l("agenda"),
    "team_roles": _l("team roles"),
    "responsible": _l("responsible"),
    "until": _l("open until"),
}
# Fields whose stored values are enum values, shown with their words.
VALUE_LABELS = {"state": STATE_LABELS, "role": ROLE_LABELS, "kind": KIND_LABELS}
SHOWN_LENGTH = 160


def _shown(field, value):
    if value is None or value == "":
        return ""
    labels = VALUE_LABELS.get(field)
    if labels:
        for key, label in labels.items():
            if key is not None and key.value == value:
                return str(label)
    if len(value) > SHOWN_LENGTH:
        return value[: SHOWN_LENGTH - 1] + "…"
    return value


def describe(entry) -> str:
    """One history entry (services.history.Entry: the event with what it names, named) in
    plain words: what happened, without who and when."""
    event = entry.event
    field, action = event.field, event.action
    old, new = _shown(field, entry.old), _shown(field, entry.new)
    label = FIELD_LABELS.get(field, field)
    if action == "set_password":
        return _("Set a new password.")
    if action == "invite":
        if new == "email":
            return _("Sent an invitation by email.")
        return _("Made an invitation to pass on by hand.")
    if action == "use_sign_in_link":
        if new == "invitation":
            return _("Accepted the invitation.")
        if new == "reset":
            return _("Chose a new password with a link sent by email.")
        return _("Signed in with a sign-in link.")
    if action == "pseudonymise":
        return _("Pseudonymised the person under the disposal decision %(decision)s.", decision=new)
    if action == "create_token":
        if not new:  # a person's token names are theirs alone (services/audit.PERSONAL)
            return _("Created an API token.")
        return _("Created the API token “%(name)s”.", name=new)
    if action == "revoke_token":
        if not old:
            return _("Revoked an API token.")
        return _("Revoked the API token “%(name)s”.", name=old)
    if field in PERSONAL and event.old_value is None and event.new_value is None:
        if action == "create":
            return _("Created it with a %(field)s.", field=label)
        return _("Changed the %(field)s.", field=label)
    if field == "agenda_proposal":
        return _("Added %(n)s proposed items to the agenda.", n=new)
    if field == "agenda":
        if new:
            return _("Added “%(title)s” to the agenda.", title=new)
        return _("Removed “%(title)s” from the agenda.", title=old)
    if field == "agenda_move":
        return _("Moved “%(title)s” on the agenda.", title=new)
    if field == "agenda_edit":
        return _("Edited the agenda item “%(title)s”.", title=new)
    if field == "message":
        return _("Sent the message after the meeting to %(n)s people.", n=new)
    if action == "create":
        if field is None:
            return _("Created it.")
        return _("Created it with %(field)s “%(value)s”.", field=label, value=new)
    if field == "archived":
        return (
            _("Archived it.") if event.new_value == "true" else _("Restored it from the archive.")
        )
    if field == "active":
        return (
            _("Deactivated the person.")
            if event.new_value == "false"
            else _("Reactivated the person.")
        )
    if field in ("owner", "lead", "deputy") and old and new:
        return _("Reassigned the %(field)s from %(old)s to %(new)s.", field=label, old=old, new=new)
    if not old:
        return _("Set the %(field)s to “%(new)s”.", field=label, new=new)
    if not new:
        return _("Cleared the %(field)s (it was “%(old)s”).", field=label, old=old)
    return _("Changed the %(field)s from “%(old)s” to “%(new)s”.", field=label, old=old, new=new)


# One date style per language, whatever the caller (templates, services, exports): ISO dates
# where dates stand in columns ("short"), "30 sep. 2026" / "30 Sep 2026" in text, 24-hour time.
# Patterns are written out: the CLDR defaults give US dates in English ("11/29/26", "4:01 PM")
# and "Sept" in British English.
DATE_FORMATS = {
    **Babel.default_date_formats,
    "date.short": "yyyy-MM-dd",
    "date.medium": "d MMM y",
    "date.long": "d MMMM y",
    "date.full": "EEEE d MMM y",
    "datetime.short": "yyyy-MM-dd HH:mm",
    "datetime.medium": "d MMM y HH:mm",
    "datetime.long": "d MMMM y HH:mm",
    "datetime.full": "EEEE d MMM y HH:mm",
    "time.short": "HH:mm",
    "time.medium": "HH:mm:ss",
}


def missing_sentence(missing, period: str | None = None) -> str:
    """What is missing, by kind, in one sentence: the same words wherever it is counted."""
    if not missing.total:
        if period:
            return _("No reports are missing for %(period)s.", period=format_period(period))
        return _("No reports are missing.")
    reports = ngettext(
        "%(num)d improvement report", "%(num)d improvement reports", len(missing.reports)
    )
    assessments = ngettext(
        "%(num)d area assessment", "%(num)d area assessments", len(missing.assessments)
    )
    if period:
        return _(
            "Missing for %(period)s: %(reports)s and %(assessments)s.",
            period=format_period(period),
            reports=reports,
            assessments=assessments,
        )
    return _("Missing: %(reports)s and %(assessments)s.", reports=reports, assessments=assessments)


def format_span(value: str | None) -> str:
    """A month, a tertial or a year in words: 'oktober 2026', 'tertial 3 2026
    (september to december)', '2026'."""
    if not value:
        return ""
    span = Span(value)
    if span.kind == "month":
        return format_period(value)
    if span.kind == "year":
        return str(span.year)
    first = format_date(first_day(span.first), "LLLL")
    last = format_date(first_day(span.last), "LLLL")
    return _(
        "tertial %(n)s %(year)s (%(first)s to %(last)s)",
        n=span.tertial,
        year=span.year,
        first=first,
        last=last,
    )


def machine_datetime(moment: datetime) -> str:
    """A moment for a <time datetime> attribute: UTC to the second (HTML allows at most three
    digits of a second; stored times carry microseconds). Naive times are UTC as stored."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


# Plain text (emails, the message after a meeting): user text never breaks the format.


def one_line(text: str | None) -> str:
    """User text on one line, as in a heading or a subject: its lines joined by a space."""
    return " ".join(line.strip() for line in (text or "").splitlines() if line.strip())


def list_item(text: str | None) -> str:
    """User text as one item of a plain-text list ("- ..."): blank lines dropped, each line
    trimmed, and the lines after the first indented under the dash."""
    return "\n  ".join(line.strip() for line in (text or "").splitlines() if line.strip())


def format_period(period: str | None) -> str:
    """'2026-10' as 'oktober 2026' / 'October 2026'."""
    if not period:
        return ""
    return format_date(first_day(period), "LLLL yyyy")


def month_tick(period: str) -> str:
    """'2026-09' as a chart's axis label: the short month over its year ('sep.' / 'Sep' over
    '2026'; plotly breaks the line at <br>)."""
    day = first_day(period)
    return f"{format_date(day, 'LLL')}<br>{day.year}"
