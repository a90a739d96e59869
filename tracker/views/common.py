"""Small helpers the views share: safe redirects, saving a form through a service (creating
and changing a thing with its fields), the edit form as the person may use it, form errors from
services, choices."""

from contextlib import contextmanager
from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField, PasswordField, SelectField, SelectMultipleField, StringField

from tracker.access import GROUP_ROLES, Rule, allowed
from tracker.boundary import refused
from tracker.extensions import db
from tracker.guard import current_person
from tracker.i18n import format_span
from tracker.models import Organisation, Person, StrategicArea
from tracker.schemas import values
from tracker.services import Stale, ValidationError, faults, periods
from tracker.views.faults import not_saved


def safe_next(target: str | None, default: str) -> str:
    """Only a path on this site may be a redirect target (no open redirects)."""
    if not target:
        return default
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return default
    return target


def asked_period(value, today, default: str, *, spans: bool = False):
    """The period a page is asked for (``?period=``), checked (periods.check), or ``default``
    with the message that says why: (Span, problem or None). A page shows what it can."""
    if not value:
        return periods.Span(default), None
    try:
        return periods.check(value, today, spans=spans), None
    except periods.Invalid as invalid:
        problem = _(
            "%(problem)s Showing %(period)s.", problem=invalid.message, period=format_span(default)
        )
        return periods.Span(default), problem


def status_for(problems) -> int:
    """A page that shows what it can of what was asked (a filter or a period it cannot use,
    said on the page): 422 when there is a problem, else 200."""
    return 422 if any(problems) else 200


def one_by(model, *options, **key):
    """The one ``model`` row with ``key`` (``code=...`` or ``id=...``), loaded with the loader
    ``options``, or 404."""
    return db.one_or_404(select(model).filter_by(**key).options(*options))


class Outcome:
    ok = False


@contextmanager
def saving(form):
    """Around a view's service calls: a ValidationError rolls back and puts its messages at
    the form's fields (``ok`` stays False); a database that cannot be written just now rolls
    back and keeps the form as typed, answered with 503 (views.faults); otherwise the one
    commit happens here."""
    outcome = Outcome()
    try:
        yield outcome
        db.session.commit()
    except ValidationError as error:
        db.session.rollback()
        show_errors(form, error)
    except SQLAlchemyError as error:
        if not faults.unavailable(error):
            raise
        not_saved(error, form)
    else:
        outcome.ok = True


def create_from(form, create, fields):
    """A create view's POST: when the form is sent and valid, the service's ``create`` with the
    form's ``fields`` as the current person, and the one commit. The new thing, or None: nothing
    was sent, or the service refused (its messages are then at the form's fields)."""
    if form.validate_on_submit():
        with saving(form) as outcome:
            found = create(db.session, form_values(form, fields), current_person())
        if outcome.ok:
            return found
    return None


def update_from(form, update, item, fields, current: dict, schema=None) -> bool:
    """An edit view's POST: when the form is sent and valid, the service's ``update`` of ``item``
    with what the form changes among ``fields`` (against the item's values ``current``) as the
    current person, and the one commit. Whether it was saved (else the messages are at the
    form's fields).

    An item with a version (its values as ``schema`` gives them, its form with a hidden
    ``version``) is saved only if nobody saved it after the form was opened; else nothing is
    written and the form gets its ``conflict`` (show_conflict)."""
    if not form.validate_on_submit():
        return False
    version = {"expected_version": sent_version(form.version.data)} if schema else {}
    try:
        with saving(form) as outcome:
            changes = changed_only(form_values(form, fields), current)
            update(db.session, item, changes, current_person(), **version)
    except (Stale, StaleDataError):
        db.session.rollback()
        if schema is None:
            raise  # a thing without a version: not a conflict this form can show
        show_conflict(form, item, fields, schema)
        return False
    return outcome.ok


def sent_version(value) -> int | None:
    """The version a form or a button was sent with (the item's version when the page was
    made): None when none was sent (nothing is compared), 0 (never current) when it is not a
    number."""
    if value is None or value == "":
        return None
    value = str(value)
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else 0


def show_conflict(form, item, fields, schema) -> None:
    """Someone saved ``item`` after the form was opened: nothing was written. The form keeps
    what the person typed, and gets ``conflict``: for each field where that differs from what
    is stored now, both values as the page shows them. Its version becomes the current one, so
    that saving again replaces what is stored, knowingly."""
    db.session.refresh(item)
    now = values(schema, item)
    form.conflict = [
        {
            "field": form[name],
            "stored": shown(form[name], now.get(name)),
            "typed": shown(form[name], typed),
        }
        for name, typed in changed_only(form_values(form, fields), now).items()
    ]
    form.version.data = str(item.version)


