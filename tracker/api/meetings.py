"""/api/v1/meetings: the group's meetings, and what changed since the meeting before each."""

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.access import Rule
from tracker.api import common
from tracker.api.common import Blueprint
from tracker.api.schemas import ChangesSchema, MeetingList, MeetingSchema
from tracker.extensions import db
from tracker.guard import requires
from tracker.models import Meeting
from tracker.services import dashboard, meetings

bp = Blueprint("api_meetings", __name__, url_prefix="/api/v1/meetings")


def shape(m):
    return {
        "id": m.id,
        "date": m.date,
        "kind": m.kind.value,
        "title": m.title,
        "place": m.place,
        "notes": m.notes,
        "attendees": [p.email for p in m.attendees],
    }


@bp.get("")
@requires(Rule.GROUP)
@bp.lists(MeetingList)
def list_meetings(args):
    """The group's meetings, newest first."""
    query = select(Meeting).order_by(Meeting.date.desc(), Meeting.id.desc())
    return common.page(query, args, [selectinload(Meeting.attendees)], shape)


@bp.post("")
@requires(Rule.ADMIN)
@bp.writes(MeetingSchema, status=201)
def create_meeting(data):
    """Add a meeting (admins)."""
    return shape(common.create(meetings.create, data)), 201


@bp.get("/<id:meeting_id>/changes")
@requires(Rule.GROUP)
@bp.reads(ChangesSchema)
def meeting_changes(meeting_id):
    """What changed between the meeting before this one and this one."""
    meeting = db.session.get(Meeting, meeting_id) or common.not_found(
        _("There is no meeting %(key)s.", key=meeting_id)
    )
    before = meetings.previous(db.session, meeting)
    start = before.date if before else None
    # The first meeting is compared with the year before it.
    window_start = start or meeting.date - timedelta(days=365)
    result = dashboard.since(db.session, window_start, meeting.date)
    due = [
        {
            "id": d.id,
            "text": d.text,
            "responsible": d.responsible.email,
            "due": d.due,
            "meeting": d.meeting_id,
            "improvement": d.improvement.code if d.improvement else None,
            "open": d.open,
        }
        for d in meetings.decisions_due(db.session, window_start, meeting.date)
    ]
    return {"since": start, "until": meeting.date, **result, "decisions_due": due}
