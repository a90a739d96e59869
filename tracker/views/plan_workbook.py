"""The plan as a workbook (services/plan_workbook): the whole portfolio to download, the empty
template to fill in, and the import: a file uploaded, shown as a preview, then imported when
the admin confirms it. The file is kept in the database between the two (ImportUpload: the
app's servers share only the database), for its uploader only, for a day at most."""

import io
from datetime import timedelta
from pathlib import PurePath

from flask import Blueprint, abort, current_app, render_template, send_file
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort as answer
from sqlalchemy import delete, select

from tracker.access import Rule
from tracker.boundary import refused
from tracker.extensions import db
from tracker.forms import FlaskForm, ImportForm
from tracker.guard import requires
from tracker.models import ImportUpload, utcnow
from tracker.services import periods, plan_workbook
from tracker.views.common import done

bp = Blueprint("plan_workbook", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KEPT_FOR = timedelta(days=1)
NAME_LENGTH = 255  # ImportUpload.name


def stored_name(name: str) -> str:
    """The file's name as kept: at most NAME_LENGTH characters, its suffix kept (it says what
    the file is read as)."""
    if len(name) <= NAME_LENGTH:
        return name
    suffix = PurePath(name).suffix[:16]
    return name[: NAME_LENGTH - len(suffix)] + suffix


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


def previewed(content: bytes, name: str, *, dry_run: bool) -> plan_workbook.Preview:
    """Read and import ``content`` as the signed-in admin, in the request's transaction: rolled
    back if ``dry_run`` or in error (nothing written), else left for the caller to commit.
    Refused if the file is."""
    limits = plan_workbook.Limits.of(current_app.config)
    today = periods.today_local()
    preview = plan_workbook.run_file(
        db.session,
        content,
        name,
        limits,
        current_user,
        today=today,
        deadline_day=current_app.config["REPORT_DEADLINE_DAY"],
    )
    if dry_run or not preview.ok:
        db.session.rollback()
    return preview


@bp.route("/import", methods=["GET", "POST"])
@requires(Rule.ADMIN)
def upload():
    """Upload a workbook: its preview, and the button that imports it."""
    form = ImportForm()
    if not form.validate_on_submit():
        return _page(form)
    upload = form.file.data
    content = upload.stream.read(current_app.config["IMPORT_MAX_BYTES"] + 1)
    try:
        preview = previewed(content, upload.filename or "", dry_run=True)
    except plan_workbook.Refused as error:
        form.file.errors = [str(error.message)]
        refused()
        return _page(form)
    kept = None
    if preview.ok:
        db.session.execute(
            delete(ImportUpload).where(ImportUpload.created_at < utcnow() - KEPT_FOR)
        )
        name = stored_name(upload.filename or "")
        kept = ImportUpload(person_id=current_user.id, name=name, content=content)
        db.session.add(kept)
        db.session.commit()
    return _preview(form, preview, kept)


def _preview(form, preview, kept):
    if not preview.ok:
        refused()
    return _page(form, preview=preview, kept=kept, confirm=FlaskForm())


def _page(form, **shown):
    limits = plan_workbook.Limits.of(current_app.config)
    return render_template(
        "plan_workbook/import.html",
        form=form,
        largest=plan_workbook.megabytes(limits.bytes),
        largest_bytes=limits.bytes,
        too_large=plan_workbook.too_large(limits),
        **shown,
    )


@bp.post("/import/<int:upload_id>")
@requires(Rule.ADMIN)
def confirm(upload_id: int):
    """Import the file previewed: only its uploader, within a day. The kept file's row is
    locked first: the same file confirmed twice at once is imported once, and the second
    confirmation finds it gone."""
    kept = db.session.scalar(
        select(ImportUpload)
        .where(
            ImportUpload.id == upload_id,
            ImportUpload.person_id == current_user.id,
            ImportUpload.created_at > utcnow() - KEPT_FOR,
        )
        .with_for_update()
    )
    if kept is None:
        answer(404, message=_("The file was imported already, or is gone: upload it again."))
    content, name = kept.content, kept.name
    try:
        preview = previewed(content, name, dry_run=False)
    except plan_workbook.StoredMeanwhile as error:
        answer(409, message=str(error.message))
    except plan_workbook.Refused:
        abort(404)
    if not preview.ok:  # the portfolio changed since the preview
        return _preview(ImportForm(formdata=None), preview, None)
    db.session.execute(delete(ImportUpload).where(ImportUpload.id == upload_id))
    db.session.commit()  # the import and the file's deletion, at once
    return done(_("Imported %(rows)s rows.", rows=preview.rows), "portfolio.index")
