"""Strategic areas: agreed by the group, each with a lead owner, co-owners and contributing
organisations from across the group."""

import functools

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker import access
from tracker.models import TEXT_MAX, Person, StrategicArea
from tracker.services import Data, Errors, NotAllowed, audit, keys, validate
from tracker.services.audit import add_created, record

PLAN_ORDER = _l("The plan period must end on or after its start.")


def _values(errors: Errors, session: Session, data: Data, area: StrategicArea | None) -> Data:
    values: Data = {}
    if "code" in data:
        values["code"] = validate.unique_code(errors, session, StrategicArea, data["code"], area)
    if "title" in data:
        values["title"] = validate.text(errors, "title", data["title"], required=True)
    for field in ("description", "goal"):
        if field in data:
            values[field] = validate.text(errors, field, data[field], max_length=TEXT_MAX)
    if "lead" in data:
        values["lead"] = validate.person(errors, session, "lead", data["lead"])
    if "co_owners" in data:
        values["co_owners"] = validate.people(errors, session, "co_owners", data["co_owners"])
    if "organisations" in data:
        values["organisations"] = validate.organisations(
            errors, session, "organisations", data["organisations"], area
        )
    if data.get("order") is not None:
        values["order"] = int(data["order"])
    for field in ("plan_from", "plan_to", "archived"):
        if field in data:
            values[field] = data[field]
    if "archived" in values:
        values["archived"] = bool(values["archived"])
    lead = values.get("lead", area.lead if area else None)
    co_owners = values.get("co_owners", area.co_owners if area else [])
    if lead is not None and any(p.id == lead.id for p in co_owners):
        errors.add("co_owners", _l("The lead owner cannot also be a co-owner."))
    # Whoever leads or co-owns an area in use is a group member or an admin: checked when
    # they are chosen and when an archived area comes back.
    if not values.get("archived", area.archived if area else False) and (
        area is None or {"lead", "co_owners", "archived"} & values.keys()
    ):
        validate.holders(errors, session, "lead", [lead])
        validate.holders(errors, session, "co_owners", co_owners)
    plan_from = values.get("plan_from", area.plan_from if area else None)
    plan_to = values.get("plan_to", area.plan_to if area else None)
    validate.date_order(errors, "plan_to", plan_from, plan_to, PLAN_ORDER)
    return values


def next_order(session: Session) -> int:
    """The order that puts a new area last: one after the highest in use (0 for the first)."""
    index = keys.of(session)
    if index is not None:
        highest = max((a.order for a in index.all(StrategicArea)), default=None)
    else:
        highest = session.scalar(select(func.max(StrategicArea.order)))
    return 0 if highest is None else highest + 1


def create(session: Session, data: Data, actor: Person | None) -> StrategicArea:
    errors = Errors()
    for field in ("code", "title", "lead"):
        data.setdefault(field, None)
    values = _values(errors, session, data, None)
    errors.raise_if_any()
    values.setdefault("order", next_order(session))
    # A new area's lists are empty unless given: known, not loaded when they are asked for.
    values.setdefault("co_owners", [])
    values.setdefault("organisations", [])
    area = StrategicArea(**values)
    if data.get("since") is not None:  # when it entered the portfolio (an import): else now
        area.created_at = data["since"]
    add_created(
        session,
        area,
        actor,
        {f: (None, v) for f, v in values.items() if v not in (None, "", [], False)},
    )
    return area


# Change the given fields (audit.update): the lead owner may change description and goal, an
# admin anything.
update = functools.partial(audit.update, may_edit=access.may_edit_area, check=_values)


def move(session: Session, area: StrategicArea, step: int, actor: Person | None) -> bool:
    """Move an area one place up (-1) or down (+1) in the group's order (order, then code),
    past the next area that is shown (archived areas are passed over, unless the area is
    archived itself); at either end nothing moves. All areas are numbered 1, 2, 3... after
    the move, so that equal orders cannot hide it. Returns whether it moved."""
    if actor is not None and not access.may_order_areas(actor):
        raise NotAllowed("only an admin changes the order of the areas")
    # Every area is renumbered: their rows are read afresh and locked meanwhile.
    ordered = list(
        session.scalars(
            select(StrategicArea)
            .order_by(StrategicArea.order, StrategicArea.code)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    )
    shown = [a for a in ordered if a.archived == area.archived]
    index = shown.index(area) + step
    if not 0 <= index < len(shown):
        return False
    ordered.remove(area)
    place = ordered.index(shown[index])
    ordered.insert(place if step < 0 else place + 1, area)
    changed = []
    for number, row in enumerate(ordered, start=1):
        if row.order != number:
            changed.append((row, row.order, number))
            row.order = number
    session.flush()
    for row, old, new in changed:
        record(session, actor, "update", row, {"order": (old, new)})
    return True
