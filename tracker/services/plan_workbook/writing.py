"""The whole portfolio written in the plan's format (columns.py), and the empty template to
fill in."""

import io
from datetime import date, datetime
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.models import (
    AreaAssessment,
    Improvement,
    Organisation,
    Person,
    StatusUpdate,
    StrategicArea,
)
from tracker.services import periods
from tracker.services.plan_workbook.columns import (
    AREAS,
    ASSESSMENTS,
    IMPROVEMENTS,
    ORGANISATIONS,
    PEOPLE,
    README,
    SHEETS,
    UPDATES,
    WRITTEN,
    Kind,
    Sheet,
)

Rows = dict[str, list[dict[str, object]]]
"""{sheet's Swedish name: rows}, each row {field: value} (dates, numbers, lists, enum values)."""


def rows(session: Session) -> Rows:
    """The whole portfolio as rows of the workbook: every organisation, person, area,
    improvement, monthly update and area assessment, archived and inactive ones too. A fixed
    number of queries, whatever the size."""
    organisations = session.scalars(select(Organisation).order_by(Organisation.code)).all()
    people = session.scalars(select(Person).order_by(Person.email)).all()
    areas = session.scalars(
        select(StrategicArea)
        .options(selectinload(StrategicArea.co_owners), selectinload(StrategicArea.organisations))
        .order_by(StrategicArea.order, StrategicArea.code)
    ).all()
    improvements = session.scalars(
        select(Improvement)
        .options(selectinload(Improvement.organisations))
        .order_by(Improvement.code)
    ).all()
    updates = session.scalars(
        select(StatusUpdate)
        .join(Improvement, StatusUpdate.improvement_id == Improvement.id)
        .order_by(Improvement.code, StatusUpdate.period)
    ).all()
    assessments = session.scalars(
        select(AreaAssessment)
        .join(StrategicArea, AreaAssessment.area_id == StrategicArea.id)
        .join(Person, AreaAssessment.person_id == Person.id)
        .order_by(StrategicArea.code, AreaAssessment.period, Person.email)
    ).all()
    org = {o.id: o.code for o in organisations}
    email = {p.id: p.email for p in people}
    area_code = {a.id: a.code for a in areas}
    item_code = {i.id: i.code for i in improvements}
    return {
        ORGANISATIONS.swedish: [
            {"code": o.code, "name": o.name, "kind": o.kind, "archived": o.archived}
            for o in organisations
        ],
        PEOPLE.swedish: [
            {
                "email": p.email,
                "name": p.name,
                "title": p.title,
                "organisation": org.get(p.organisation_id) if p.organisation_id else None,
                "role": p.role,
                "active": p.active,
            }
            for p in people
        ],
        AREAS.swedish: [
            {
                "code": a.code,
                "title": a.title,
                "goal": a.goal,
                "description": a.description,
                "lead": email[a.lead_id],
                "co_owners": [p.email for p in a.co_owners],
                "organisations": [o.code for o in a.organisations],
                "order": a.order,
                "plan_from": a.plan_from,
                "plan_to": a.plan_to,
                "since": _day(a.created_at),
                "archived": a.archived,
            }
            for a in areas
        ],
        IMPROVEMENTS.swedish: [
            {
                "code": i.code,
                "area": area_code[i.area_id],
                "title": i.title,
                "description": i.description,
                "owner": email[i.owner_id],
                "deputy": email[i.deputy_id] if i.deputy_id else None,
                "organisation": org[i.organisation_id],
                "organisations": [o.code for o in i.organisations],
                "start": i.start,
                "due": i.due,
                "state": i.state,
                "closing_note": i.closing_note,
                "since": _day(i.created_at),
                "archived": i.archived,
            }
            for i in improvements
        ],
        UPDATES.swedish: [
            {
                "improvement": item_code[u.improvement_id],
                "period": u.period,
                "status": u.status,
                "progress": u.progress,
                "comment": u.comment,
                "comment_audience": u.comment_audience,
                "next_steps": u.next_steps,
                "next_steps_audience": u.next_steps_audience,
                "risks": u.risks,
                "risks_audience": u.risks_audience,
                "needs_decision": u.needs_decision,
                "decision_text": u.decision_text,
                "raise_to_politicians": u.raise_to_politicians,
                "politicians_text": u.politicians_text,
                "organisation": org[u.organisation_id],
                "author": email[u.author_id],
                "late": u.late,
            }
            for u in updates
        ],
        ASSESSMENTS.swedish: [
            {
                "area": area_code[a.area_id],
                "period": a.period,
                "assessor": email[a.person_id],
                "status": a.status,
                "comment": a.comment,
                "organisation": org[a.organisation_id] if a.organisation_id else None,
                "late": a.late,
            }
            for a in assessments
        ],
    }


