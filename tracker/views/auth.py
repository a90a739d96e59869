"""Sign-in and sign-out, with throttled guessing (services.sign_ins) and sessions that end
(tracker.sessions)."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from tracker import sessions
from tracker.access import Rule
from tracker.extensions import db, login_manager
from tracker.forms import LoginForm
from tracker.guard import bearer_secret, current_person, requires
from tracker.models import Person
from tracker.services import people, sign_ins
from tracker.views.common import safe_next

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Sign in to see this page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_person(token: str) -> Person | None:
    # A request that brings a token is signed by the token alone, never by a cookie.
    if bearer_secret() is not None:
        return None
    return sessions.person_for(token)


@bp.route("/login", methods=["GET", "POST"])
@requires(Rule.PUBLIC)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.start"))
    form = LoginForm(next=request.args.get("next", ""))
    failed, wait = False, 0
    if form.validate_on_submit():
        email = form.email.data
        attempt, wait = sessions.attempt(email)
        if attempt is None:
            # Refused before the password is looked at, alike for every email.
            current_app.logger.warning(
                "sign-in throttled: email=%r address=%s wait=%ss", email, request.remote_addr, wait
            )
        else:
            person = people.authenticate(
                db.session,
                email,
                form.password.data,
                hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            )
            if person is not None:
                sign_ins.succeeded(db.session, attempt)
                db.session.commit()
                sessions.begin(person)
                return redirect(safe_next(form.next.data, url_for("home.start")))
            # One message whether the email is unknown or the password wrong.
            failed = True
    ended = session.pop(sessions.ENDED, None) if request.method == "GET" else None
    page = render_template(
        "auth/login.html",
        form=form,
        failed=failed,
        wait_minutes=-(-wait // 60),
        ended=ended,
        kept=sessions.KEPT in session,
        idle_minutes=current_app.config["SESSION_IDLE_MINUTES"],
        lifetime_hours=current_app.config["SESSION_LIFETIME_HOURS"],
    )
    if wait:
        return page, 429, {"Retry-After": str(wait)}
    return page


@bp.post("/logout")
@requires(Rule.SIGNED_IN)
def logout():
    # CSRFProtect has checked the token before this view runs.
    # When the database cannot be written just now, views.faults answers 503 and ends this
    # browser's session all the same (the fault may come before this view runs, too).
    people.end_sessions(current_person())
    db.session.commit()
    sessions.end()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.get("/session")
@requires(Rule.SIGNED_IN)
def alive():
    """Asked now and then while a form is being typed in (static/js/session.js): the request
    itself keeps the session alive."""
    return "", 204, {"Cache-Control": "no-store"}
