"""The command line: demo, users create, users set-password."""

from sqlalchemy import func, select

from tests.conftest import rows
from tracker.extensions import db
from tracker.models import (
    AgendaItem,
    AuditEvent,
    Decision,
    Improvement,
    Meeting,
    Organisation,
    OrganisationKind,
    Person,
    PublishedReport,
    Role,
    StatusUpdate,
    StrategicArea,
    TeamRoleResult,
)
from tracker.services import people


def test_users_create_reads_the_password_from_stdin(app, runner):
    # Without --password-stdin it prompts twice (password and confirmation).
    result = runner.invoke(
        args=["users", "create", "Anna.Berg@Example.se", "--name", "Anna Berg", "--role", "admin"],
        input="a-good-long-password\na-good-long-password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Password" in result.output
    with app.app_context():
        anna = people.find_by_email(db.session, "anna.berg@example.se")
        assert anna.email == "anna.berg@example.se" and anna.role == Role.ADMIN
    # With it, it reads one line and asks nothing.
    result = runner.invoke(
        args=["users", "create", "eva@example.se", "--name", "Eva", "--password-stdin"],
        input="another-long-password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Password" not in result.output
    with app.app_context():
        eva = people.authenticate(db.session, "eva@example.se", "another-long-password")
        assert eva is not None and eva.role == Role.MEMBER
        # The creation is in the history.
        assert db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.entity_id == eva.id)
        )


def test_users_create_with_an_organisation(app, runner, factory):
    factory.org(code="SEV", name="Sjövik Energi och Vatten AB", kind=OrganisationKind.COMPANY)
    result = runner.invoke(
        args=[
            "users",
            "create",
            "vd@example.se",
            "--name",
            "VD",
            "--org",
            "SEV",
            "--password-stdin",
        ],
        input="another-long-password\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        person = people.find_by_email(db.session, "vd@example.se")
        assert person.organisation.code == "SEV"


def test_users_create_refuses_bad_input_and_writes_nothing(app, runner, factory):
    factory.person(email="taken@example.se")
    before = rows(app, Person)
    cases = [
        (["users", "create", "taken@example.se", "--name", "X"], "already has this email"),
        (["users", "create", "not-an-email", "--name", "X"], "valid email"),
        (["users", "create", "ok@example.se", "--name", "X", "--org", "NOPE"], "no organisation"),
        (["users", "create", "ok@example.se", "--name", " "], "required"),
    ]
    for args, message in cases:
        result = runner.invoke(args=[*args, "--password-stdin"], input="a-long-enough-password\n")
        assert result.exit_code != 0
        assert message in result.output, result.output
    result = runner.invoke(
        args=["users", "create", "ok@example.se", "--name", "X", "--password-stdin"],
        input="short\n",
    )
    assert result.exit_code != 0 and "at least 12" in result.output
    assert rows(app, Person) == before


def test_users_set_password(app, runner, factory):
    person = factory.person()
    result = runner.invoke(
        args=["users", "set-password", person.email, "--password-stdin"], input="brand-new-secret\n"
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert people.authenticate(db.session, person.email, "brand-new-secret") is not None
        # Hashed with the configured method, passed in by the command.
        stored = db.session.get(Person, person.id).password_hash
        assert stored.startswith(app.config["PASSWORD_HASH_METHOD"] + "$")
    result = runner.invoke(
        args=["users", "set-password", "nobody@example.se", "--password-stdin"], input="x" * 12
    )
    assert result.exit_code != 0 and "No person" in result.output


def test_demo_loads_a_municipality_into_an_empty_database(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "politician" in result.output and "admin" in result.output
    assert rows(app, Organisation) >= 8
    assert 15 <= rows(app, Person) <= 22
    assert 5 <= rows(app, StrategicArea) <= 6
    assert 25 <= rows(app, Improvement) <= 35
    assert rows(app, Meeting) == 3  # two held, one coming with its proposed agenda
    assert rows(app, AgendaItem) >= 6 and rows(app, Decision) == 4
    assert rows(app, TeamRoleResult) >= 30
    assert rows(app, PublishedReport) == 1  # the politicians start on it
    with app.app_context():
        periods = db.session.scalars(select(StatusUpdate.period).distinct()).all()
        roles = set(db.session.scalars(select(Person.role)))
        assert len(periods) >= 6
        assert roles == {Role.ADMIN, Role.MEMBER, Role.POLITICIAN}
        # Every area is owned across more than one organisation.
        for area in db.session.scalars(select(StrategicArea)):
            orgs = {area.lead.organisation_id} | {p.organisation_id for p in area.co_owners}
            assert len(orgs) >= 2, area.code
        # People sign in with the demo password.
        admin = db.session.scalar(select(Person).where(Person.role == Role.ADMIN))
        password = app.config["DEMO_PASSWORD"]
        assert people.authenticate(db.session, admin.email, password) is not None


def test_demo_refuses_a_non_empty_database_unless_reset(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    people_before = rows(app, Person)
    result = runner.invoke(args=["demo"])
    assert result.exit_code != 0 and "not empty" in result.output
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0 and "not loaded again" in result.output
    assert rows(app, Person) == people_before
    result = runner.invoke(args=["demo", "--reset"])
    assert result.exit_code == 0, result.output
    assert rows(app, Person) == people_before


def test_remind_refuses_a_period_in_the_one_parsers_words(app, runner):
    result = runner.invoke(args=["remind", "--period", "2026-13", "--dry-run"])
    assert result.exit_code != 0
    assert "Write the period as YYYY-MM, for example 2026-10." in result.output
    result = runner.invoke(args=["remind", "--period", "2099-01", "--dry-run"])
    assert result.exit_code != 0 and "The period 2099-01 has not begun yet." in result.output
