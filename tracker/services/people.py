"""People: creating them, their passwords and their sign-in."""

import functools
from dataclasses import dataclass
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.interfaces import ORMOption
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.access import GROUP_ROLES
from tracker.models import (
    Improvement,
    Organisation,
    Person,
    Role,
    StrategicArea,
    area_co_owner,
    utcnow,
)
from tracker.services import (
    REQUIRED,
    Changes,
    Data,
    Errors,
    Message,
    ValidationError,
    keys,
    passwords,
    sign_in_links,
    validate,
)
from tracker.services.audit import add_created, apply_changes, locked, record
from tracker.services.updates import CLOSED_STATES

NAME_MAX = 200
LOCALES = ("sv", "en")


@functools.cache
def _dummy_hash(method: str) -> str:
    """Checked against when the email is unknown, so that a wrong email and a wrong password
    take the same time and cannot be told apart: made with the method the real hashes use."""
    return generate_password_hash("not-a-real-password", method=method)


def hash_password(password: str, method: str = "scrypt") -> str:
    """Werkzeug's hash with ``method``, the configured PASSWORD_HASH_METHOD (scrypt unless the
    tests ask for speed)."""
    return generate_password_hash(password, method=method)


def normalise_email(raw: str) -> str:
    """The stored form of an email, or ValueError with a message for the user."""
    raw = (raw or "").strip()
    if not raw:
        raise ValueError(REQUIRED)
    if not validate.findable(raw):
        raise ValueError(_l("Enter a valid email address."))
    try:
        result = validate_email(raw, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(_l("Enter a valid email address.")) from exc
    return result.normalized.lower()


def find_by_email(session: Session, email: str) -> Person | None:
    if not validate.findable(email):
        return None  # no one's: an email with a control character is never stored
    return keys.find(session, Person, email.strip())


def create_person(
    session: Session,
    *,
    email: str,
    name: str,
    role: str | Role = Role.MEMBER,
    title: str = "",
    organisation_code: str | None = None,
    password: str | None = None,
    locale: str | None = None,
    active: bool = True,
    external_id: str | None = None,
    actor: Person | None = None,
    hash_method: str = "scrypt",
) -> Person:
    """A new person; a ``password`` is hashed with ``hash_method`` (PASSWORD_HASH_METHOD)."""
    errors = Errors()
    try:
        email = normalise_email(email)
    except ValueError as exc:
        errors.add("email", exc.args[0])
    else:
        if find_by_email(session, email) is not None:
            errors.conflict("email", _l("Someone already has this email address."))
    name = validate.text(errors, "name", name, required=True)
    title = validate.text(errors, "title", title)
    chosen = validate.choice(errors, "role", Role, role)
    organisation = None
    if organisation_code:
        found = validate.findable(organisation_code)
        organisation = (
            keys.find(session, Organisation, organisation_code, any_case=False) if found else None
        )
        if organisation is None:
            errors.add("organisation", _l("There is no organisation with this code."))
    if password is not None:
        for problem in passwords.problems(password, email=email, name=name):
            errors.add("password", problem)
    if locale is not None and locale not in LOCALES:
        errors.add("locale", _l("Choose one of: %(choices)s.", choices=", ".join(LOCALES)))
    external_id = (
        validate.text(errors, "external_id", external_id, max_length=255, one_line=True) or None
    )
    validate.taken(errors, session, Person, Person.external_id, external_id)
    errors.raise_if_any()

    person = Person(
        email=email,
        name=name,
        title=title,
        role=chosen,
        organisation=organisation,
        locale=locale,
        active=active,
        external_id=external_id,
        password_hash=hash_password(password, hash_method) if password else None,
    )
    add_created(
        session,
        person,
        actor,
        {
            "email": (None, person.email),
            "name": (None, person.name),
            "role": (None, person.role.value),
            "organisation": (None, organisation),
        },
    )
    return person


def create(session: Session, data: Data, actor: Person | None) -> Person:
    """Create from API-shaped data (organisation by code)."""
    return create_person(
        session,
        email=data.get("email", ""),
        name=data.get("name", ""),
        role=data.get("role", Role.MEMBER),
        title=data.get("title", ""),
        organisation_code=data.get("organisation"),
        locale=data.get("locale"),
        active=data.get("active", True),
        external_id=data.get("external_id"),
        actor=actor,
    )


def update(
    session: Session,
    person: Person,
    data: Data,
    actor: Person | None,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Changes:
    """Change the given fields (email, name, title, organisation, role, active, locale,
    external_id); returns what changed. Role changes and deactivation are in the history.
    Stale if ``expected_version`` is given and older. A new email or a deactivation ends the
    person's open sign-in links as of ``now`` (the caller's clock; the current time unless
    told): they went to the old address, and reactivation does not bring them back."""
    if ("role" in data or "active" in data) and person.role == Role.ADMIN:
        # The active admins' rows first, in one order, then this one: two admins demoting
        # each other at once wait for each other instead of deadlocking.
        _lock_admins(session)
    locked(session, person)
    errors = Errors()
    values: Data = {}
    if "email" in data:
        try:
            values["email"] = normalise_email(data["email"])
        except ValueError as exc:
            errors.add("email", exc.args[0])
        else:
            validate.taken(errors, session, Person, Person.email, values["email"], person)
    if "name" in data:
        values["name"] = validate.text(errors, "name", data["name"], required=True)
    if "title" in data:
        values["title"] = validate.text(errors, "title", data["title"])
    if "organisation" in data:
        values["organisation"] = validate.organisation(
            errors, session, "organisation", data["organisation"], person, required=False
        )
    if "role" in data:
        values["role"] = validate.choice(errors, "role", Role, data["role"])
    if "active" in data:
        values["active"] = bool(data["active"])
    if "locale" in data:
        if data["locale"] is not None and data["locale"] not in LOCALES:
            errors.add("locale", _l("Choose one of: %(choices)s.", choices=", ".join(LOCALES)))
        values["locale"] = data["locale"]
    if "external_id" in data:
        values["external_id"] = (
            validate.text(errors, "external_id", data["external_id"], max_length=255, one_line=True)
            or None
        )
        validate.taken(errors, session, Person, Person.external_id, values["external_id"], person)
    _keep_invariants(errors, session, person, values, actor)
    errors.raise_if_any()
    changes = apply_changes(session, person, values, actor, expected_version=expected_version)
    if "external_id" in changes:
        # A subject set by hand belongs to the configured issuer, recorded at its first
        # single sign-on (services.single_sign_on), not to the issuer of the one it replaces.
        person.external_issuer = None
    if "role" in changes or "active" in changes:
        # A new role or a deactivation takes effect at once, not at the next sign-in.
        end_sessions(person)
    if "email" in changes or ("active" in changes and not person.active):
        sign_in_links.void_open(session, person, now or utcnow())
    return changes


def _keep_invariants(
    errors: Errors, session: Session, person: Person, values: Data, actor: Person | None
) -> None:
    """Through every door: no one deactivates themselves, the last active admin stays an
    active admin, only group members and admins lead, co-own, own or deputise what is in use,
    and a pseudonymised person stays as the disposal decision left them."""
    if person.pseudonymised_at is not None and (changes := validate.differences(person, values)):
        errors.add(next(iter(changes)), _pseudonymised(person))
        return
    deactivating = person.active and values.get("active") is False
    if deactivating and actor is not None and actor.id == person.id:
        errors.add("active", _l("You cannot deactivate yourself."))
    role = values.get("role") or person.role
    active = values.get("active", person.active)
    stepping_down = (
        person.role == Role.ADMIN and person.active and (role != Role.ADMIN or not active)
    )
    # The active admins' rows are locked (PostgreSQL; update() took the locks first), so that
    # two admins demoting each other at once cannot both pass.
    if stepping_down and not set(_lock_admins(session)) - {person.id}:
        errors.add(
            "role" if role != Role.ADMIN else "active",
            _l(
                "%(name)s is the last active admin. Make someone else an admin first.",
                name=person.name,
            ),
        )
    demoted = role not in GROUP_ROLES and person.role in GROUP_ROLES
    if demoted and (held := holdings(session, person)):
        shown = ", ".join(held[:10]) + (", …" if len(held) > 10 else "")
        errors.add(
            "role",
            _l(
                "%(name)s leads, co-owns, owns or deputises %(codes)s. Only group members "
                "and admins can: choose someone else there first.",
                name=person.name,
                codes=shown,
            ),
        )


def _pseudonymised(person: Person) -> Message:
    return _l(
        "%(name)s is pseudonymised and cannot be changed or made active again.", name=person.name
    )


def _lock_admins(session: Session) -> list[int]:
    """The ids of the active admins, their rows locked until the transaction ends (PostgreSQL),
    in id order."""
    return list(
        session.scalars(
            select(Person.id)
            .where(Person.role == Role.ADMIN, Person.active.is_(True))
            .order_by(Person.id)
            .with_for_update()
        )
    )


def holdings(session: Session, person: Person) -> list[str]:
    """The codes of the areas in use that the person leads or co-owns and of the improvements
    still to be carried out that they own or deputise, in code order."""
    co_owned = select(area_co_owner.c.area_id).where(area_co_owner.c.person_id == person.id)
    areas = select(StrategicArea.code).where(
        StrategicArea.archived.is_(False),
        or_(StrategicArea.lead_id == person.id, StrategicArea.id.in_(co_owned)),
    )
    improvements = select(Improvement.code).where(
        Improvement.archived.is_(False),
        Improvement.state.not_in(CLOSED_STATES),
        or_(Improvement.owner_id == person.id, Improvement.deputy_id == person.id),
    )
    return sorted(session.scalars(areas.union(improvements)))


def end_sessions(person: Person) -> None:
    """End every session of the person: a session names the generation it began in."""
    # In SQL, so that two changes at once both count.
    _set_quietly(person, session_generation=Person.session_generation + 1)


def signed_in(person: Person, now: datetime) -> None:
    """Note that ``person`` began a session now (the people list shows it to admins)."""
    _set_quietly(person, last_signed_in_at=now)


def _set_quietly(person: Person, **values: object) -> None:
    """An UPDATE of these columns alone, leaving the person's version as it is: signing out or
    a new password changes nothing an edit form of the person shows, so it does not make one
    opened before stale."""
    session = object_session(person)
    assert session is not None, "a person loaded from the database"
    session.execute(
        sql_update(Person)
        .where(Person.id == person.id)
        .values(**values)
        .execution_options(synchronize_session="fetch")
    )


def set_password(
    session: Session,
    person: Person,
    password: str,
    actor: Person | None = None,
    *,
    hash_method: str = "scrypt",
    now: datetime | None = None,
) -> None:
    """Hash ``password`` with ``hash_method`` (PASSWORD_HASH_METHOD) and keep the hash; every
    session of the person ends, and so do their open invitation and reset links as of ``now``
    (the caller's clock; the current time unless told), however the password was set."""
    if person.pseudonymised_at is not None:
        raise ValidationError({"password": [_pseudonymised(person)]})
    if problems := passwords.problems(password, email=person.email, name=person.name):
        raise ValidationError({"password": problems})
    _set_quietly(
        person,
        password_hash=hash_password(password, hash_method),
        session_generation=Person.session_generation + 1,
    )
    sign_in_links.void_open(session, person, now or utcnow(), sign_in_links.PASSWORD)
    # The audit row says that the password changed, never what it is.
    record(session, actor, "set_password", person)


def is_password(person: Person, password: str) -> bool:
    """Whether ``password`` is the person's (False when they have none)."""
    return person.password_hash is not None and check_password_hash(person.password_hash, password)


def set_locale(session: Session, person: Person, locale: str) -> None:
    if locale not in LOCALES:
        raise ValidationError({"locale": [_l("Choose one of: %(choices)s.", choices="sv, en")]})
    locked(session, person)
    person.locale = locale
    session.flush()


def authenticate(
    session: Session, email: str, password: str, *, hash_method: str = "scrypt"
) -> Person | None:
    """The active person with this email and password, or None (the same for every failure).
    ``hash_method`` is PASSWORD_HASH_METHOD, the method the stored hashes are made with."""
    person = find_by_email(session, email or "")
    if person is None or not person.password_hash:
        check_password_hash(_dummy_hash(hash_method), password or "")
        return None
    if not check_password_hash(person.password_hash, password or ""):
        return None
    if not person.active:
        return None
    return person


@dataclass(frozen=True)
class SignIn:
    """How a person can sign in, for the admin's people list."""

    single_sign_on: bool
    password: bool
    # Until when an open invitation (the newest, not used) can be accepted; else None.
    invited_until: datetime | None
    last: datetime | None


def sign_ins(session: Session, everyone: list[Person], now: datetime) -> dict[int, SignIn]:
    """How each of ``everyone`` signs in, by person id, in one query for the invitations."""
    ids = [p.id for p in everyone]
    open_invitations = sign_in_links.open_until(session, ids, sign_in_links.INVITATION, now)
    return {
        p.id: SignIn(
            single_sign_on=p.external_id is not None,
            password=p.password_hash is not None,
            # A deactivated or pseudonymised person's links never work.
            invited_until=open_invitations.get(p.id)
            if p.active and p.pseudonymised_at is None
            else None,
            last=p.last_signed_in_at,
        )
        for p in everyone
    }


def group_members(session: Session, *options: ORMOption) -> list[Person]:
    """Every active group member and admin (not the politicians), by name."""
    return list(
        session.scalars(
            select(Person)
            .where(Person.active.is_(True), Person.role.in_(GROUP_ROLES))
            .options(*options)
            .order_by(Person.name)
        )
    )
