"""/api/v1/summary and /api/v1/reports: what a politician may read, live and as published."""

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from tracker import publishing
from tracker.access import Rule
from tracker.api import common
from tracker.api.common import Blueprint
from tracker.api.schemas import ReportList, ReportSchema, SpanArgs, SummarySchema
from tracker.extensions import db
from tracker.guard import requires
from tracker.models import PublishedReport
from tracker.services import periods, summary

bp = Blueprint("api_summary", __name__, url_prefix="/api/v1")


def _texts(items):
    return [{"improvement": t.code, "title": t.title, "text": t.text} for t in items]


@bp.get("/summary")
@requires(Rule.SIGNED_IN)
@bp.reads(SummarySchema, query=SpanArgs)
def get_summary(args):
    """The live summary of a month, tertial or year: only what a politician may read."""
    span = common.period(args["period"], spans=True)
    content = summary.build(
        db.session, span, periods.today_local(), current_app.config["REPORT_DEADLINE_DAY"]
    )
    return {
        "period": span.value,
        "months": span.months,
        "live": True,
        "areas": [
            {
                "code": a.code,
                "title": a.title,
                "goal": a.goal,
                "status": a.status.value if a.status else None,
                "status_by": "lead_owner" if a.assessed else "improvements",
                "trend": a.trend,
                "progress": a.progress,
                "counts": a.counts,
                "achieved": _texts(a.achieved),
                "next_steps": _texts(a.next_steps),
                "risks": _texts(a.risks),
                "questions": _texts(a.questions),
            }
            for a in content.areas
        ],
    }


def _report(r):
    return {
        "id": r.id,
        "period": r.period,
        "version": r.version,
        "registration_number": r.registration_number,
        "published_on": r.published_on,
        "note": r.note,
        "pdf": url_for("api_summary.get_report_pdf", report_id=r.id),
        "document": url_for("api_summary.get_report_document", report_id=r.id),
    }


@bp.get("/reports")
@requires(Rule.SIGNED_IN)
@bp.lists(ReportList)
def list_reports(args):
    """Published reports, newest period first."""
    query = select(PublishedReport).order_by(
        PublishedReport.period.desc(), PublishedReport.version.desc()
    )
    return common.page(query, args, shape=_report)  # stored pages and PDFs deferred


@bp.get("/reports/<id:report_id>")
@requires(Rule.SIGNED_IN)
@bp.reads(ReportSchema)
def get_report(report_id):
    """One published report: where its PDF and its document are."""
    return _report(_stored(report_id))


def _stored(report_id) -> PublishedReport:
    return db.session.get(PublishedReport, report_id) or common.not_found(
        _("There is no report %(key)s.", key=report_id)
    )


@bp.get("/reports/<id:report_id>/pdf")
@requires(Rule.SIGNED_IN)
@bp.reads(content_type="application/pdf", description="The PDF as published.")
def get_report_pdf(report_id):
    """A published report's PDF, exactly as stored."""
    return publishing.pdf_response(_stored(report_id))


@bp.get("/reports/<id:report_id>/document")
@requires(Rule.SIGNED_IN)
@bp.reads(content_type="text/html", description="The report as an HTML document.")
def get_report_document(report_id):
    """A published report as the HTML document it was stored as."""
    return publishing.document_response(_stored(report_id))
