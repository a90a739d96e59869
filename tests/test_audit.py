"""The helpers the services share to change a row and write its history in one go
(tracker.services.audit), and the checks they share (tracker.services.validate)."""

import pytest
from flask_babel import force_locale
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from tracker.extensions import db
from tracker.models import AuditEvent, MeetingKind, Organisation, OrganisationKind, Role
from tracker.services import Errors, validate
from tracker.services.audit import add_created, apply_changes


def _events(entity):
    return db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == entity.__tablename__, AuditEvent.entity_id == entity.id)
        .order_by(AuditEvent.id)
    ).all()


def test_apply_changes_sets_and_records_only_what_differs(app, factory):
    admin = factory.person(role=Role.ADMIN)
    made = factory.org(code="BOU", name="Barn- och utbildning")
    with app.app_context():
        org = db.session.get(Organisation, made.id)
        actor = db.session.merge(admin)
        changes = apply_changes(
            db.session, org, {"code": "BOU", "name": "Utbildning", "archived": True}, actor
        )
        assert changes == {
            "name": ("Barn- och utbildning", "Utbildning"),
            "archived": (False, True),
        }
        assert (org.name, org.archived) == ("Utbildning", True)
        events = _events(org)
        assert [(e.action, e.field, e.old_value, e.new_value, e.actor_id) for e in events] == [
            ("update", "name", "Barn- och utbildning", "Utbildning", admin.id),
            ("update", "archived", "false", "true", admin.id),
        ]


def test_apply_changes_with_nothing_new_records_nothing(app, factory):
    made = factory.org(code="KLK", name="Kommunledningskontoret")
    with app.app_context():
        org = db.session.get(Organisation, made.id)
        assert apply_changes(db.session, org, {"name": "Kommunledningskontoret"}, None) == {}
        assert _events(org) == []


def test_apply_changes_compares_lists_of_rows_by_id(app, factory):
    lead = factory.person()
    co = factory.person()
    made = factory.area(lead, co_owners=[co])
    with app.app_context():
        from tracker.models import Person, StrategicArea

        area = db.session.get(StrategicArea, made.id)
        same = [db.session.get(Person, co.id)]
        assert apply_changes(db.session, area, {"co_owners": same}, None) == {}
        changes = apply_changes(db.session, area, {"co_owners": []}, None)
        assert list(changes) == ["co_owners"]
        assert area.co_owners == []
        # Stored by id, with the table the ids are in: the name lives on the person alone.
        assert [(e.field, e.old_value, e.new_value, e.value_kind) for e in _events(area)] == [
            ("co_owners", str(co.id), "", "person")
        ]


def test_add_created_flushes_and_records_the_creation(app):
    with app.app_context():
        org = Organisation(code="SVB", name="Sjöviksbostäder AB", kind=OrganisationKind.COMPANY)
        add_created(db.session, org, None, {"code": (None, "SVB"), "name": (None, org.name)})
        assert org.id is not None
        # The item is the row, by id: no label to go stale when the code changes.
        assert [(e.action, e.field, e.new_value, e.entity_label) for e in _events(org)] == [
            ("create", "code", "SVB", ""),
            ("create", "name", "Sjöviksbostäder AB", ""),
        ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("development_day", MeetingKind.DEVELOPMENT_DAY),
        (MeetingKind.GROUP_MEETING, MeetingKind.GROUP_MEETING),
    ],
)
def test_choice_reads_an_enum_value(value, expected):
    errors = Errors()
    assert validate.choice(errors, "kind", MeetingKind, value) is expected
    assert not errors


@pytest.mark.parametrize("value", ["party", None, ""])
def test_choice_names_the_choices_otherwise(app, value):
    errors = Errors()
    assert validate.choice(errors, "kind", MeetingKind, value) is None
    with app.test_request_context(), force_locale("en"):
        assert [str(m) for m in errors.errors["kind"]] == [
            "Choose one of: group_meeting, development_day."
        ]


def test_unique_code_checks_the_code_and_that_no_other_row_has_it(app, factory):
    taken = factory.org(code="SBF")
    with app.app_context():
        errors = Errors()
        assert validate.unique_code(errors, db.session, Organisation, " sbf ") == "sbf"
        assert list(errors.errors) == ["code"] and errors.conflicts == {"code"}

        mine = Errors()
        own = db.session.get(Organisation, taken.id)
        assert validate.unique_code(mine, db.session, Organisation, "SBF", own) == "SBF"
        assert not mine

        bad = Errors()
        validate.unique_code(bad, db.session, Organisation, "två ord")
        assert list(bad.errors) == ["code"] and not bad.conflicts


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET new_value = 'Rewritten'",
        "UPDATE audit_event SET actor_id = NULL WHERE id = 1",
        "DELETE FROM audit_event",
        "DELETE FROM audit_event WHERE id = 1",
    ],
)
def test_the_database_refuses_to_rewrite_the_history(app, factory, statement):
    """Append-only in the database itself: the statement fails, whoever sends it, and every
    event is as it was."""
    admin = factory.person(role=Role.ADMIN)
    made = factory.org(code="BOU", name="Barn- och utbildning")
    with app.app_context():
        org = db.session.get(Organisation, made.id)
        apply_changes(db.session, org, {"name": "Utbildning"}, db.session.merge(admin))
        db.session.commit()
        before = _all_events()
        assert before
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
        assert _all_events() == before


def test_the_history_refuses_a_change_through_the_orm_and_truncate(app, factory, backend):
    admin = factory.person(role=Role.ADMIN)
    with app.app_context():
        org = db.session.get(Organisation, factory.org(name="Miljö").id)
        apply_changes(db.session, org, {"name": "Miljö och bygg"}, db.session.merge(admin))
        db.session.commit()
        before = _all_events()
        event = db.session.scalars(select(AuditEvent)).first()
        event.new_value = "Something else"
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.commit()
        db.session.rollback()
        if backend == "postgresql":
            with pytest.raises(DatabaseError, match="append-only"):
                db.session.execute(text("TRUNCATE audit_event"))
            db.session.rollback()
        assert _all_events() == before


def _all_events():
    columns = AuditEvent.__table__.columns
    return db.session.execute(select(*columns).order_by(AuditEvent.id)).all()
