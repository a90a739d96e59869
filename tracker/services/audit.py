"""The history: AuditEvent rows written in the same transaction as the change they record."""

from tracker.models import EMAIL_MAX, AuditEvent, Person

LABEL_MAX = EMAIL_MAX


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(sorted(_text(v) for v in value))
    for attr in ("code", "email"):
        if hasattr(value, attr):
            return getattr(value, attr)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def label_of(entity) -> str:
    for attr in ("code", "email", "period"):
        if getattr(entity, attr, None):
            return getattr(entity, attr)[:LABEL_MAX]
    return str(getattr(entity, "id", ""))


def record(session, actor: Person | None, action: str, entity, changes=None) -> list[AuditEvent]:
    """Add audit rows for ``entity``: one per changed field, or one when there are no fields.

    ``changes`` maps field name to (old, new); values are stored as text.
    The entity must have been flushed so that it has an id.
    """
    base = {
        "actor_id": actor.id if actor is not None else None,
        "action": action,
        "entity_type": entity.__tablename__,
        "entity_id": entity.id,
        "entity_label": label_of(entity),
    }
    events = [
        AuditEvent(**base, field=field, old_value=_text(old), new_value=_text(new))
        for field, (old, new) in (changes or {}).items()
        if _text(old) != _text(new)
    ] or ([AuditEvent(**base)] if not changes else [])
    session.add_all(events)
    return events
