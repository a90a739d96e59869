"""Reading the portfolio: areas, owners, improvements and their latest status.

Every function loads what a page shows with a fixed number of queries, whatever the size.
"""

from collections.abc import Iterable

from sqlalchemy import Subquery, func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.interfaces import ORMOption

from tracker.models import (
    Improvement,
    ImprovementState,
    Organisation,
    Person,
    StatusUpdate,
    StrategicArea,
    area_co_owner,
    improvement_organisation,
)
from tracker.status import NOT_REPORTED


def _area_options() -> tuple[ORMOption, ...]:
    return (
        selectinload(StrategicArea.lead).selectinload(Person.organisation),
        selectinload(StrategicArea.co_owners).selectinload(Person.organisation),
        selectinload(StrategicArea.organisations),
        selectinload(StrategicArea.improvements).options(
            selectinload(Improvement.owner).selectinload(Person.organisation),
            selectinload(Improvement.deputy),
            selectinload(Improvement.organisation),
        ),
    )


def areas(session: Session, include_archived: bool = False) -> list[StrategicArea]:
    query = select(StrategicArea).options(*_area_options())
    if not include_archived:
        query = query.where(StrategicArea.archived.is_(False))
    return list(session.scalars(query.order_by(StrategicArea.order, StrategicArea.code)))


def area_codes(session: Session) -> list[str]:
    """The codes of the areas the portfolio shows, in its order."""
    return list(
        session.scalars(
            select(StrategicArea.code)
            .where(StrategicArea.archived.is_(False))
            .order_by(StrategicArea.order, StrategicArea.code)
        )
    )


def _latest_ids(improvement_ids: Iterable[int] | None = None) -> Subquery:
    """A subquery: the id of each improvement's newest update (improvement_id, id); only the
    updates of ``improvement_ids`` are ranked when they are given."""
    ranked_query = select(
        StatusUpdate.improvement_id,
        StatusUpdate.id,
        func.row_number()
        .over(partition_by=StatusUpdate.improvement_id, order_by=StatusUpdate.period.desc())
        .label("rank"),
    )
    if improvement_ids is not None:
        ranked_query = ranked_query.where(StatusUpdate.improvement_id.in_(list(improvement_ids)))
    ranked = ranked_query.subquery()
    return select(ranked.c.improvement_id, ranked.c.id).where(ranked.c.rank == 1).subquery("latest")


def find(
    session: Session,
    *,
    area: StrategicArea | None = None,
    organisation: Organisation | None = None,
    owner: Person | None = None,
    state: ImprovementState | None = None,
    status: str | None = None,
) -> tuple[list[Improvement], dict[int, StatusUpdate]]:
    """Improvements (not archived) matching every given filter, and their latest updates.

    ``area``, ``organisation`` and ``owner`` are rows; ``organisation`` matches the responsible
    or a contributing organisation; ``status`` is a latest status or NOT_REPORTED.
    """
    latest = _latest_ids()
    query = (
        select(Improvement)
        .join(StrategicArea, Improvement.area_id == StrategicArea.id)
        .outerjoin(latest, latest.c.improvement_id == Improvement.id)
        .outerjoin(StatusUpdate, StatusUpdate.id == latest.c.id)
        .where(Improvement.archived.is_(False))
    )
    if area is not None:
        query = query.where(Improvement.area_id == area.id)
    if organisation is not None:
        contributing = select(improvement_organisation.c.improvement_id).where(
            improvement_organisation.c.organisation_id == organisation.id
        )
        query = query.where(
            or_(
                Improvement.organisation_id == organisation.id,
                Improvement.id.in_(contributing),
            )
        )
    if owner is not None:
        query = query.where(Improvement.owner_id == owner.id)
    if state is not None:
        query = query.where(Improvement.state == state)
    if status == NOT_REPORTED:
        query = query.where(latest.c.id.is_(None))
    elif status is not None:
        query = query.where(StatusUpdate.status == status)
    query = query.order_by(StrategicArea.order, StrategicArea.code, Improvement.code).options(
        selectinload(Improvement.area),
        selectinload(Improvement.owner).selectinload(Person.organisation),
        selectinload(Improvement.organisation),
    )
    found = list(session.scalars(query))
    ids = [i.id for i in found]
    return found, (latest_updates(session, ids) if ids else {})


def latest_updates(
    session: Session, improvement_ids: Iterable[int] | None = None
) -> dict[int, StatusUpdate]:
    """The newest update of each improvement, by improvement id, in one query."""
    latest = _latest_ids(improvement_ids)
    query = select(StatusUpdate).join(latest, latest.c.id == StatusUpdate.id)
    return {u.improvement_id: u for u in session.scalars(query)}


def held_by(
    session: Session, person: Person
) -> tuple[list[StrategicArea], dict[int, list[Improvement]]]:
    """What this person answers for: areas they lead or co-own, improvements they own or deputise.

    Returns (areas, improvements_by_area): the areas that hold something of theirs, in order,
    and for each area id the improvements they own or deputise for.
    """
    owned = list(
        session.scalars(
            select(Improvement)
            .where(or_(Improvement.owner_id == person.id, Improvement.deputy_id == person.id))
            .options(
                selectinload(Improvement.owner),
                selectinload(Improvement.deputy),
                selectinload(Improvement.organisation),
            )
            .order_by(Improvement.code)
        )
    )
    co_owned = select(area_co_owner.c.area_id).where(area_co_owner.c.person_id == person.id)
    area_ids = {i.area_id for i in owned}
    query = (
        select(StrategicArea)
        .where(
            StrategicArea.archived.is_(False),
            or_(
                StrategicArea.lead_id == person.id,
                StrategicArea.id.in_(co_owned),
                StrategicArea.id.in_(area_ids or [-1]),
            ),
        )
        .options(
            selectinload(StrategicArea.lead).selectinload(Person.organisation),
            selectinload(StrategicArea.co_owners).selectinload(Person.organisation),
        )
        .order_by(StrategicArea.order, StrategicArea.code)
    )
    owned_areas = list(session.scalars(query))
    by_area: dict[int, list[Improvement]] = {}
    for improvement in owned:
        by_area.setdefault(improvement.area_id, []).append(improvement)
    return owned_areas, by_area


def owns_anything(session: Session, person: Person) -> bool:
    improvement = select(Improvement.id).where(
        or_(Improvement.owner_id == person.id, Improvement.deputy_id == person.id)
    )
    area = select(StrategicArea.id).where(
        StrategicArea.archived.is_(False),
        or_(
            StrategicArea.lead_id == person.id,
            StrategicArea.id.in_(
                select(area_co_owner.c.area_id).where(area_co_owner.c.person_id == person.id)
            ),
        ),
    )
    return bool(
        session.scalar(select(improvement.exists())) or session.scalar(select(area.exists()))
    )
