"""Organisations: the central office, the departments (förvaltningar) and companies (bolag)."""

from flask_babel import lazy_gettext as _l

from tracker.models import Organisation, OrganisationKind, Person
from tracker.services import Errors, validate
from tracker.services.audit import record


def _kind(errors: Errors, value):
    try:
        return OrganisationKind(value)
    except ValueError:
        errors.add("kind", _l("Choose one of: %(choices)s.", choices=", ".join(OrganisationKind)))
        return None


def create(session, data: dict, actor: Person | None) -> Organisation:
    errors = Errors()
    code = validate.code(errors, "code", data.get("code"))
    validate.taken(errors, session, Organisation, Organisation.code, code)
    name = validate.text(errors, "name", data.get("name"), required=True)
    kind = _kind(errors, data.get("kind"))
    errors.raise_if_any()
    org = Organisation(code=code, name=name, kind=kind, archived=bool(data.get("archived", False)))
    session.add(org)
    session.flush()
    record(
        session,
        actor,
        "create",
        org,
        {"code": (None, code), "name": (None, name), "kind": (None, kind.value)},
    )
    return org


def update(session, org: Organisation, data: dict, actor: Person | None) -> dict:
    """Change the given fields; returns what changed."""
    errors = Errors()
    values = {}
    if "code" in data:
        values["code"] = validate.code(errors, "code", data["code"])
        validate.taken(errors, session, Organisation, Organisation.code, values["code"], org)
    if "name" in data:
        values["name"] = validate.text(errors, "name", data["name"], required=True)
    if "kind" in data:
        values["kind"] = _kind(errors, data["kind"])
    if "archived" in data:
        values["archived"] = bool(data["archived"])
    errors.raise_if_any()
    changes = validate.apply(org, values)
    session.flush()
    if changes:
        record(session, actor, "update", org, changes)
    return changes
