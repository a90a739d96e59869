"""The migrations build the same schema as the models, on SQLite and on PostgreSQL."""

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from tests.pages import figures
from tracker import create_app
from tracker.extensions import db
from tracker.models import (
    Improvement,
    ImprovementState,
    Organisation,
    Role,
    StrategicArea,
)
from tracker.services import areas, deadlines, demo, improvements, people, periods


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


def test_the_backfill_keeps_the_demos_past_figures(empty_database_uri):
    """The demo with some changes of today: every closed month's figures are the same after
    the versions are dropped (revision 0007) and rebuilt from the history by 0008."""
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": empty_database_uri}
    )
    with app.app_context():
        upgrade()
        demo.load(db.session, password="demo-password-long", deadline_day=10)
        db.session.commit()
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
        db.session.remove()
        db.engine.dispose()
