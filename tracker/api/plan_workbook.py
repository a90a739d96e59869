"""/api/v1/import: the plan's workbook imported (docs/workbook.md), or with ``dry_run`` only
previewed, by an admin; the answer is the preview the page shows, as JSON."""

from flask import current_app
from flask_babel import ngettext
from flask_smorest import abort

from tracker.access import Rule
from tracker.api import common
from tracker.api.common import Blueprint
from tracker.api.schemas import ImportArgs, ImportFileSchema, ImportPreviewSchema
from tracker.extensions import db
from tracker.guard import current_person, requires
from tracker.services import periods, plan_workbook

bp = Blueprint("api_import", __name__, url_prefix="/api/v1/import")


def _problem(problem: plan_workbook.Problem) -> dict:
    return {
        "sheet": problem.sheet,
        "row": problem.row,
        "column": problem.column,
        "message": str(problem.message),
    }


def _answer(preview: plan_workbook.Preview, *, dry_run: bool) -> dict:
    return {
        "dry_run": dry_run,
        "written": not dry_run,
        "rows": preview.rows,
        "sheets": [
            {
                "sheet": outcome.name,
                "rows": outcome.read,
                "created": outcome.created,
                "changed": [
                    {
                        "key": changed.key,
                        "row": changed.row,
                        "fields_": [
                            {"column": column, "old": old, "new": new}
                            for column, old, new in changed.fields
                        ],
                    }
                    for changed in outcome.changed
                ],
                "unchanged": outcome.unchanged,
            }
            for outcome in preview.sheets
        ],
        "errors": [_problem(p) for p in preview.errors],
        "notes": [_problem(p) for p in preview.notes],
    }


def _errors(preview: plan_workbook.Preview) -> dict[str, str]:
    """The errors as the problem's ``errors``: one message per cell, named sheet.row.column."""
    errors: dict[str, str] = {}
    for p in preview.errors:
        key = f"{p.sheet}.{p.row}.{p.column}"
        errors[key] = f"{errors[key]} {p.message}" if key in errors else str(p.message)
    return errors


@bp.post("")
@requires(Rule.ADMIN)
@bp.arguments(ImportArgs, location="query")
@bp.arguments(ImportFileSchema, location="files")
@bp.response(200, ImportPreviewSchema)
@bp.problems(400, 401, 403, 409, 413, 422)
def import_plan(args, files):
    """Import the plan's workbook (admins).

    Every row is added, or changes what its code or email names; all or nothing. With
    ``dry_run=true`` only the preview: nothing is written. A workbook with errors is a 422
    that names each at its sheet, row and column, and writes nothing."""
    limits = plan_workbook.Limits.of(current_app.config)
    content = files["file"].stream.read(limits.bytes + 1)
    if len(content) > limits.bytes:
        abort(413, message=str(plan_workbook.too_large(limits)))
    try:
        preview = plan_workbook.run_file(
            db.session,
            content,
            files["file"].filename or "",
            limits,
            current_person(),
            today=periods.today_local(),
            deadline_day=current_app.config["REPORT_DEADLINE_DAY"],
        )
    except plan_workbook.StoredMeanwhile as error:
        abort(409, message=str(error.message))
    except plan_workbook.Refused as error:
        db.session.rollback()
        abort(422, message=str(error.message))
    if not preview.ok:
        db.session.rollback()
        abort(
            422,
            message=ngettext(
                "The workbook has %(num)d error: nothing was imported.",
                "The workbook has %(num)d errors: nothing was imported.",
                len(preview.errors),
            ),
            errors=_errors(preview),
            extra={"problems": [_problem(p) for p in preview.errors]},
        )
    if args["dry_run"]:
        db.session.rollback()
    else:
        common.commit()
    return _answer(preview, dry_run=args["dry_run"])
