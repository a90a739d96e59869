"""Sign-in and sign-out."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from tracker.access import Rule
from tracker.extensions import db, login_manager
from tracker.forms import LoginForm
from tracker.guard import bearer_secret, requires
from tracker.models import Person
from tracker.services import people
from tracker.views.common import safe_next

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Sign in to see this page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_person(person_id: str) -> Person | None:
    # A request that brings a token is signed by the token alone, never by a cookie.
    if bearer_secret() is not None or not (person_id.isascii() and person_id.isdigit()):
        return None
    person = db.session.get(Person, int(person_id))
    return person if person is not None and person.active else None


@bp.route("/login", methods=["GET", "POST"])
@requires(Rule.PUBLIC)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.start"))
    form = LoginForm(next=request.args.get("next", ""))
    failed = False
    if form.validate_on_submit():
        person = people.authenticate(db.session, form.email.data, form.password.data)
        if person is not None:
            login_user(person)
            return redirect(safe_next(form.next.data, url_for("home.start")))
        # One message whether the email is unknown or the password wrong.
        failed = True
    return render_template("auth/login.html", form=form, failed=failed)


@bp.post("/logout")
@requires(Rule.SIGNED_IN)
def logout():
    # CSRFProtect has checked the token before this view runs.
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))
