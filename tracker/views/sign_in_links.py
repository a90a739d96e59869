"""Single-use sign-in links (services.sign_in_links): choosing a password through an
invitation or a reset link, asking for a reset, and signing in with a link from the command
line. Opening a link's page does not use it (mail scanners open links); pressing its button
does. Every refusal says why on a page, signs no one in, writes nothing and is logged."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from tracker import oidc, sessions
from tracker.access import Rule
from tracker.extensions import db
from tracker.forms import ChoosePasswordForm, ForgotPasswordForm
from tracker.guard import requires
from tracker.services import passwords, people, sign_in_links, sign_ins
from tracker.services.sign_in_links import PASSWORD, Refusal
from tracker.views.common import saving

bp = Blueprint("sign_in_links", __name__)

# The address holds the secret: no other page is told it, and no cache keeps the page.
PRIVATE = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}

REFUSALS = {
    Refusal.TAMPERED: _l(
        "This link is not whole or not one of ours. Copy the whole link from the email, or "
        "ask for a new one."
    ),
    Refusal.UNKNOWN: _l("This link is not valid (any more). Ask for a new one."),
    Refusal.INACTIVE: _l(
        "This link no longer works: the account is not active. Ask an admin if you need it."
    ),
    Refusal.USED: _l(
        "This link has been used already: each link works once. Sign in, or ask for a new one."
    ),
    Refusal.REPLACED: _l(
        "A newer link has been sent since, and only the newest works. Use the link in the "
        "latest email."
    ),
    Refusal.EXPIRED: _l("This link has expired. Ask for a new one."),
}


def _now():
    return sessions.clock()


def _secret_key() -> str:
    return current_app.config["SECRET_KEY"]


def _passwords_on() -> None:
    """No password is chosen where sign-in with a password is turned off (PASSWORD_LOGIN):
    the invitation and reset pages are not there; the command line's sign-in link is."""
    if not current_app.config["PASSWORD_LOGIN"]:
        abort(404)


def _refused(reason: Refusal, what: str):
    """The page that says why the link does not work: nothing was written, no one is signed
    in."""
    current_app.logger.warning(
        "sign-in link refused: %s (%s) address=%s", reason.value, what, request.remote_addr
    )
    status = 404 if reason in (Refusal.TAMPERED, Refusal.UNKNOWN) else 410
    page = render_template("sign_in_links/refused.html", message=REFUSALS[reason])
    return page, status, PRIVATE


def _set_password(person, password: str) -> None:
    """The person's own new password; their other sessions and open password links end, and
    the sign-in throttling's count for their email is cleared: the link came to their own
    mailbox, so the new password signs in at once even after wrong guesses."""
    hash_method = current_app.config["PASSWORD_HASH_METHOD"]
    people.set_password(db.session, person, password, person, hash_method=hash_method, now=_now())
    sign_ins.cleared(db.session, person.email, request.remote_addr or "", _now())


@bp.route("/password/<token>", methods=["GET", "POST"])
@requires(Rule.PUBLIC)
def choose_password(token):
    """Choose a password through an invitation or a reset link, then be signed in."""
    _passwords_on()
    link = sign_in_links.check(db.session, token, PASSWORD, _now(), _secret_key())
    if isinstance(link, Refusal):
        return _refused(link, "password")
    form = ChoosePasswordForm()
    status = 200
    if form.validate_on_submit():
        with saving(form) as outcome:
            used = sign_in_links.use(db.session, token, PASSWORD, _now(), _secret_key())
            if not isinstance(used, Refusal):  # a refusal wrote nothing
                _set_password(used.person, form.password.data)
        if isinstance(used, Refusal):
            return _refused(used, "password")
        if outcome.ok:
            sessions.begin(used.person)  # every other session of the person has ended
            flash(_("Your password is saved, and you are signed in."), "info")
            return redirect(url_for("home.start"))
    if request.method == "POST":
        status = 422
        link = sign_in_links.check(db.session, token, PASSWORD, _now(), _secret_key())
        if isinstance(link, Refusal):
            return _refused(link, "password")
    page = render_template(
        "sign_in_links/password.html",
        form=form,
        link=link,
        person=link.person,
        min_length=passwords.MIN_LENGTH,
    )
    return page, status, PRIVATE


@bp.route("/login/link/<token>", methods=["GET", "POST"])
@requires(Rule.PUBLIC)
def login(token):
    """Sign in with a link from the command line: a page with one button, which uses it."""
    link = sign_in_links.check(db.session, token, sign_in_links.LOGIN, _now(), _secret_key())
    if isinstance(link, Refusal):
        return _refused(link, "login")
    if request.method == "POST":  # CSRFProtect has checked the token before this view runs
        used = sign_in_links.use(db.session, token, sign_in_links.LOGIN, _now(), _secret_key())
        if isinstance(used, Refusal):
            db.session.rollback()
            return _refused(used, "login")
        person = used.person
        db.session.commit()
        sessions.begin(person)
        return redirect(url_for("home.start"))
    return render_template("sign_in_links/login.html", person=link.person), 200, PRIVATE


@bp.route("/password/forgot", methods=["GET", "POST"])
@requires(Rule.PUBLIC)
def forgot():
    """Ask for a link to choose a new password: the same answer whatever the email, limited
    by the sign-in throttling (per email and per address)."""
    _passwords_on()
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("sign_in_links/forgot.html", form=form), status
    email = form.email.data
    attempt, wait = sessions.attempt(email)  # counted as a failed attempt: never cleared here
    if attempt is None:
        current_app.logger.warning(
            "password reset throttled: email=%r address=%s wait=%ss",
            email,
            request.remote_addr,
            wait,
        )
        minutes = -(-wait // 60)
        form.email.errors = [
            ngettext(
                "Too many attempts. Try again in %(num)s minute.",
                "Too many attempts. Try again in %(num)s minutes.",
                minutes,
            )
        ]
        page = render_template("sign_in_links/forgot.html", form=form)
        return page, 429, {"Retry-After": str(wait)}
    person = people.find_by_email(db.session, email)
    sso = oidc.configured(current_app)
    if person is not None and sign_in_links.by_single_sign_on(person, single_sign_on=sso):
        current_app.logger.warning(
            "password reset not sent: person=%s signs in with single sign-on", person.id
        )
    elif person is not None and person.active:
        config = current_app.config
        if sign_in_links.send_reset(
            db.session, person, _now(), config, render=render_template, single_sign_on=sso
        ):
            db.session.commit()
        else:
            db.session.rollback()
            current_app.logger.warning(
                "password reset could not be sent: person=%s (%s)",
                person.id,
                "no mail server" if not config.get("MAIL_SERVER") else "the mail server refused",
            )
    flash(
        _(
            "If the address belongs to someone here, a link to choose a new password is on "
            "its way to it. It works for one hour."
        ),
        "info",
    )
    return redirect(url_for("auth.login"))
