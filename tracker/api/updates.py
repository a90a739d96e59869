"""/api/v1/updates, /api/v1/completeness and /api/v1/dashboard: the monthly reports."""

from flask import current_app
from flask_babel import gettext as _
from flask_smorest import abort
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from tracker import access, charts
from tracker.access import Rule
from tracker.api import common
from tracker.api.common import Blueprint
from tracker.api.schemas import (
    CompletenessSchema,
    DashboardSchema,
    PeriodArgs,
    UpdateList,
    UpdatePatchSchema,
    UpdateQueryArgs,
    UpdateSchema,
)
from tracker.extensions import db
from tracker.guard import current_person, requires
from tracker.models import Improvement, StatusUpdate
from tracker.services import (
    NotAllowed,
    ValidationError,
    completeness,
    dashboard,
    periods,
    updates,
    versions,
)

bp = Blueprint("api_updates", __name__, url_prefix="/api/v1")

LOAD = (
    selectinload(StatusUpdate.improvement),
    selectinload(StatusUpdate.organisation),
    selectinload(StatusUpdate.author),
)


def _save(improvement, period, data, expected_version):
    try:
        return _save_once(improvement, period, data, expected_version)
    except IntegrityError:
        # Another request created the same report at the same moment.
        db.session.rollback()
        existing = db.session.scalar(
            select(StatusUpdate).where(
                StatusUpdate.improvement_id == improvement.id, StatusUpdate.period == period
            )
        )
        extra = {"id": existing.id, "version": existing.version} if existing else {}
        abort(409, message=_("There is an update for this period already; PATCH it."), extra=extra)


def _save_once(improvement, period, data, expected_version):
    try:
        return updates.save_update(
            db.session,
            improvement,
            period,
            data,
            current_person(),
            today=periods.today_local(),
            deadline_day=current_app.config["REPORT_DEADLINE_DAY"],
            expected_version=expected_version,
        )
    except NotAllowed:
        abort(403, message=_("Only the owner, the deputy or an admin reports on an improvement."))
    except ValidationError as error:
        abort(422, errors=common.flatten(error.errors), message=_("Some fields are invalid."))
    except updates.Stale as stale:
        current = stale.current
        abort(
            409,
            message=_("The update was changed since you read it."),
            extra={"id": current.id, "version": current.version} if current else {},
        )
    except updates.Closed:
        abort(
            409, message=_("The deadline has passed and the report was made in time: it is closed.")
        )


@bp.get("/updates")
@requires(Rule.GROUP)
@bp.reads(UpdateList, query=UpdateQueryArgs)
def list_updates(args):
    """The monthly updates of a period, optionally of one improvement."""
    common.period(args["period"])
    query = select(StatusUpdate).where(StatusUpdate.period == args["period"])
    if args.get("improvement"):
        query = query.join(Improvement).where(Improvement.code == args["improvement"])
    return common.page(query.order_by(StatusUpdate.id), args, LOAD)


@bp.get("/updates/<id:update_id>")
@requires(Rule.GROUP)
@bp.reads(UpdateSchema)
def get_update(update_id):
    """One monthly update."""
    update = db.session.scalar(
        select(StatusUpdate).where(StatusUpdate.id == update_id).options(*LOAD)
    )
    return update or common.not_found(_("There is no update %(key)s.", key=update_id))


@bp.post("/improvements/<code>/updates")
@requires(Rule.GROUP)
@bp.writes(UpdateSchema, status=201)
def create_update(data, code):
    """Report on an improvement for a period (its owner, its deputy or an admin). If there is
    a report already: 409 with its id and version, to PATCH instead."""
    improvement = db.session.scalar(select(Improvement).where(Improvement.code == code))
    if improvement is None:
        common.not_found(_("There is no improvement %(key)s.", key=code))
    existing = db.session.scalar(
        select(StatusUpdate).where(
            StatusUpdate.improvement_id == improvement.id, StatusUpdate.period == data["period"]
        )
    )
    if existing is not None and (
        current_person() is not None and access.may_report_on(current_person(), improvement)
    ):
        abort(
            409,
            message=_("There is an update for this period already; PATCH it."),
            extra={"id": existing.id, "version": existing.version},
        )
    period = data.pop("period")
    saved = _save(improvement, period, data, None)
    common.commit()
    return common.created(saved.update, "api_updates.get_update", update_id=saved.update.id)


@bp.patch("/updates/<id:update_id>")
@requires(Rule.GROUP)
@bp.writes(UpdatePatchSchema, UpdateSchema)
def update_update(data, update_id):
    """Revise an update, giving the version you read (409 when someone saved since)."""
    update = db.session.scalar(
        select(StatusUpdate).where(StatusUpdate.id == update_id).options(*LOAD)
    )
    if update is None:
        common.not_found(_("There is no update %(key)s.", key=update_id))
    version = data.pop("version")
    if version != update.version and access.may_report_on(current_person(), update.improvement):
        abort(
            409,
            message=_("The update was changed since you read it."),
            extra={"id": update.id, "version": update.version},
        )
    saved = _save(update.improvement, update.period, data, version)
    common.commit()
    return saved.update


@bp.get("/completeness")
@requires(Rule.GROUP)
@bp.reads(CompletenessSchema, query=PeriodArgs)
def get_completeness(args):
    """Reported against due for a period, per organisation (by code) and per person (email)."""
    common.period(args["period"])
    result = completeness.completeness(
        db.session, args["period"], current_app.config["REPORT_DEADLINE_DAY"]
    )
    return {
        "period": result.period,
        "total": result.total,
        "missing": result.what_is_missing,
        "organisations": result.by_organisation,
        "people": result.by_person,
    }


@bp.get("/dashboard")
@requires(Rule.GROUP)
@bp.reads(DashboardSchema, query=PeriodArgs)
def get_dashboard(args):
    """The improvements due in a period by status, per area and per organisation (code)."""
    period = common.period(args["period"]).value
    day = current_app.config["REPORT_DEADLINE_DAY"]
    rows = dashboard.period_rows(db.session, period, day)
    areas = [a.code for a in versions.areas_then(db.session, period, day)]
    areas += sorted({r["area"] for r in rows} - set(areas))  # a report of an area made later
    orgs = sorted({r["organisation"] for r in rows})

    def counts(key, keys):
        # The dashboard's count (the page's tables and charts): a column per status, in order.
        table = charts.status_counts(rows, key, keys)
        return [{"code": k, **counts} for k, counts in table.to_dict("index").items()]

    complete = completeness.completeness(db.session, period, day)
    return {
        "period": period,
        "areas": counts("area", areas),
        "organisations": counts("organisation", orgs),
        "completeness": complete.total,
        "missing": complete.what_is_missing,
    }
