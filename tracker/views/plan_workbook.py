"""The plan as a workbook (services/plan_workbook.py): the whole portfolio to download, and the
empty template to fill in."""

import io

from flask import Blueprint, send_file
from flask_babel import get_locale

from tracker.access import Rule
from tracker.extensions import db
from tracker.guard import requires
from tracker.services import periods, plan_workbook

bp = Blueprint("plan_workbook", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(workbook, name: str):
    return send_file(
        io.BytesIO(plan_workbook.saved(workbook)),
        mimetype=XLSX,
        as_attachment=True,
        download_name=name,
        max_age=0,
    )


@bp.get("/export.xlsx")
@requires(Rule.GROUP)
def export():
    """The whole portfolio in the import's format: the group only (every text of every
    audience is in it)."""
    today = periods.today_local()
    return _download(plan_workbook.export(db.session), f"portfoljen-{today.isoformat()}.xlsx")


@bp.get("/import/template.xlsx")
@requires(Rule.GROUP)
def template():
    """The format to fill in, with a sheet that explains it in the reader's language."""
    return _download(plan_workbook.template(str(get_locale())), "portfoljen-mall.xlsx")