def _day(moment: datetime) -> date:
    """The day in Stockholm of a moment (stored in UTC)."""
    return moment.astimezone(periods.STOCKHOLM).date()


def export(session: Session) -> Workbook:
    """The whole portfolio as a workbook of the format: what the import reads back."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    data = rows(session)
    for sheet in SHEETS:
        _write(workbook, sheet, data[sheet.swedish])
    return workbook


def template(locale: str = WRITTEN) -> Workbook:
    """The empty format to fill in: a "Läs mig" sheet that explains every column (in
    ``locale``), then each sheet with its headers, one example row and a list of the words
    for each closed value."""
    workbook = Workbook()
    with force_locale(locale):
        _readme(workbook.active)
    for sheet in SHEETS:
        example = {c.field: c.example for c in sheet.columns}
        table = _write(workbook, sheet, [example])
        for number, column in enumerate(sheet.columns, start=1):
            if column.vocabulary is None:
                continue
            letter = get_column_letter(number)
            listed = DataValidation(
                type="list",
                formula1='"' + ",".join(column.vocabulary.choices()) + '"',
                allow_blank=not column.required,
                errorStyle="warning",
            )
            listed.add(f"{letter}2:{letter}{table.max_row + 999}")
            table.add_data_validation(listed)
    return workbook


def saved(workbook: Workbook) -> bytes:
    """A workbook as the bytes of an .xlsx file."""
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# How many rows set a column's width: enough to see, quick on a large portfolio.
WIDTH_ROWS = 200


def _write(workbook: Workbook, sheet: Sheet, table: list[dict[str, object]]) -> Any:
    """A sheet of the format: the bold, frozen header row, then a row per entry of ``table``."""
    out = workbook.create_sheet(sheet.swedish)
    out.append(sheet.headers())
    for entry in table:
        out.append([column.cell(entry.get(column.field)) for column in sheet.columns])
    _dress(out, [c.kind == Kind.DATE for c in sheet.columns])
    return out


def _dress(out: Any, dates: list[bool] | None = None) -> None:
    """A written sheet made readable: its header bold and frozen, its columns wide enough for
    what they hold (within limits), its dates as dates."""
    for cell in out[1]:
        cell.font = Font(bold=True)
    out.freeze_panes = "A2"
    shown = min(out.max_row, WIDTH_ROWS + 1)
    for number, column in enumerate(out.iter_cols(max_row=shown), start=1):
        width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
        out.column_dimensions[get_column_letter(number)].width = min(60, max(10, width + 2))
        if dates and dates[number - 1]:
            for (cell,) in out.iter_rows(min_row=2, min_col=number, max_col=number):
                cell.number_format = "yyyy-mm-dd"


RULES = (
    _l("Each sheet begins with its header row; the columns may come in any order, and the "
       "English headers are read too."),
    _l("A list within a cell is separated by commas, such as BUF, SOC."),
    _l("A date is written as 2026-01-31, a month as 2026-01."),
    _l("An organisation, an area or an improvement is named by its code and a person by their "
       "email: a row whose code or email is in the portfolio already changes it, any other "
       "row adds it."),
    _l("Nothing is archived or removed by an import: what is not in the workbook is left "
       "alone."),
    _l("The monthly updates fill only the months that have no report yet."),
    _l("The area assessments fill only an area, month and owner that has no assessment yet."),
)  # fmt: skip


def _readme(out: Any) -> None:
    out.title = README
    yes, every = _("Yes"), _("All sheets")
    out.append([_("Sheet"), _("Column"), _("Required"), _("What it holds"), _("Explanation")])
    for rule in RULES:
        out.append([every, "", "", "", str(rule)])
    for sheet in SHEETS:
        out.append([sheet.swedish, "", "", "", str(sheet.explanation)])
        for c in sheet.columns:
            required = yes if c.required else ""
            out.append([sheet.swedish, c.swedish, required, c.kind_help(), str(c.explanation)])
    _dress(out)
    for row in out.iter_rows(min_row=2):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")
