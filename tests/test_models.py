"""The data model behaves the same on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from tracker import models
from tracker.extensions import db
from tracker.models import AuditEvent, Organisation, OrganisationKind, Status, StatusUpdate


def test_times_are_stored_in_utc_and_come_back_aware(app):
    stockholm_noon = datetime(2026, 7, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    with app.app_context():
        event = AuditEvent(action="test", entity_type="x", entity_id=1, at=stockholm_noon)
        db.session.add(event)
        db.session.commit()
        db.session.expire_all()
        at = db.session.scalar(select(AuditEvent.at))
    assert at.tzinfo is not None
    assert at == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)


def test_naive_datetimes_are_refused(app):
    with app.app_context():
        db.session.add(
            AuditEvent(action="t", entity_type="x", entity_id=1, at=datetime(2026, 1, 1))  # noqa: DTZ001
        )
        with pytest.raises(Exception, match="naive datetime"):
            db.session.flush()


def test_codes_are_unique(app):
    with app.app_context():
        db.session.add(Organisation(code="X", name="A", kind=OrganisationKind.CENTRAL))
        db.session.add(Organisation(code="X", name="B", kind=OrganisationKind.CENTRAL))
        with pytest.raises(IntegrityError):
            db.session.commit()


def test_one_update_per_improvement_and_period(app, factory):
    made = factory.portfolio(areas=1, improvements_per_area=1, periods=("2026-10",))
    with pytest.raises(IntegrityError):
        factory.update(made.improvements[0], "2026-10")


def test_progress_is_checked_by_the_database(app, factory):
    made = factory.portfolio(areas=1, improvements_per_area=1, periods=())
    with pytest.raises(IntegrityError):
        factory.update(made.improvements[0], "2026-10", progress=101)


def test_update_version_guards_against_lost_writes(app, factory):
    made = factory.portfolio(areas=1, improvements_per_area=1, periods=("2026-10",))
    with app.app_context():
        update = db.session.scalar(select(StatusUpdate))
        update_id = update.id
        assert update.version == 1
        update.status = Status.AT_RISK
        db.session.commit()
        assert update.version == 2
        # Another writer changed the row since this session read it.
        db.session.execute(
            StatusUpdate.__table__.update().values(version=3).where(StatusUpdate.id == update.id)
        )
        update.progress = 99
        with pytest.raises(StaleDataError):
            db.session.commit()
    # Nothing of the refused write was kept: the row is as last committed.
    with app.app_context():
        stored = db.session.get(StatusUpdate, update_id)
        assert (stored.improvement_id, stored.version, stored.status, stored.progress) == (
            made.improvements[0].id,
            2,
            Status.AT_RISK,
            10,
        )


@pytest.mark.parametrize(
    ("name", "owner", "other"),
    [
        ("area_co_owner", "strategic_area.id", "person.id"),
        ("area_organisation", "strategic_area.id", "organisation.id"),
        ("improvement_organisation", "improvement.id", "organisation.id"),
        ("area_version_co_owner", "area_version.id", "person.id"),
        ("meeting_attendee", "meeting.id", "person.id"),
    ],
)
def test_a_link_row_goes_with_its_owner_and_only_names_the_other(name, owner, other):
    table = getattr(models, name)
    assert table.name == name and table is db.metadata.tables[name]
    links = [(fk.target_fullname, fk.ondelete) for c in table.columns for fk in c.foreign_keys]
    assert links == [(owner, "CASCADE"), (other, None)]
    assert [c.primary_key for c in table.columns] == [True, True]
