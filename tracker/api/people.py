"""/api/v1/people: the people in the group and the politicians, by email."""

import functools

from flask import current_app, render_template
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker import oidc, sessions
from tracker.access import Rule
from tracker.api import common
from tracker.api.common import Blueprint
from tracker.api.schemas import (
    PersonCreatedSchema,
    PersonCreateSchema,
    PersonList,
    PersonPatchSchema,
    PersonSchema,
)
from tracker.extensions import db
from tracker.guard import current_person, requires
from tracker.models import Person
from tracker.services import people, sign_in_links

bp = Blueprint("api_people", __name__, url_prefix="/api/v1/people")


def _get(email: str) -> Person:
    found = db.session.scalar(
        select(Person)
        .where(func.lower(Person.email) == email.strip().lower())
        .options(selectinload(Person.organisation))
    )
    return found or common.not_found(_("There is no person with the email %(key)s.", key=email))


@bp.get("")
@requires(Rule.GROUP)
@bp.lists(PersonList)
def list_people(args):
    """List people."""
    query = select(Person).order_by(Person.name, Person.id)
    return common.page(query, args, [selectinload(Person.organisation)])


class _Created:
    """The new person as the answer shows them: with their invitation, if one was asked for."""

    def __init__(self, person: Person, invitation: dict | None):
        self.person, self.invitation = person, invitation

    def __getattr__(self, name):
        return getattr(self.person, name)


@bp.post("")
@requires(Rule.ADMIN)
@bp.writes(PersonCreateSchema, PersonCreatedSchema, status=201)
def create_person(data):
    """Create a person (admins). They sign in once a password is set (``"invite": true``
    sends them a link to choose one) or through single sign-on."""
    invite = data.pop("invite", False)
    if not invite:
        person = common.create(people.create, data)
        return common.created(person, "api_people.get_person", email=person.email)
    # One transaction: a person who cannot be invited (not active) is not created either.
    person = common.run(lambda: people.create(db.session, data, current_person()))
    now, config, by = sessions.clock(), current_app.config, current_person()
    invite = functools.partial(
        sign_in_links.invite,
        now=now,
        config=config,
        by=by,
        single_sign_on=oidc.configured(current_app),
    )
    sent = common.run(lambda: invite(db.session, person, render=render_template))
    common.commit()
    invitation = {
        "emailed": sent.emailed,
        "expires_at": sent.expires_at,
        "url": None if sent.emailed else sent.url,
    }
    return common.created(_Created(person, invitation), "api_people.get_person", email=person.email)


@bp.get("/<email>")
@requires(Rule.GROUP)
@bp.reads_versioned(PersonSchema)
def get_person(email):
    """One person."""
    return common.versioned(_get(email))


@bp.patch("/<email>")
@requires(Rule.ADMIN)
@bp.patches(PersonPatchSchema, PersonSchema)
def update_person(data, email):
    """Change the given fields of a person (admins), including email, role and active."""
    update = functools.partial(people.update, now=sessions.clock())
    return common.patched(update, _get(email), data)
