"""A person's own profile, with their personal access tokens for the JSON API."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from tracker import sessions
from tracker.access import Rule, owns_token
from tracker.extensions import db
from tracker.forms import PasswordForm, TokenForm
from tracker.guard import current_person, requires
from tracker.models import ApiToken, utcnow
from tracker.services import passwords, people, sign_ins, tokens
from tracker.views.common import saving

bp = Blueprint("profile", __name__)


def _page(form=None, new_secret=None, status=200, password_form=None):
    person = current_person()
    return (
        render_template(
            "profile/index.html",
            tokens=tokens.of(db.session, person),
            # After a create, an empty form: the next token gets a name of its own.
            form=form or TokenForm(formdata=None),
            new_secret=new_secret,
            password_form=password_form or PasswordForm(formdata=None),
            min_length=passwords.MIN_LENGTH,
            now=utcnow(),
        ),
        status,
    )


@bp.post("/profile/password")
@requires(Rule.SIGNED_IN)
def change_password():
    """A new password, given the current one: a wrong one counts as a failed sign-in (the same
    throttling); the other sessions end, this one goes on."""
    person = current_person()
    form = PasswordForm()
    if person.password_hash is None or not current_app.config["PASSWORD_LOGIN"]:
        abort(404)  # no password here to change: the person signs in elsewhere, or nobody does
    if not form.validate_on_submit():
        return _page(password_form=form, status=422)
    attempt, wait = sessions.attempt(person.email)  # the sign-in throttling's store
    if attempt is None:
        current_app.logger.warning("password change throttled: person=%s wait=%ss", person.id, wait)
        minutes = -(-wait // 60)
        form.current_password.errors = [
            ngettext(
                "Too many wrong passwords. Try again in %(num)s minute.",
                "Too many wrong passwords. Try again in %(num)s minutes.",
                minutes,
            )
        ]
        page, _status = _page(password_form=form)
        return page, 429, {"Retry-After": str(wait)}
    if not people.is_password(person, form.current_password.data):
        form.current_password.errors = [_("That is not your current password.")]
        return _page(password_form=form, status=422)
    # The right password: not a failed guess, whatever becomes of the new one.
    sign_ins.succeeded(db.session, attempt)
    db.session.commit()
    with saving(form) as outcome:
        people.set_password(
            db.session,
            person,
            form.password.data,
            person,
            hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            now=sessions.clock(),
        )
    if not outcome.ok:
        return _page(password_form=form, status=422)
    # The new generation: this session goes on, the others have ended.
    sessions.begin(person, renewed=True)
    flash(_("Your password is changed. You were signed out everywhere else."), "info")
    return redirect(url_for("profile.index"))


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
