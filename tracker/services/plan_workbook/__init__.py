"""The plan as a workbook (docs/workbook.md): the format (columns.py), the export and the
template (writing.py), reading a file with its checks (reading.py) and importing it
(importing.py)."""

from tracker.services.plan_workbook.columns import (
    AREAS,
    AUDIENCES,
    IMPROVEMENTS,
    KINDS,
    ORGANISATIONS,
    PEOPLE,
    README,
    ROLES,
    SHEETS,
    STATES,
    STATUSES,
    UPDATES,
    YES_NO,
    Column,
    Kind,
    Sheet,
    Vocabulary,
    normal,
    sheet_named,
)
from tracker.services.plan_workbook.importing import Changed, Outcome, Preview, Problem, run
from tracker.services.plan_workbook.reading import Book, Limits, Refused, read
from tracker.services.plan_workbook.writing import Rows, export, rows, saved, template

__all__ = [
    "AREAS",
    "AUDIENCES",
    "IMPROVEMENTS",
    "KINDS",
    "ORGANISATIONS",
    "PEOPLE",
    "README",
    "ROLES",
    "SHEETS",
    "STATES",
    "STATUSES",
    "UPDATES",
    "YES_NO",
    "Book",
    "Changed",
    "Column",
    "Kind",
    "Limits",
    "Outcome",
    "Preview",
    "Problem",
    "Refused",
    "Rows",
    "Sheet",
    "Vocabulary",
    "export",
    "normal",
    "read",
    "rows",
    "run",
    "saved",
    "sheet_named",
    "template",
]
