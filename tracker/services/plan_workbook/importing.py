"""Importing the plan's workbook (docs/workbook.md, "Import"): each row names what it holds by
its key (a code, an email, an improvement and a month), and is added, or changes what it names,
through the app's own services, so that their checks, the access rules and the history are the
same as on the pages; every change is the importing admin's.

``run`` does it all in the caller's transaction and says what it did: the caller commits it,
or rolls it back for a preview or when there is an error (all or nothing). What is in the
portfolio but not in the workbook is left alone."""

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker import access
from tracker.models import (
    AUDIENCE_FIELDS,
    UPDATE_FIELDS,
    Improvement,
    Organisation,
    Person,
    StrategicArea,
)
from tracker.services import (
    REQUIRED,
    Changes,
    Data,
    Message,
    NotAllowed,
    ValidationError,
    areas,
    improvements,
    keys,
    organisations,
    people,
    updates,
    validate,
)
from tracker.services.periods import STOCKHOLM
from tracker.services.plan_workbook.columns import (
    AREAS,
    ASSESSMENTS,
    IMPROVEMENTS,
    ORGANISATIONS,
    PEOPLE,
    PERIOD,
    UPDATES,
    Column,
    Sheet,
)
from tracker.services.plan_workbook.reading import (
    Book,
    Limits,
    Refused,
    Table,
    Unreadable,
    read,
    value,
)

# The columns that name a row of another sheet: a row in error there is named, not looked for.
REFERENCES = {
    "organisation": ORGANISATIONS,
    "organisations": ORGANISATIONS,
    "lead": PEOPLE,
    "co_owners": PEOPLE,
    "owner": PEOPLE,
    "deputy": PEOPLE,
    "author": PEOPLE,
    "assessor": PEOPLE,
    "area": AREAS,
    "improvement": IMPROVEMENTS,
}


@dataclass(frozen=True)
class _Item:
    """A sheet of items of the portfolio: what its rows are, and the services that add them
    and change them."""

    model: type
    create: Callable[..., Any]
    update: Callable[..., Changes]


ITEMS = {
    ORGANISATIONS.swedish: _Item(Organisation, organisations.create, organisations.update),
    PEOPLE.swedish: _Item(Person, people.create, people.update),
    AREAS.swedish: _Item(StrategicArea, areas.create, areas.update),
    IMPROVEMENTS.swedish: _Item(Improvement, improvements.create, improvements.update),
}
# Taking a row out of use (archiving, deactivating) waits until every row is in: a row may
# still name it (an improvement of an archived area, a report by a person who has left).
OUT_OF_USE = {"archived": True, "active": False}
CREATED, CHANGED, UNCHANGED = "created", "changed", "unchanged"


@dataclass
class Problem:
    """An error (or a note) at a sheet's row and column, as the spreadsheet shows them."""

    sheet: str
    row: int
    column: str
    message: Message


@dataclass
class Changed:
    key: str
    row: int
    fields: list[tuple[str, str, str]]  # (column's header, old, new)


@dataclass
class Outcome:
    """What the import does to one sheet's rows."""

    sheet: Sheet
    name: str
    read: int = 0
    created: list[str] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


@dataclass
class Preview:
    sheets: list[Outcome]
    errors: list[Problem]
    notes: list[Problem]

    @property
    def rows(self) -> int:
        return sum(s.read for s in self.sheets)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    table: Table
    number: int
    data: Data
    headers: dict[str, str]
    key: str


@dataclass
class _Run:
    session: Session
    actor: Person
    today: date
    deadline_day: int
    errors: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    failed: dict[str, dict[str, int]] = field(default_factory=dict)
    later: list[tuple[_Row, Outcome, Any, Data]] = field(default_factory=list)

    def error(self, row: _Row, fieldname: str, message: Message) -> None:
        header = row.headers.get(fieldname) or _swedish(row.table.sheet, fieldname)
        self.errors.append(Problem(row.table.name, row.number, header, message))


def _swedish(sheet: Sheet, fieldname: str) -> str:
    return next((c.swedish for c in sheet.columns if c.field == fieldname), "")


def _norm(key: object) -> str:
    return str(key).strip().casefold()


def run(
    session: Session,
    book: Book,
    actor: Person,
    *,
    today: date,
    deadline_day: int,
    progress: Callable[[int], None] | None = None,
) -> Preview:
    """Import ``book`` as ``actor`` (an admin) into the session's transaction; the caller
    commits or rolls back. Returns what was created, changed and left unchanged, per sheet,
    and every error at its sheet, row and column."""
    if not access.allowed(actor, access.Rule.ADMIN):
        raise NotAllowed("only an admin imports the plan")
    state = _Run(session, actor, today, deadline_day)
    outcomes: list[Outcome] = []
    try:
        _import(state, book, outcomes, progress)
    except IntegrityError as error:
        # A key the index did not hold was stored by another transaction meanwhile.
        session.rollback()
        raise StoredMeanwhile from error
    notes = [
        Problem(
            sheet,
            0,
            column,
            _l("The column is not part of the format and was not read.")
            if column
            else _l("The sheet is not part of the format and was not read."),
        )
        for sheet, column in book.ignored
    ]
    return Preview(outcomes, state.errors, notes + state.notes)


