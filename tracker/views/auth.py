"""Sign-in and sign-out, with throttled guessing (services.sign_ins), sessions that end
(tracker.sessions) and single sign-on (tracker.oidc, services.single_sign_on)."""

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

from tracker import oidc, sessions
from tracker.access import Rule
from tracker.extensions import db, login_manager
from tracker.forms import LoginForm
from tracker.guard import bearer_secret, current_person, requires
from tracker.models import Person
from tracker.services import people, sign_ins, single_sign_on
from tracker.views.common import safe_next

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Sign in to see this page.")
login_manager.login_message_category = "info"

# How this session was signed in ("oidc" for single sign-on), for sign-out to offer the
# provider's; where sign-in leads when the provider sends the reader back; the provider's
# end-session address, offered once on the sign-in page after sign-out.
SIGNED_IN_BY, SSO_NEXT, SSO_SIGN_OUT = "signed_in_by", "sso_next", "sso_sign_out"


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
    if request.method == "POST" and not current_app.config["PASSWORD_LOGIN"]:
        current_app.logger.warning("password sign-in refused: passwords are turned off")
        return _sign_in_page(form, refused=_("Sign-in with a password is turned off here.")), 403
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
    page = _sign_in_page(form, failed=failed, wait_minutes=-(-wait // 60), ended=ended)
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
    by_sso = session.get(SIGNED_IN_BY) == "oidc"
    sessions.end()
    flash(_("You have signed out."), "info")
    if by_sso and (url := oidc.end_session_url(url_for("auth.login", _external=True))):
        session[SSO_SIGN_OUT] = url
    return redirect(url_for("auth.login"))


@bp.get("/session")
@requires(Rule.SIGNED_IN)
def alive():
    """Asked now and then while a form is being typed in (static/js/session.js): the request
    itself keeps the session alive."""
    return "", 204, {"Cache-Control": "no-store"}


@bp.get("/login/oidc")
@requires(Rule.PUBLIC)
def oidc_start():
    """To the identity provider. A link, not a form: the page's Content-Security-Policy
    (form-action 'self') would stop a form's redirect to the provider, and starting writes
    nothing but this browser's own session (the state, nonce and PKCE verifier), which is what
    makes a sign-in begun elsewhere fail at the callback."""
    if current_user.is_authenticated:
        return redirect(url_for("home.start"))
    if oidc.client() is None:
        return _refused("single sign-on is not configured", _not_set_up())
    session[SSO_NEXT] = safe_next(request.args.get("next"), "")
    try:
        return oidc.start(url_for("auth.oidc_callback", _external=True))
    except oidc.Failed as failure:
        return _refused(failure.reason, _failure_message(failure.kind))


@bp.get("/login/oidc/callback")
@requires(Rule.PUBLIC)
def oidc_callback():
    """The provider sends the reader back here: signed in, or the sign-in page saying why not."""
    if oidc.client() is None:
        return _refused("single sign-on is not configured", _not_set_up())
    try:
        claims = oidc.finish(request.args.to_dict())
    except oidc.Failed as failure:
        return _refused(failure.reason, _failure_message(failure.kind))
    try:
        person = single_sign_on.find(
            db.session, claims, link_claim=current_app.config["OIDC_LINK_CLAIM"]
        )
    except single_sign_on.Refused as refusal:
        db.session.rollback()
        # One message for every kind of "no one here": unknown, unverified, deactivated.
        return _refused(refusal.reason, _no_account())
    db.session.commit()
    target = session.pop(SSO_NEXT, "")
    sessions.begin(person)
    session[SIGNED_IN_BY] = "oidc"
    return redirect(safe_next(target, url_for("home.start")))


def _label() -> str:
    return current_app.config["OIDC_LABEL"] or _("the municipality's account")


def _no_account() -> str:
    return _(
        "You signed in with %(label)s, but it gives no access to this service. Ask the "
        "service's administrator.",
        label=_label(),
    )


def _not_set_up() -> str:
    return _("Single sign-on is not set up for this service.")


def _failure_message(kind: str) -> str:
    if kind == oidc.UNREACHABLE:
        return _("The service cannot reach the sign-in service just now. Try again in a while.")
    if kind == oidc.MISCONFIGURED:
        return _("Single sign-on is not set up correctly here. Tell the service's administrator.")
    if kind == oidc.DECLINED:
        return _("The sign-in with %(label)s was cancelled or refused there.", label=_label())
    return _("The sign-in with %(label)s could not be completed. Start again.", label=_label())


def _refused(reason: str, message: str):
    """The sign-in page saying why single sign-on did not sign the reader in; the reason goes
    to the log. No session is begun."""
    current_app.logger.warning("single sign-on refused: %s", reason)
    session.pop(SSO_NEXT, None)
    return _sign_in_page(LoginForm(formdata=None), refused=message)


def _sign_in_page(form, **shown):
    """The sign-in page: the password form when passwords are on, the single sign-on button
    when it is configured, and what the last attempt or session came to."""
    return render_template(
        "auth/login.html",
        form=form,
        **shown,
        kept=sessions.KEPT in session,
        idle_minutes=current_app.config["SESSION_IDLE_MINUTES"],
        lifetime_hours=current_app.config["SESSION_LIFETIME_HOURS"],
        password_login=current_app.config["PASSWORD_LOGIN"],
        sso_label=_label() if oidc.configured(current_app) else None,
        sso_sign_out=session.pop(SSO_SIGN_OUT, None) if request.method == "GET" else None,
    )
