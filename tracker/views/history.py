"""The admin's log across everything, filterable by person, item and date (in the URL)."""

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from tracker.access import Rule
from tracker.converters import ID_MAX
from tracker.extensions import db
from tracker.forms import HistoryFilterForm
from tracker.guard import requires
from tracker.models import Person
from tracker.services import history

bp = Blueprint("history", __name__)


@bp.get("/history")
@requires(Rule.ADMIN)
def index():
    form = HistoryFilterForm(request.args)
    people = db.session.scalars(select(Person).order_by(Person.name)).all()
    form.person.choices = [("", _("Anyone"))] + [(str(p.id), p.name) for p in people]
    # A page that is not a whole number from 1 (0, -1, 1e5, "x") is no page: 404.
    asked = request.args.get("page", "1")
    if not (asked.isascii() and asked.isdigit() and len(asked) < 20 and 1 <= int(asked) <= ID_MAX):
        abort(404)
    page = int(asked)
    events, more = [], False
    valid = form.validate()
    if valid:
        events, more = history.log(
            db.session,
            actor_id=int(form.person.data) if form.person.data else None,
            item=form.item.data or None,
            date_from=form.date_from.data,
            date_to=form.date_to.data,
            page=page,
        )
        if page > 1 and not events:
            abort(404)  # past the last page
    page_html = render_template(
        "history/index.html", form=form, events=events, more=more, page=page
    )
    return page_html, 200 if valid else 422