class StoredMeanwhile(Refused):
    """A row the file adds was added by someone else while the file was imported (its code or
    email is taken now): nothing was imported, and the session was rolled back."""

    def __init__(self) -> None:
        super().__init__(
            _l(
                "Something the file adds was added by someone else meanwhile: nothing was "
                "imported. Upload the file again to see what it would change now."
            )
        )


def _import(
    state: _Run,
    book: Book,
    outcomes: list[Outcome],
    progress: Callable[[int], None] | None,
) -> None:
    session = state.session
    with keys.indexed(session, _locks(book)) as index:
        for table in book.tables:
            outcome = Outcome(table.sheet, table.name, read=len(table.rows))
            outcomes.append(outcome)
            if table.sheet in (UPDATES, ASSESSMENTS):
                index.read_months(_months(table))
            _table(state, table, outcome, progress)
        for row, outcome, entity, data in reversed(state.later):
            try:
                changes = _update(state, row.table.sheet, entity, data)
            except ValidationError as error:
                _refused(state, row, error)
                continue
            _note_changes(outcome, row, changes)


def _locks(book: Book) -> dict[type, str]:
    """What the import locks while it runs: the kinds of row its sheets may change, and the
    people who would lead, co-own, own or deputise (so that their role cannot change
    meanwhile). Others are read, not locked: a workbook of monthly updates locks nothing."""
    sheets = {table.sheet.swedish for table in book.tables}
    locks: dict[type, str] = {
        item.model: keys.UPDATE for name, item in ITEMS.items() if name in sheets
    }
    if {AREAS.swedish, IMPROVEMENTS.swedish} & sheets:
        locks.setdefault(Person, keys.SHARE)
    return locks


def run_file(
    session: Session,
    content: bytes,
    name: str,
    limits: Limits,
    actor: Person,
    *,
    today: date,
    deadline_day: int,
) -> Preview:
    """Read ``content`` (a file named ``name``) and import it as ``run`` does; Refused if the
    file is."""
    book = read(io.BytesIO(content), name, limits, len(content))
    return run(session, book, actor, today=today, deadline_day=deadline_day)


def _table(
    state: _Run, table: Table, outcome: Outcome, progress: Callable[[int], None] | None
) -> None:
    sheet = table.sheet
    present = table.present()
    failed = state.failed.setdefault(sheet.swedish, {})
    headers = {f: header for f, (_position, header) in present.items()}
    missing = [c for c in sheet.columns if c.required and c.field not in present]
    for column in missing:
        state.errors.append(
            Problem(
                table.name,
                table.header_row,
                column.swedish,
                _l("The required column %(column)s is missing.", column=column.swedish),
            )
        )
    columns = {c.field: c for c in sheet.columns}
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        if progress is not None:
            progress(1)
        row = _Row(table, number, {}, headers, "")
        bad = bool(missing)
        for name, (position, _header) in present.items():
            try:
                row.data[name] = value(
                    columns[name], cells[position] if position < len(cells) else None
                )
            except Unreadable as unreadable:
                state.error(row, name, unreadable.message)
                bad = True
        row.key = " ".join(str(row.data.get(k) or "") for k in sheet.key).strip()
        bad = _references(state, row) or bad
        key = _norm(row.key)
        if row.key and key in seen:
            state.error(
                row,
                sheet.key[0],
                _l("%(key)s is at row %(row)s too.", key=row.key, row=seen[key]),
            )
            # The row named first stands (nothing is written anyway): not "in error".
            continue
        seen.setdefault(key, number)
        if bad or missing:
            failed.setdefault(key, number)
            continue
        try:
            _one(state, row, outcome)
        except ValidationError as error:
            _refused(state, row, error)
            failed.setdefault(key, number)
        except NotAllowed:
            state.error(row, sheet.key[0], _l("You may not change this."))
            failed.setdefault(key, number)


def _references(state: _Run, row: _Row) -> bool:
    """A cell that names a row in error elsewhere in the workbook says so (the row's own
    problems are there); True if there is one."""
    found = False
    for name, named in row.data.items():
        target = REFERENCES.get(name)
        if target is None or (target is row.table.sheet and name != "improvement"):
            continue
        failed = state.failed.get(target.swedish, {})
        for one in named if isinstance(named, list) else [named]:
            if one is not None and _norm(one) in failed:
                state.error(
                    row,
                    name,
                    _l(
                        "%(key)s has errors at row %(row)s of the sheet %(sheet)s.",
                        key=one,
                        row=failed[_norm(one)],
                        sheet=target.swedish,
                    ),
                )
                found = True
    return found


