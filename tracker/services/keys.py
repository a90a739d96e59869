"""Finding a row by its key (an organisation's, an area's or an improvement's code, a person's
email), and an index of every such row for work on many rows in one transaction.

A page reads the few rows it names. An import names thousands: under ``indexed`` the session
carries an index of every organisation, person, strategic area and improvement, read once and
locked (as ``audit.locked`` and ``validate.holders`` would lock each one), and of the reports
of the months asked for; the lookups here read the index instead of the database, so that
the number of queries does not grow with the rows."""

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from tracker.models import (
    AreaAssessment,
    Improvement,
    Organisation,
    Person,
    StatusUpdate,
    StrategicArea,
)

INFO = "tracker.keys"
R = TypeVar("R")

# Each kind of row with a key: the key's column, what is read with the rows (the lists a
# check compares; a row's other rows are in the index already) and the order its rows are
# locked in. The kinds are locked in the order a page's save locks them (an improvement or an
# area, then the people who hold it: validate.holders; the admins in id order), and an area's
# rows as areas.move locks them: else a save that began first and an import lock each
# what the other waits for (PostgreSQL ends one of them: deadlock detected).
KEYED: dict[type, tuple[InstrumentedAttribute[Any], tuple[Any, ...], tuple[Any, ...]]] = {
    Improvement: (Improvement.code, (selectinload(Improvement.organisations),), (Improvement.id,)),
    StrategicArea: (
        StrategicArea.code,
        (selectinload(StrategicArea.co_owners), selectinload(StrategicArea.organisations)),
        (StrategicArea.order, StrategicArea.code),
    ),
    Organisation: (Organisation.code, (), (Organisation.id,)),
    Person: (Person.email, (), (Person.id,)),
}


# How an index holds a kind of row: locked to be changed (FOR UPDATE), locked so that it
# cannot change meanwhile (FOR SHARE: what a check reads, validate.holders), or read only.
UPDATE, SHARE = "update", "share"
EVERY = dict.fromkeys(KEYED, UPDATE)


class Index:
    """Every row with a key, by its key in lower case; and the reports of some months."""

    def __init__(self, session: Session, locks: Mapping[type, str] = EVERY) -> None:
        self.session = session
        self.rows: dict[type, dict[str, Any]] = {}
        self.locked: dict[int, str] = {}  # id(row): UPDATE or SHARE
        for model, (column, options, order) in KEYED.items():
            query: Select[Any] = select(model).options(*options).order_by(*order)
            lock = locks.get(model)
            if lock is not None:
                query = query.with_for_update(read=lock == SHARE)
            found = session.scalars(query.execution_options(populate_existing=True))
            self.rows[model] = {getattr(row, column.key).lower(): row for row in found}
            if lock is not None:
                self.locked.update(dict.fromkeys(map(id, self.rows[model].values()), lock))
        self.reports: dict[tuple[int, str], StatusUpdate] = {}
        self.assessments: dict[tuple[int, str, int], AreaAssessment] = {}
        self.months: set[str] = set()
        self.made: dict[Hashable, Any] = {}

    def find(self, model: type[R], value: str, *, any_case: bool = True) -> R | None:
        found = self.rows[model].get(value.lower())
        column = KEYED[model][0]
        if found is not None and not any_case and getattr(found, column.key) != value:
            return None
        return found

    def add(self, row: object) -> None:
        """A row made in the transaction (it holds its key)."""
        column = KEYED[type(row)][0]
        self.rows[type(row)][getattr(row, column.key).lower()] = row
        self.locked[id(row)] = UPDATE  # no one else sees it until the transaction ends

    def all(self, model: type[R]) -> Iterable[R]:
        return self.rows[model].values()

    def read_months(self, months: Iterable[str]) -> None:
        """Read every report and assessment of ``months`` once (an import's Uppföljning and
        Områdesbedömningar)."""
        wanted = sorted(set(months) - self.months)
        if not wanted:
            return
        query = select(StatusUpdate).where(StatusUpdate.period.in_(wanted))
        for report in self.session.scalars(query):
            self.add_report(report)
        assessed = select(AreaAssessment).where(AreaAssessment.period.in_(wanted))
        for assessment in self.session.scalars(assessed):
            self.add_assessment(assessment)
        self.months.update(wanted)

    def add_report(self, report: StatusUpdate) -> None:
        self.reports[(report.improvement_id, report.period)] = report

    def add_assessment(self, assessment: AreaAssessment) -> None:
        key = (assessment.area_id, assessment.period, assessment.person_id)
        self.assessments[key] = assessment


def of(session: Session) -> Index | None:
    index = session.info.get(INFO)
    return index if isinstance(index, Index) else None


@contextmanager
def indexed(session: Session, locks: Mapping[type, str] = EVERY) -> Iterator[Index]:
    """Work on many rows: the index for the session (read now, each kind of row locked as
    ``locks`` says, in the order KEYED gives) and no flush before each query (what is added is
    flushed when a row needs its id, or at the end)."""
    index = Index(session, locks)
    session.info[INFO] = index
    try:
        with session.no_autoflush:
            yield index
        session.flush()
    finally:
        session.info.pop(INFO, None)


def find(session: Session, model: type[R], value: str, *, any_case: bool = True) -> R | None:
    """The row of ``model`` whose key is ``value`` (in any case, or exactly), or None."""
    index = of(session)
    if index is not None:
        return index.find(model, value, any_case=any_case)
    column = KEYED[model][0]
    condition = func.lower(column) == value.lower() if any_case else column == value
    return session.scalar(select(model).where(condition))


def held(session: Session, row: object, *, to_change: bool) -> bool:
    """Whether the session's index read ``row`` locked (``to_change``: locked to be changed), so
    that it need not be read and locked again."""
    index = of(session)
    lock = index.locked.get(id(row)) if index is not None else None
    return lock == UPDATE or (lock == SHARE and not to_change)


def report(session: Session, improvement: Improvement, month: str) -> StatusUpdate | None:
    """The improvement's report for ``month``, if it has one."""
    index = of(session)
    if index is not None and month in index.months:
        return index.reports.get((improvement.id, month))
    return session.scalar(
        select(StatusUpdate).where(
            StatusUpdate.improvement_id == improvement.id, StatusUpdate.period == month
        )
    )


def assessment(
    session: Session, area: StrategicArea, month: str, person: Person
) -> AreaAssessment | None:
    """The person's assessment of the area for ``month``, if they made one."""
    index = of(session)
    if index is not None and month in index.months:
        return index.assessments.get((area.id, month, person.id))
    return session.scalar(
        select(AreaAssessment).where(
            AreaAssessment.area_id == area.id,
            AreaAssessment.period == month,
            AreaAssessment.person_id == person.id,
        )
    )


def once(session: Session, key: Hashable, make: Callable[[], R]) -> R:
    """``make()``, made once while the session's index lasts (each time without one)."""
    index = of(session)
    if index is None:
        return make()
    if key not in index.made:
        index.made[key] = make()
    return index.made[key]  # type: ignore[no-any-return]
