"""The portfolio as it stood: versions of improvements and areas, and the moment that fixes a
period's figures.

A period's figures are those of the portfolio as it stood at the end of the period's deadline
day: an item added later, closed, archived or reassigned later does not change them. The
versions are written in the flush that changes an item (the pattern of SQLAlchemy's
"versioned_history" example), so that no way of changing an item (a page, the API, the CLI,
the demo) can forget them.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import cached_property, lru_cache
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    event,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session, UOWTransaction, aliased
from sqlalchemy.orm.attributes import instance_state
from sqlalchemy.orm.interfaces import ORMOption

from tracker.models import (
    AreaVersion,
    Improvement,
    ImprovementState,
    ImprovementVersion,
    Person,
    PersonVersion,
    StrategicArea,
    area_version_co_owner,
    utcnow,
)
from tracker.services import periods
from tracker.services.periods import STOCKHOLM

# What a version keeps: the attributes (and the relationships that set them) that decide
# whether an item is due a report in a period, and whose it is.
IMPROVEMENT_TRACKED = (
    "area",
    "area_id",
    "owner",
    "owner_id",
    "deputy",
    "deputy_id",
    "organisation",
    "organisation_id",
    "start",
    "state",
    "archived",
)
AREA_TRACKED = ("lead", "lead_id", "co_owners", "plan_from", "archived")
PERSON_TRACKED = ("organisation", "organisation_id")
BEGINNING = datetime(1900, 1, 1, tzinfo=UTC)

Version = ImprovementVersion | AreaVersion | PersonVersion
Versioned = Improvement | StrategicArea | Person
Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])


def moment(period: str, deadline_day: int) -> datetime:
    """The end of ``period``'s deadline day (Stockholm), in UTC: its figures are those of the
    portfolio as it stood then. For a period whose deadline is still to come, that is the
    portfolio as it stands now."""
    after = periods.deadline(period, deadline_day) + timedelta(days=1)
    return datetime.combine(after, time(), STOCKHOLM).astimezone(UTC)


def at(
    version: type[ImprovementVersion] | type[AreaVersion] | type[PersonVersion], instant: datetime
) -> ColumnElement[bool]:
    """The condition that ``version`` (an aliased ImprovementVersion or AreaVersion) is the one
    that held just before ``instant``."""
    return and_(
        version.valid_from < instant, or_(version.valid_to.is_(None), version.valid_to >= instant)
    )


DUE_STATES = (ImprovementState.PLANNED, ImprovementState.ONGOING)


# Who was due what: the portfolio as it stood at a period's deadline.


@dataclass
class Then:
    """The improvement's and its area's versions at a period's deadline, as aliases to join to
    a query over Improvement, and the rule that says the improvement was due a report.

    Due: in the portfolio by the deadline, planned or ongoing and not archived then (nor its
    area), and started by the end of the period.
    """

    period: str
    instant: datetime
    iv: type[ImprovementVersion]  # aliased
    av: type[AreaVersion]  # aliased

    @cached_property
    def due(self) -> ColumnElement[bool]:
        iv, av = self.iv, self.av
        return and_(
            iv.id.is_not(None),
            iv.state.in_(DUE_STATES),
            iv.archived.is_(False),
            or_(av.id.is_(None), av.archived.is_(False)),
            or_(iv.start.is_(None), iv.start <= periods.last_day(self.period)),
        )

    @cached_property
    def _on(self) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
        iv, av = self.iv, self.av
        return (
            and_(iv.improvement_id == Improvement.id, at(iv, self.instant)),
            and_(av.area_id == iv.area_id, at(av, self.instant)),
        )

    def join(self, query: Q) -> Q:
        """``query`` (which selects from Improvement) with the versions joined, outer."""
        on_improvement, on_area = self._on
        return query.outerjoin(self.iv, on_improvement).outerjoin(self.av, on_area)


@lru_cache(maxsize=128)
def then(period: str, deadline_day: int) -> Then:
    """The versions at ``period``'s deadline. SQL expressions never change once made, so one
    is kept per period and deadline day rather than built again for every query."""
    return Then(
        period,
        moment(period, deadline_day),
        aliased(ImprovementVersion, name="iv"),
        aliased(AreaVersion, name="av"),
    )


def due_improvements_query(period: str, deadline_day: int) -> Select[Improvement]:
    """Improvements due a report for ``period``, as the portfolio stood at its deadline."""
    when = then(period, deadline_day)
    return when.join(select(Improvement)).where(when.due)


def improvement_then(
    session: Session, improvement: Improvement, period: str, deadline_day: int
) -> ImprovementVersion | None:
    """The improvement's version at ``period``'s deadline if it was due a report then, else
    None."""
    when = then(period, deadline_day)
    return session.scalar(
        when.join(select(when.iv).select_from(Improvement)).where(
            Improvement.id == improvement.id, when.due
        )
    )


def area_owners_then(
    session: Session, period: str, deadline_day: int, area_ids: Iterable[int] | None = None
) -> dict[int, list[int]]:
    """{area id: [lead id, co-owner ids...]} of the areas due assessments for ``period``: in
    the portfolio by its deadline, not archived then, their plan begun by the period's end;
    their owners as they were then. Two small queries, no objects."""
    instant = moment(period, deadline_day)
    query = select(AreaVersion.id, AreaVersion.area_id, AreaVersion.lead_id).where(
        at(AreaVersion, instant),
        AreaVersion.archived.is_(False),
        or_(AreaVersion.plan_from.is_(None), AreaVersion.plan_from <= periods.last_day(period)),
    )
    if area_ids is not None:
        query = query.where(AreaVersion.area_id.in_(list(area_ids)))
    found = session.execute(query).all()
    co_owners: dict[int, list[int]] = {}
    if found:
        for version_id, person_id in session.execute(
            select(area_version_co_owner.c.area_version_id, area_version_co_owner.c.person_id)
            .where(area_version_co_owner.c.area_version_id.in_([v.id for v in found]))
            .order_by(area_version_co_owner.c.person_id)
        ):
            co_owners.setdefault(version_id, []).append(person_id)
    return {v.area_id: [v.lead_id, *co_owners.get(v.id, [])] for v in found}


def areas_then(
    session: Session, period: str, deadline_day: int, *options: ORMOption
) -> list[StrategicArea]:
    """The areas in the portfolio at ``period``'s deadline, not archived then, in the group's
    order."""
    instant = moment(period, deadline_day)
    in_portfolio = select(AreaVersion.area_id).where(
        at(AreaVersion, instant), AreaVersion.archived.is_(False)
    )
    return list(
        session.scalars(
            select(StrategicArea)
            .where(StrategicArea.id.in_(in_portfolio))
            .options(*options)
            .order_by(StrategicArea.order, StrategicArea.code)
        )
    )


def organisations_then(
    session: Session, person_ids: Iterable[int], period: str, deadline_day: int
) -> dict[int, int | None]:
    """{person id: the organisation id they belonged to at ``period``'s deadline}."""
    instant = moment(period, deadline_day)
    return dict(
        session.execute(
            select(PersonVersion.person_id, PersonVersion.organisation_id).where(
                PersonVersion.person_id.in_(list(person_ids)), at(PersonVersion, instant)
            )
        ).all()
    )


def clock() -> datetime:
    """When a change happens (tests set it with the day they pretend it is)."""
    return utcnow()


def _changed(obj: Versioned, names: Iterable[str]) -> bool:
    state = instance_state(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _improvement_values(obj: Improvement) -> dict[str, object]:
    return {
        "area_id": obj.area_id,
        "owner_id": obj.owner_id,
        "deputy_id": obj.deputy_id,
        "organisation_id": obj.organisation_id,
        "start": obj.start,
        "state": obj.state,
        "archived": bool(obj.archived),
    }


def _area_values(obj: StrategicArea) -> dict[str, object]:
    return {"lead_id": obj.lead_id, "plan_from": obj.plan_from, "archived": bool(obj.archived)}


def _person_values(obj: Person) -> dict[str, object]:
    return {"organisation_id": obj.organisation_id}


def _values(obj: Versioned) -> dict[str, object]:
    """What the version of ``obj`` holds."""
    if isinstance(obj, Improvement):
        return _improvement_values(obj)
    if isinstance(obj, StrategicArea):
        return _area_values(obj)
    return _person_values(obj)


# For each kind of item: what a change must touch to make a new version, and the version model
# and its key column.
KINDS: tuple[tuple[type[Versioned], tuple[str, ...], type[Version], str], ...] = (
    (Improvement, IMPROVEMENT_TRACKED, ImprovementVersion, "improvement_id"),
    (StrategicArea, AREA_TRACKED, AreaVersion, "area_id"),
    (Person, PERSON_TRACKED, PersonVersion, "person_id"),
)


def _record(session: Session, _flush_context: UOWTransaction) -> None:
    """After a flush: a new version for every item created or changed in what a version keeps;
    the version it replaces ends now. Runs on the flush's own connection, in its transaction."""
    now = clock()
    connection: Connection | None = None
    for obj in [*session.new, *session.dirty]:
        new = obj in session.new
        for model, tracked, version, key in KINDS:
            if not isinstance(obj, model) or not (new or _changed(obj, tracked)):
                continue
            # A person's first organisation holds from the beginning: it is only asked of area
            # owners, who were people then. An item's first version begins when it was made.
            since = now if not new else BEGINNING if model is Person else obj.created_at
            connection = connection or session.connection()
            if not new:
                connection.execute(
                    update(version)
                    .where(getattr(version, key) == obj.id, version.valid_to.is_(None))
                    .values(valid_to=since)
                )
            version_id = connection.execute(
                insert(version)
                .values({key: obj.id, "valid_from": since, **_values(obj)})
                .returning(version.id)
            ).scalar_one()
            if isinstance(obj, StrategicArea) and obj.co_owners:
                connection.execute(
                    insert(area_version_co_owner),
                    [{"area_version_id": version_id, "person_id": p.id} for p in obj.co_owners],
                )


def init_app(app: object) -> None:
    """Write versions in every session's flush (once per process, whatever the app)."""
    if not event.contains(Session, "after_flush", _record):
        event.listen(Session, "after_flush", _record)