def _refused(state: _Run, row: _Row, error: ValidationError) -> None:
    for name, messages in error.errors.items():
        for message in messages:
            state.error(row, name, message)


def _moment(day: date) -> datetime:
    """The start of ``day`` in Stockholm, in UTC: when an item entered the portfolio."""
    return datetime.combine(day, time(), STOCKHOLM).astimezone(UTC)


def _months(table: Table) -> set[str]:
    """The months a sheet of reports names (an unreadable one names none)."""
    position = table.present().get("period", (None, ""))[0]
    found = set()
    for _number, cells in table.rows:
        try:
            month = value(PERIOD, cells[position]) if position is not None else None
        except (Unreadable, IndexError):
            continue
        if isinstance(month, str):
            found.add(month)
    return found


def _find(session: Session, model: Any, key: object) -> Any:
    if not key or not isinstance(key, str) or not validate.findable(key):
        return None
    return keys.find(session, model, key)


def _one(state: _Run, row: _Row, outcome: Outcome) -> None:
    sheet, data, session = row.table.sheet, row.data, state.session
    if sheet is UPDATES:
        _report(state, row, outcome)
        return
    if sheet is ASSESSMENTS:
        _assessment(state, row, outcome)
        return
    item = ITEMS[sheet.swedish]
    existing = _find(session, item.model, row.key)
    later = {
        name: out
        for name, out in OUT_OF_USE.items()
        if name in data and data[name] is out and getattr(existing, name, not out) is not out
    }
    given = {
        k: v for k, v in data.items() if k not in later and not (k in OUT_OF_USE and v is None)
    }
    since = given.pop("since", None)
    if existing is None:
        if since is not None or sheet in (AREAS, IMPROVEMENTS):
            given["since"] = _moment(since) if since is not None else None
        entity = item.create(session, given, state.actor)
        index = keys.of(session)
        assert index is not None  # run reads one
        index.add(entity)
        outcome.created.append(row.key)
    else:
        entity = existing
        if since is not None and _day(existing.created_at) != since:
            raise ValidationError(
                {
                    "since": [
                        _l(
                            "It entered the portfolio on %(day)s: that day cannot change, "
                            "since the months after it are counted from it.",
                            day=_day(existing.created_at).isoformat(),
                        )
                    ]
                }
            )
        given.pop(sheet.key[0], None)
        mine = sheet is PEOPLE and existing.id == state.actor.id
        if mine and given.get("role") not in (None, existing.role):
            # The API lets an admin step down on purpose; a workbook's row does not.
            raise ValidationError({"role": [_l("You cannot change your own role.")]})
        _note_changes(outcome, row, _update(state, sheet, existing, given), counted=True)
    if later:
        state.later.append((row, outcome, entity, later))


def _day(moment: datetime) -> date:
    return moment.astimezone(STOCKHOLM).date()


def _update(state: _Run, sheet: Sheet, entity: Any, data: Data) -> Changes:
    return ITEMS[sheet.swedish].update(state.session, entity, data, state.actor)


def _note_changes(outcome: Outcome, row: _Row, changes: Changes, counted: bool = False) -> None:
    """Add what changed in a row to the outcome: a row added is only added; a row whose key
    was there already is changed or unchanged (``counted``: first seen now)."""
    if row.key in outcome.created:
        return
    columns = {c.field: c for c in row.table.sheet.columns}
    fields = [
        (
            row.headers.get(name) or _swedish(row.table.sheet, name) or name,
            _shown(columns.get(name), old),
            _shown(columns.get(name), new),
        )
        for name, (old, new) in changes.items()
    ]
    found = next((c for c in outcome.changed if c.key == row.key), None)
    if found is not None:
        found.fields.extend(fields)
    elif fields:
        if row.key in outcome.unchanged:
            outcome.unchanged.remove(row.key)
        outcome.changed.append(Changed(row.key, row.number, fields))
    elif counted:
        outcome.unchanged.append(row.key)


def _named(one: object) -> object:
    for attribute in ("email", "code"):
        if isinstance(found := getattr(one, attribute, None), str):
            return found
    return one


def _shown(column: Column | None, one: object) -> str:
    """A value as the workbook writes it (a person by email, an organisation by code)."""
    if isinstance(one, (list, tuple, set)):
        one = sorted(str(_named(o)) for o in one)
    else:
        one = _named(one)
    written = column.shown(one) if column is not None else one
    return "" if written is None else str(written)


# The cells of a report's or an assessment's row that name a row elsewhere, and its kind.
NAMED = {
    "improvement": Improvement,
    "area": StrategicArea,
    "organisation": Organisation,
    "author": Person,
    "assessor": Person,
}


