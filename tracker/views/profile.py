"""A person's own profile, with their personal access tokens for the JSON API."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from tracker.access import Rule, owns_token
from tracker.extensions import db
from tracker.forms import TokenForm
from tracker.guard import current_person, requires
from tracker.models import ApiToken, utcnow
from tracker.services import tokens
from tracker.views.common import saving

bp = Blueprint("profile", __name__)


def _page(form=None, new_secret=None, status=200):
    person = current_person()
    return (
        render_template(
            "profile/index.html",
            tokens=tokens.of(db.session, person),
            # After a create, an empty form: the next token gets a name of its own.
            form=form or TokenForm(formdata=None),
            new_secret=new_secret,
            now=utcnow(),
        ),
        status,
    )


@bp.get("/profile")
@requires(Rule.SIGNED_IN)
def index():
    return _page()


@bp.post("/profile/tokens")
@requires(Rule.SIGNED_IN)
def create_token():
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=422)
    with saving(form) as outcome:
        _token, secret = tokens.create(
            db.session, current_person(), form.name.data, days=int(form.days.data)
        )
    if not outcome.ok:
        return _page(form, status=422)
    # Shown once, on this response only: it is never stored and cannot be shown again, and
    # neither the browser's history nor a proxy may keep a copy.
    page, status = _page(new_secret=secret)
    return page, status, {"Cache-Control": "no-store"}


@bp.post("/profile/tokens/<id:token_id>/revoke")
@requires(Rule.SIGNED_IN)
def revoke_token(token_id):
    token = db.session.get(ApiToken, token_id)
    # Someone else's token is as unknown as a missing one.
    if token is None or not owns_token(current_person(), token):
        abort(404)
    tokens.revoke(db.session, token, current_person())
    db.session.commit()
    flash(_("The token “%(name)s” is revoked and no longer works.", name=token.name), "info")
    return redirect(url_for("profile.index"))
