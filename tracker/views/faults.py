"""When the database cannot be read or written just now (tracker.services.faults): 503 with
Retry-After, on pages and on the API, after rolling the transaction back.

A form whose save met such a fault is shown again as it was typed, with a message at the top
(``not_saved``, called by views.common.saving and by /my). Any other request that meets one gets
the 503 page, which lists the text the person had typed in the POST; when even that page cannot
be rendered (reading fails too), a plain page in the default language that asks nothing of the
database."""

from flask import Blueprint, current_app, g, render_template, request, session
from flask_babel import force_locale
from flask_wtf.csrf import validate_csrf
from sqlalchemy.exc import SQLAlchemyError
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import ValidationError

from tracker import sessions
from tracker.extensions import db
from tracker.services import faults
from tracker.views.problems import MESSAGES, problem

bp = Blueprint("faults", __name__)

NOT_TEXT = (HiddenField, PasswordField)

# Fields of a POST that are not what the person typed, by the last part of their name
# ("i12-2026-05-version" ends in "version").
NOT_TYPED = frozenset({"csrf_token", "version", "next", "locale", "copied", "unchanged"})


def retry_after() -> dict[str, str]:
    return {"Retry-After": str(int(current_app.config["DATABASE_RETRY_AFTER_SECONDS"]))}


def roll_back() -> None:
    """Roll the session back; a connection that is gone may fail even at that."""
    try:
        db.session.rollback()
    except Exception:
        current_app.logger.exception("rolling back after a database fault failed")


def not_saved(error, *forms) -> None:
    """A form's save met a passing fault: roll back, keep the ``forms`` as typed, and answer
    503 with Retry-After and the message at the top of the page (base.html)."""
    roll_back()
    _log("nothing saved", error)
    g.database_fault = faults.reason(error)
    g.form_kept = True
    keep(*forms)


def _log(what: str, error) -> None:
    # The driver's message only: the statement's parameters hold what the person typed.
    cause = getattr(error, "orig", None) or error
    current_app.logger.warning(
        "%s: the database is %s (%s: %s)",
        what,
        faults.reason(error),
        type(cause).__name__,
        str(cause).strip(),
    )


def keep(*forms) -> None:
    """The forms of this request, so that the 503 page can name the fields typed into them."""
    g.typed_forms = [*g.get("typed_forms", []), *forms]


def typed_text(formdata, forms=()) -> list[dict]:
    """What the person typed in the POST: each text field that is not empty, with its label
    when one of ``forms`` has the field, in the order sent. Not the CSRF token, passwords, the
    version or other hidden fields, nor the choices of the forms."""
    labels, left_out = {}, set()
    for form in forms:
        for field in form:
            if isinstance(field, StringField) and not isinstance(field, NOT_TEXT):
                # The label stays lazy: its language is chosen when the page is rendered.
                labels[field.name] = (field.label.text, form._prefix.rstrip("-"))
            else:
                left_out.add(field.name)
    typed = []
    for name, value in formdata.items(multi=True):
        last = name.rsplit("-", 1)[-1]
        if name in left_out or last in NOT_TYPED or "password" in name or not value.strip():
            continue
        rows = min(12, max(2, value.count("\n") + 1 + len(value) // 70))
        label, row = labels.get(name, (name, ""))
        typed.append({"label": label, "row": row, "value": value, "rows": rows})
    return typed


@bp.app_errorhandler(SQLAlchemyError)
def database_fault(error):
    """A passing fault anywhere: 503 with Retry-After. Any other database error is re-raised,
    to be the 500 it was."""
    if not faults.unavailable(error):
        raise error
    roll_back()
    _log(f"{request.method} {request.path}", error)
    # From here on the page only reads: an SQLite transaction begins without the write lock.
    g.database_fault = faults.reason(error)
    g.pop("form_kept", None)  # this page says it itself
    if request.endpoint == "auth.logout":
        _sign_out()
    headers = {**retry_after(), "Cache-Control": "no-store"}
    if request.path.startswith(("/api/", "/health")):
        body, code, problem_headers = problem(503)
        return body, code, {**problem_headers, **headers}
    typed = typed_text(request.form, g.get("typed_forms", ())) if request.method == "POST" else []
    title, message = MESSAGES[503]
    try:
        page = render_template(
            "errors/error.html", code=503, title=title, message=message, typed=typed
        )
    except Exception as failed:
        if faults.unavailable(failed):
            # Reading fails too (the signed-in person could not be loaded): no traceback.
            _log("the 503 page could not be read, the plain one is shown", failed)
        else:
            current_app.logger.exception("the 503 page failed: showing the plain one")
        roll_back()
        # In the default language: choosing the person's would ask the database again. Without
        # the context processors, which load the signed-in person (flask-login's among them).
        plain = current_app.jinja_env.get_template("errors/unavailable_plain.html")
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            page = plain.render(
                code=503,
                title=str(title),
                message=str(message),
                typed=typed,
                language=current_app.config["BABEL_DEFAULT_LOCALE"],
            )
    return page, 503, headers


def _sign_out() -> None:
    """Signing out met the fault (before its view, even): this browser's session ends all the
    same, so that nobody walks away from a shared computer still signed in. Other sessions of
    the person end when the database can be written again and they sign out there. Only with
    a valid CSRF token, as the view would ask."""
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return
    try:
        sessions.end()
    except SQLAlchemyError:
        roll_back()
        session.clear()  # reading fails too: the cookie is emptied all the same


@bp.after_app_request
def unavailable(response):
    """A page shown again after a fault (``not_saved``) is a 503 with Retry-After as well."""
    if g.get("form_kept"):
        response.status_code = 503
        response.headers.update(retry_after())
    return response