def _rows_named(
    session: Session, data: Data, required: Iterable[str], optional: Iterable[str]
) -> dict[str, Any]:
    """The rows the cells ``required`` and ``optional`` name (None for an empty cell); a
    ValidationError with a message at each cell that names none, or is empty and required."""
    found: dict[str, Any] = {}
    problems: dict[str, list[Message]] = {}
    for name in (*required, *optional):
        key, model = data.get(name), NAMED[name]
        found[name] = _find(session, model, key) if key else None
        if not key and name in required:
            problems[name] = [REQUIRED]
        elif key and found[name] is None:
            problems[name] = [_unknown(model, key)]
    if problems:
        raise ValidationError(problems)
    return found


def _unknown(model: type, key: object) -> Message:
    if model is Person:
        return _l("There is no person with the email %(email)s.", email=key)
    if model is Organisation:
        return _l("There is no organisation with the code %(code)s.", code=key)
    if model is StrategicArea:
        return _l("There is no strategic area with the code %(code)s.", code=key)
    return _l("There is no improvement with the code %(code)s.", code=key)


def _report(state: _Run, row: _Row, outcome: Outcome) -> None:
    """A month's report: added if the month has none, else left as it is."""
    session, data = state.session, row.data
    named = _rows_named(session, data, ("improvement",), ("organisation", "author"))
    improvement, organisation, author = (
        named["improvement"],
        named["organisation"],
        named["author"],
    )
    assert improvement is not None  # raised otherwise
    fields: Iterable[str] = (*UPDATE_FIELDS, *AUDIENCE_FIELDS.values())
    given = {name: data[name] for name in fields if name in data}
    if given.get("progress") is None:
        given["progress"] = 0
    report = updates.import_update(
        session,
        improvement,
        data.get("period"),
        given,
        state.actor,
        today=state.today,
        deadline_day=state.deadline_day,
        organisation=organisation,
        author=author,
        late=data.get("late"),
    )
    (outcome.created if report is not None else outcome.unchanged).append(row.key)
    if report is None:
        _differs(state, row, improvement, given)


# The report's texts: an empty cell differs from a text. Another empty cell (a flag, an
# audience) means the default, and is not compared.
TEXTS = frozenset({"comment", "next_steps", "risks", "decision_text", "politicians_text"})


def _differing(row: _Row, existing: object, given: Data) -> str:
    """The headers of the columns where ``row`` reads otherwise than ``existing`` (the report
    or assessment there already), comma-separated; "" if it reads the same."""
    sheet = row.table.sheet
    columns = {c.field: c for c in sheet.columns}
    return ", ".join(
        row.headers.get(name) or _swedish(sheet, name)
        for name, new in given.items()
        if name in row.data
        and (new is not None or name in TEXTS)
        and _shown(columns.get(name), getattr(existing, name)) != _shown(columns.get(name), new)
    )


def _note(state: _Run, row: _Row, message: Message) -> None:
    state.notes.append(Problem(row.table.name, row.number, "", message))


def _differs(state: _Run, row: _Row, improvement: Improvement, given: Data) -> None:
    """A note for a row whose month has a report already that reads otherwise: the report is
    left as it is, and the note names the columns that differ."""
    existing = keys.report(state.session, improvement, row.data["period"])
    if existing is not None and (differing := _differing(row, existing, given)):
        message = _l(
            "%(key)s has a report already that reads otherwise (%(columns)s): it was left as "
            "it is.",
            key=row.key,
            columns=differing,
        )
        _note(state, row, message)


def _assessment(state: _Run, row: _Row, outcome: Outcome) -> None:
    """An area owner's assessment of a month: added if the area, month and owner has none,
    else left as it is, with a note that names the columns where the row reads otherwise."""
    session, data = state.session, row.data
    named = _rows_named(session, data, ("area", "assessor"), ("organisation",))
    area, assessor, organisation = named["area"], named["assessor"], named["organisation"]
    assert area is not None and assessor is not None  # raised otherwise
    given: Data = {name: data[name] for name in ("status", "comment") if name in data}
    saved = updates.import_assessment(
        session,
        area,
        data.get("period"),
        given,
        state.actor,
        assessor=assessor,
        today=state.today,
        deadline_day=state.deadline_day,
        organisation=organisation,
        late=data.get("late"),
    )
    (outcome.created if saved.created else outcome.unchanged).append(row.key)
    if saved.created:
        return
    compared = ("status", "comment", "organisation", "late")
    given = {name: data[name] for name in compared if name in data}
    if differing := _differing(row, saved.update, given):
        message = _l(
            "%(key)s has an assessment already that reads otherwise (%(columns)s): it was left "
            "as it is.",
            key=row.key,
            columns=differing,
        )
        _note(state, row, message)
