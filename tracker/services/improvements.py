"""Improvements (åtgärder): what the group decided to do under a strategic area, each with an
owner who answers for it, a deputy who may report on the owner's behalf, and a responsible
organisation (by default the owner's)."""

import functools

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from tracker import access
from tracker.models import TEXT_MAX, Improvement, ImprovementState, Person, StrategicArea
from tracker.services import REQUIRED, Changes, Data, Errors, NotAllowed, audit, keys, validate
from tracker.services.audit import add_created, apply_changes, locked
from tracker.services.updates import CLOSED_STATES

DUE_ORDER = _l("The due date cannot be before the start.")
CLOSING_STATES = (ImprovementState.DONE, ImprovementState.PAUSED, ImprovementState.CANCELLED)


def _area(errors: Errors, session: Session, value: str | None) -> StrategicArea | None:
    if not value:
        errors.add("area", REQUIRED)
        return None
    found = validate.findable(value)
    area = keys.find(session, StrategicArea, value, any_case=False) if found else None
    if area is None:
        errors.add("area", _l("There is no strategic area with the code %(code)s.", code=value))
    elif area.archived:
        errors.add("area", _l("The strategic area %(code)s is archived.", code=value))
    return area


def is_live(values: Data, improvement: Improvement | None) -> bool:
    """Whether the improvement, with ``values`` set, is still in use: not archived, not done
    or cancelled."""
    archived = values.get("archived", improvement.archived if improvement else False)
    state = values.get("state", improvement.state if improvement else None)
    return not archived and state not in CLOSED_STATES


def _values(errors: Errors, session: Session, data: Data, improvement: Improvement | None) -> Data:
    values: Data = {}
    if "code" in data:
        values["code"] = validate.unique_code(
            errors, session, Improvement, data["code"], improvement
        )
    if "area" in data:
        values["area"] = _area(errors, session, data["area"])
    if "title" in data:
        values["title"] = validate.text(errors, "title", data["title"], required=True)
    if "description" in data:
        values["description"] = validate.text(
            errors, "description", data["description"], max_length=TEXT_MAX
        )
    if "owner" in data:
        values["owner"] = validate.person(errors, session, "owner", data["owner"])
    if "deputy" in data:
        values["deputy"] = validate.person(
            errors, session, "deputy", data["deputy"], required=False
        )
    if "organisation" in data:
        values["organisation"] = validate.organisation(
            errors, session, "organisation", data["organisation"], improvement, required=False
        )
    if "organisations" in data:
        values["organisations"] = validate.organisations(
            errors, session, "organisations", data["organisations"], improvement
        )
    for field in ("start", "due"):
        if field in data:
            values[field] = data[field]
    if "archived" in data:
        values["archived"] = bool(data["archived"])
    if "closing_note" in data:
        values["closing_note"] = validate.text(
            errors, "closing_note", data["closing_note"], max_length=TEXT_MAX
        )
    if "state" in data:
        values["state"] = validate.choice(errors, "state", ImprovementState, data["state"])

    # Closing as done, paused or cancelled takes a note (what was achieved, or why).
    state = values.get("state")
    was = improvement.state if improvement else None
    note = values.get("closing_note", improvement.closing_note if improvement else "")
    if state in CLOSING_STATES and state != was and not note:
        errors.add("closing_note", _l("Say why it is closed: what was achieved, or the reason."))

    owner = values.get("owner", improvement.owner if improvement else None)
    deputy = values.get("deputy", improvement.deputy if improvement else None)
    if owner is not None and deputy is not None and owner.id == deputy.id:
        errors.add("deputy", _l("The deputy must be someone other than the owner."))
    # Whoever owns or deputises an improvement still to be carried out is a group member or
    # an admin: checked when they are chosen and when the improvement comes back into use.
    if is_live(values, improvement) and (
        improvement is None or {"owner", "deputy", "archived", "state"} & values.keys()
    ):
        validate.holders(errors, session, "owner", [owner])
        validate.holders(errors, session, "deputy", [deputy])
    start = values.get("start", improvement.start if improvement else None)
    due = values.get("due", improvement.due if improvement else None)
    validate.date_order(errors, "due", start, due, DUE_ORDER)
    # The responsible organisation defaults to the owner's.
    defaulted = improvement is None or "organisation" in data
    if defaulted and values.get("organisation") is None and "organisation" not in errors.errors:
        if owner is not None and owner.organisation is not None:
            values["organisation"] = owner.organisation
        elif owner is not None:
            errors.add(
                "organisation",
                _l("The owner belongs to no organisation; choose the responsible one."),
            )
        else:
            values.pop("organisation", None)
    return values


def create(session: Session, data: Data, actor: Person | None) -> Improvement:
    errors = Errors()
    for field in ("code", "area", "title", "owner"):
        data.setdefault(field, None)
    data.setdefault("organisation", None)
    values = _values(errors, session, data, None)
    errors.raise_if_any()
    improvement = Improvement(**values)
    if data.get("since") is not None:  # when it entered the portfolio (an import): else now
        improvement.created_at = data["since"]
    add_created(
        session,
        improvement,
        actor,
        {f: (None, v) for f, v in values.items() if v not in (None, "", [])},
    )
    return improvement


# Change the given fields (audit.update): the owner may change description, dates and state,
# an admin anything.
update = functools.partial(audit.update, may_edit=access.may_edit_improvement, check=_values)


def close(
    session: Session, improvement: Improvement, state: str, note: str, actor: Person
) -> Changes:
    """The owner (or an admin) closes an improvement as done, paused or cancelled, with a
    closing note or a reason. A closed improvement is no longer due a report."""
    locked(session, improvement)
    if not access.may_edit_improvement(actor, improvement, {"state"}):
        raise NotAllowed("only the owner or an admin closes an improvement")
    errors = Errors()
    try:
        closing: ImprovementState | None = ImprovementState(state)
    except ValueError:
        closing = None
    if closing not in CLOSING_STATES:
        errors.add("state", _l("Choose done, paused or cancelled."))
    note = validate.text(errors, "note", note, required=True, max_length=TEXT_MAX)
    errors.raise_if_any()
    return apply_changes(session, improvement, {"state": closing, "closing_note": note}, actor)
