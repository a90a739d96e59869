"""/api/v1/people: the people in the group and the politicians, by email."""

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker.access import Rule
from tracker.api import common
from tracker.api.common import Blueprint
from tracker.api.schemas import PersonList, PersonPatchSchema, PersonSchema
from tracker.extensions import db
from tracker.guard import requires
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
@bp.lists(PersonList)
def list_people(args):
    """List people."""
    query = select(Person).order_by(Person.name, Person.id)
    return common.page(query, args, [selectinload(Person.organisation)])


@bp.post("")
@requires(Rule.ADMIN)
@bp.writes(PersonSchema, status=201)
def create_person(data):
    """Create a person (admins). They sign in once a password is set or through single sign-on."""
    person = common.create(people.create, data)
    return common.created(person, "api_people.get_person", email=person.email)


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
    return common.patched(people.update, _get(email), data)
