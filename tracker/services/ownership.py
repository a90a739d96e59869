"""The ownership map: who carries what across departments and companies, and what to act on.

Loaded with a fixed number of queries; the shaping is plain Python over the loaded rows.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.access import GROUP_ROLES
from tracker.models import (
    Improvement,
    ImprovementState,
    Organisation,
    Person,
    Role,
    StrategicArea,
)

CLOSED = (ImprovementState.DONE, ImprovementState.CANCELLED)


@dataclass
class Flag:
    kind: str  # single_org_area, idle_member, ownerless, overdue, inactive_owner
    subject: StrategicArea | Improvement | Person
    detail: str = ""


@dataclass
class Cell:
    lead: bool = False
    co_owner: bool = False
    contributing: bool = False
    responsible: int = 0  # improvements this organisation answers for in the area
    owner: int = 0  # improvements this person owns in the area
    deputy: int = 0

    @property
    def empty(self) -> bool:
        return not (
            self.lead
            or self.co_owner
            or self.contributing
            or self.responsible
            or self.owner
            or self.deputy
        )


@dataclass
class OwnershipMap:
    areas: list[StrategicArea]
    organisations: list[Organisation]
    people: list[Person]
    by_org: dict[tuple[int, int], Cell] = field(default_factory=dict)  # (area_id, org_id)
    by_person: dict[tuple[int, int], Cell] = field(default_factory=dict)  # (area_id, person_id)
    flags: list[Flag] = field(default_factory=list)

    def org_cell(self, area: StrategicArea, org: Organisation) -> Cell:
        return self.by_org.get((area.id, org.id), Cell())

    def person_cell(self, area: StrategicArea, person: Person) -> Cell:
        return self.by_person.get((area.id, person.id), Cell())


def build(session: Session, today: date) -> OwnershipMap:
    areas = list(
        session.scalars(
            select(StrategicArea)
            .where(StrategicArea.archived.is_(False))
            .options(
                selectinload(StrategicArea.lead),
                selectinload(StrategicArea.co_owners),
                selectinload(StrategicArea.organisations),
                selectinload(StrategicArea.improvements).options(
                    selectinload(Improvement.owner), selectinload(Improvement.deputy)
                ),
            )
            .order_by(StrategicArea.order, StrategicArea.code)
        )
    )
    organisations = list(
        session.scalars(
            select(Organisation).where(Organisation.archived.is_(False)).order_by(Organisation.name)
        )
    )
    people = list(
        session.scalars(
            select(Person)
            .where(Person.role.in_(GROUP_ROLES))
            .options(selectinload(Person.organisation))
            .order_by(Person.name)
        )
    )
    result = OwnershipMap(areas=areas, organisations=organisations, people=[])
    carried: dict[int, int] = {}  # person id -> how many things they carry

    def org_cell(area: StrategicArea, org_id: int) -> Cell:
        return result.by_org.setdefault((area.id, org_id), Cell())

    def person_cell(area: StrategicArea, person: Person) -> Cell:
        carried[person.id] = carried.get(person.id, 0) + 1
        return result.by_person.setdefault((area.id, person.id), Cell())

    for area in areas:
        person_cell(area, area.lead).lead = True
        owner_orgs = {area.lead.organisation_id}
        if area.lead.organisation_id:
            org_cell(area, area.lead.organisation_id).lead = True
        for person in area.co_owners:
            person_cell(area, person).co_owner = True
            owner_orgs.add(person.organisation_id)
            if person.organisation_id:
                org_cell(area, person.organisation_id).co_owner = True
        for org in area.organisations:
            org_cell(area, org.id).contributing = True
        if len(owner_orgs - {None}) <= 1:
            result.flags.append(Flag("single_org_area", area))
        for improvement in area.improvements:
            if improvement.archived:
                continue
            org_cell(area, improvement.organisation_id).responsible += 1
            person_cell(area, improvement.owner).owner += 1
            if improvement.deputy is not None:
                person_cell(area, improvement.deputy).deputy += 1
            if improvement.state in CLOSED:
                continue
            if not improvement.owner.active:
                result.flags.append(Flag("ownerless", improvement))
            if improvement.overdue(today):  # the one rule: a paused one is not overdue
                result.flags.append(Flag("overdue", improvement))

    for person in people:
        if person.active and person.role == Role.MEMBER and not carried.get(person.id):
            result.flags.append(Flag("idle_member", person))
        if not person.active and carried.get(person.id):
            result.flags.append(Flag("inactive_owner", person))
    # The map shows the active group and anyone inactive who still carries something.
    result.people = [p for p in people if p.active or carried.get(p.id)]
    return result