def shown(field, value) -> str:
    """A field's value as a person reads it: a choice by its label, a list joined, none as a
    dash."""
    if value is None or value == "" or value == []:
        return "\N{EN DASH}"
    labels = {str(c[0]): str(c[1]) for c in getattr(field, "choices", None) or ()}
    if isinstance(value, list):
        return ", ".join(labels.get(str(v), str(v)) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return labels.get(str(value), str(value))


def form_status(form) -> int:
    """The status of an edit page sent back: 409 with a conflict, else 200."""
    return 409 if getattr(form, "conflict", None) is not None else 200


def done(message: str, endpoint: str, **url_values):
    """After a saved change: say what was done, and go to the page that shows it."""
    flash(message, "info")
    return redirect(url_for(endpoint, **url_values))


def toggle_archived(update, item, name: str, endpoint: str, **url_values):
    """Archive ``item`` (an area, an improvement, an organisation) or restore it, through its
    service's ``update``, and say which under its ``name``. The button sends the version the
    page showed: if someone changed the item since, nothing is done (409)."""
    if (refused := pressed(update, item, {"archived": not item.archived}, name)) is not None:
        return refused
    if item.archived:
        message = _("%(title)s is archived. Its history is kept.", title=name)
    else:
        message = _("%(title)s is restored from the archive.", title=name)
    return done(message, endpoint, **url_values)


def pressed(update, item, data: dict, name: str):
    """A button's change ``data`` of ``item`` (named ``name``) through its service's ``update``
    as the current person, with the version the page showed, and the one commit. None when
    it is done; else the answer, and nothing is written: 409 if someone changed the item
    since, 422 with the rule's messages if a rule refuses it (restoring what a politician
    now holds, deactivating the last admin)."""
    try:
        update(
            db.session,
            item,
            data,
            current_person(),
            expected_version=sent_version(request.form.get("version")),
        )
        db.session.commit()
    except (Stale, StaleDataError):
        db.session.rollback()
        return changed_meanwhile(name)
    except ValidationError as error:
        db.session.rollback()
        return not_changed(error)
    return None


def not_changed(error: ValidationError):
    """The answer to a button whose change a rule refused (its messages, 422): nothing was
    written."""
    messages = " ".join(str(m) for ms in error.errors.values() for m in ms)
    page = render_template(
        "errors/error.html", code=422, title=_("Nothing was changed"), message=messages
    )
    return page, 422


def changed_meanwhile(name: str):
    """The answer to a button pressed on a page made before someone changed the thing named
    ``name``: nothing was done (409)."""
    message = _(
        "Someone else changed %(name)s after you opened the page. Nothing was changed: go "
        "back, reload the page and try again.",
        name=name,
    )
    page = render_template(
        "errors/error.html", code=409, title=_("Changed meanwhile"), message=message
    )
    return page, 409


def owned_form(item, may_edit, schema, full_form, owner_form):
    """The edit form of an area or an improvement as the current person may use it: the whole
    form for admins, the owner's part for its owner (403 for anyone else). Returns the form,
    the item's values now and whether the form is whole."""
    me = current_person()
    if not may_edit(me, item):
        abort(403)
    current = values(schema, item)
    full = allowed(me, Rule.ADMIN)
    return (full_form(item) if full else owner_form(data=current)), current, full


def show_errors(form, error) -> None:
    """Put a service's ValidationError messages at the form's fields."""
    refused()
    for field, messages in error.errors.items():
        target = form._fields.get(field)
        if target is not None:
            target.errors = [*target.errors, *map(str, messages)]
        else:
            form.form_errors.extend(map(str, messages))


# Text fields that are not typed text: their empty value is not "".
HIDDEN = (HiddenField, PasswordField)


def form_values(form, names) -> dict:
    """The form's fields among ``names``, as a service takes them: an empty or missing text is "",
    an empty choice None, a multiple choice a list; any other field (a hidden or a password
    field among them) as it is."""
    out = {}
    for field in form:
        if field.short_name not in names:
            continue
        value = field.data
        if isinstance(field, SelectMultipleField):
            value = list(value or [])
        elif isinstance(field, StringField) and not isinstance(field, HIDDEN):
            value = value or ""
        elif isinstance(field, SelectField):
            value = value or None
        out[field.short_name] = value
    return out


def changed_only(data: dict, current: dict) -> dict:
    """The entries of ``data`` that differ from ``current`` (lists compared as sets)."""
    out = {}
    for field, value in data.items():
        old = current.get(field)
        if isinstance(value, list) and isinstance(old, list):
            if {str(v).lower() for v in value} == {str(v).lower() for v in old}:
                continue
        elif value == old:
            continue
        out[field] = value
    return out


def person_label(person: Person) -> str:
    org = f" ({person.organisation.name})" if person.organisation else ""
    return f"{person.name}{org}"


def people_choices(session, keep=(), blank=None):
    """Active group members and admins (and anyone in ``keep``), by email."""
    keep_ids = {p.id for p in keep if p is not None}
    people = session.scalars(
        select(Person)
        .where(Person.role.in_(GROUP_ROLES))
        .options(selectinload(Person.organisation))
        .order_by(Person.name)
    )
    choices = [("", blank)] if blank is not None else []
    choices += [(p.email, person_label(p)) for p in people if p.active or p.id in keep_ids]
    return choices


def organisation_choices(session, keep=(), blank=None):
    keep_ids = {o.id for o in keep if o is not None}
    orgs = session.scalars(select(Organisation).order_by(Organisation.name))
    choices = [("", blank)] if blank is not None else []
    choices += [(o.code, o.name) for o in orgs if not o.archived or o.id in keep_ids]
    return choices


def area_choices(session, keep=None, blank=None):
    areas = session.scalars(select(StrategicArea).order_by(StrategicArea.order, StrategicArea.code))
    choices = [("", blank)] if blank is not None else []
    choices += [(a.code, f"{a.code} {a.title}") for a in areas if not a.archived or a is keep]
    return choices
