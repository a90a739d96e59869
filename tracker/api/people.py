"""/api/v1/people: the people in the group and the politicians, by email."""

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker.access import Rule
from tracker.api import common
from tracker.api.common import READ_PROBLEMS, WRITE_PROBLEMS, Blueprint
from tracker.api.schemas import PageArgs, PersonList, PersonPatchSchema, PersonSchema
from tracker.extensions import db
from tracker.guard import current_person, requires
from tracker.models import Person
from tracker.services import people

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
@bp.arguments(PageArgs, location="query")
@bp.response(200, PersonList)
@bp.problems(*READ_PROBLEMS, 422)
def list_people(args):
    """List people."""
    rows, total = common.page(
        db.session,
        select(Person).order_by(Person.name, Person.id),
        args,
        options=[selectinload(Person.organisation)],
    )
    return {"items": rows, "total": total}


@bp.post("")
@requires(Rule.ADMIN)
@bp.arguments(PersonSchema)
@bp.response(201, PersonSchema)
@bp.problems(*WRITE_PROBLEMS)
def create_person(data):
    """Create a person (admins). They sign in once a password is set or through single sign-on."""
    person = common.run(lambda: people.create(db.session, data, current_person()))
    common.commit()
    url = url_for("api_people.get_person", email=person.email)
    return person, 201, common.location(url)


@bp.get("/<email>")
@requires(Rule.GROUP)
@bp.response(200, PersonSchema)
@bp.problems(*READ_PROBLEMS)
def get_person(email):
    """One person."""
    return _get(email)


@bp.patch("/<email>")
@requires(Rule.ADMIN)
@bp.arguments(PersonPatchSchema)
@bp.response(200, PersonSchema)
@bp.problems(*WRITE_PROBLEMS)
def update_person(data, email):
    """Change the given fields of a person (admins), including email, role and active."""
    person = _get(email)
    common.run(lambda: people.update(db.session, person, data, current_person()))
    common.commit()
    return person
