"""Organisations: the central office, the departments (förvaltningar) and companies (bolag)."""

from sqlalchemy.orm import Session

from tracker.models import Organisation, OrganisationKind, Person
from tracker.services import Changes, Data, Errors, validate
from tracker.services.audit import add_created, apply_changes, locked


def create(session: Session, data: Data, actor: Person | None) -> Organisation:
    errors = Errors()
    code = validate.unique_code(errors, session, Organisation, data.get("code"))
    name = validate.text(errors, "name", data.get("name"), required=True)
    kind = validate.choice(errors, "kind", OrganisationKind, data.get("kind"))
    errors.raise_if_any()
    assert kind is not None  # raise_if_any raised otherwise
    org = Organisation(code=code, name=name, kind=kind, archived=bool(data.get("archived", False)))
    add_created(
        session,
        org,
        actor,
        {"code": (None, code), "name": (None, name), "kind": (None, kind.value)},
    )
    return org


def update(
    session: Session,
    org: Organisation,
    data: Data,
    actor: Person | None,
    *,
    expected_version: int | None = None,
) -> Changes:
    """Change the given fields; Stale if ``expected_version`` is given and older. Returns what
    changed."""
    locked(session, org)
    errors = Errors()
    values: Data = {}
    if "code" in data:
        values["code"] = validate.unique_code(errors, session, Organisation, data["code"], org)
    if "name" in data:
        values["name"] = validate.text(errors, "name", data["name"], required=True)
    if "kind" in data:
        values["kind"] = validate.choice(errors, "kind", OrganisationKind, data["kind"])
    if "archived" in data:
        values["archived"] = bool(data["archived"])
    errors.raise_if_any()
    return apply_changes(session, org, values, actor, expected_version=expected_version)
