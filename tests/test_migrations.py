"""The migrations build the same schema as the models, on SQLite and on PostgreSQL."""

import os
import uuid
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError

from tests.pages import figures
from tracker import create_app
from tracker.extensions import db
from tracker.models import (
    AuditEvent,
    Improvement,
    ImprovementState,
    Organisation,
    Role,
    StrategicArea,
)
from tracker.services import areas, deadlines, demo, history, improvements, people, periods


@pytest.fixture
def empty_database_uri(backend, tmp_path):
    """A database nobody has created tables in."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    url = make_url(os.environ["TEST_DATABASE_URL"])
    name = f"tracker_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_matches_the_models_and_downgrades_cleanly(empty_database_uri):
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": empty_database_uri}
    )
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == []
        downgrade(revision="base")
        with db.engine.connect() as conn:
            tables = set(db.inspect(conn).get_table_names()) - {"alembic_version"}
        assert tables == set()
        db.engine.dispose()


@pytest.fixture
def demo_app(empty_database_uri):
    """An app whose database the migrations made and the demo fills; in its app context."""
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": empty_database_uri}
    )
    with app.app_context():
        upgrade()
        demo.load(db.session, password="demo-password-long", deadline_day=10)
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_the_backfill_keeps_the_demos_past_figures(demo_app):
    """The demo with some changes of today: every closed month's figures are the same after
    the versions are dropped (revision 0007) and rebuilt from the history by 0008."""
    group = people.group_members(db.session)
    admin = next(p for p in group if p.role == Role.ADMIN)
    moved, closed = db.session.scalars(
        select(Improvement)
        .where(Improvement.state == ImprovementState.ONGOING)
        .order_by(Improvement.code)
        .limit(2)
    ).all()
    someone = next(p for p in group if p.role == Role.MEMBER and p.id != moved.owner_id)
    improvements.update(db.session, moved, {"owner": someone.email}, admin)
    improvements.close(db.session, closed, "done", "Klart.", admin)
    area = db.session.scalar(select(StrategicArea).order_by(StrategicArea.code))
    areas.update(
        db.session,
        area,
        {"lead": someone.email, "co_owners": [p.email for p in area.co_owners[1:]]},
        admin,
    )
    # The lead moves to another organisation.
    elsewhere = db.session.scalar(
        select(Organisation).where(Organisation.id != area.lead.organisation_id).limit(1)
    )
    people.update(db.session, area.lead, {"organisation": elsewhere.code}, admin)
    db.session.commit()
    today = periods.today_local()
    last = deadlines.reported_period(today, 10)
    closed_months = [periods.shift(last, -n) for n in range(18)]
    before = {p: figures(p, today) for p in closed_months}
    assert any(f["missing reports"] for f in before.values())
    db.session.remove()
    downgrade(revision="0007")
    upgrade()
    db.session.expire_all()
    after = {p: figures(p, today) for p in closed_months}
    for period in closed_months:
        assert after[period] == before[period], period


def test_the_history_migration_keeps_every_event_and_names_by_id(demo_app):
    """The demo with some changes, its history taken back to the text of revision 0010 and
    migrated again by 0011: every event is kept and names the same rows; a key written
    before it changed is found through the change; what names no row stays as text."""
    admin, member = _an_admin_and_a_member()
    item = db.session.scalar(select(Improvement).where(Improvement.owner_id != member.id))
    improvements.update(db.session, item, {"owner": member.email}, admin)
    improvements.update(db.session, item, {"code": "KLG-99"}, admin)
    db.session.commit()

    def shown():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        return [
            (
                e.event.id,
                e.event.action,
                e.event.field,
                e.item_key,
                e.old_key,
                e.new_key,
                e.actor_key,
            )
            for e in history.entries(db.session, events)
        ]

    before = shown()
    member_id, member_email, item_id = member.id, member.email, item.id
    db.session.remove()
    downgrade(revision="0010")
    with db.engine.begin() as conn:
        assert conn.scalar(text("SELECT count(*) FROM audit_event")) == len(before)
        # Text as 0010 wrote it: the owner by email, and a change of that email; and an
        # owner nobody has.
        conn.execute(
            text(
                "INSERT INTO audit_event (at, action, entity_type, entity_id, entity_label,"
                " field, old_value, new_value) VALUES"
                " (:at, 'update', 'person', :pid, :label, 'email', 'm.old@sjovik.example', :now),"
                " (:at, 'update', 'improvement', :iid, 'KLG-99', 'owner',"
                "  'm.old@sjovik.example', :now),"
                " (:at, 'update', 'improvement', :iid, 'KLG-99', 'owner',"
                "  'gone@nowhere.example', :now)"
            ),
            {
                "at": datetime.now(UTC),
                "pid": member_id,
                "iid": item_id,
                "now": member_email,
                "label": member_email,
            },
        )
    upgrade()
    db.session.expire_all()
    after = shown()
    assert after[: len(before)] == before
    email_change, resolved, unknown = db.session.scalars(
        select(AuditEvent).order_by(AuditEvent.id).offset(len(before))
    ).all()
    # A person's own email is no longer kept in the history; the event is.
    assert (email_change.field, email_change.old_value, email_change.new_value) == (
        "email",
        None,
        None,
    )
    assert (resolved.value_kind, resolved.old_value, resolved.new_value) == (
        "person",
        str(member_id),
        str(member_id),
    )
    assert resolved.entity_label == ""
    assert (unknown.value_kind, unknown.old_value) == (None, "gone@nowhere.example")
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text("DELETE FROM audit_event"))
    db.session.rollback()


def _an_admin_and_a_member():
    members = people.group_members(db.session)
    admin = next(p for p in members if p.role == Role.ADMIN)
    member = next(p for p in members if p.role == Role.MEMBER)
    return admin, member
