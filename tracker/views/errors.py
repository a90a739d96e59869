"""Error pages: a plain message in the user's language, never a traceback.

Paths under /api/ and /health answer application/problem+json instead of a page.
"""

from flask import Blueprint, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

bp = Blueprint("errors", __name__)

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    403: (_l("Not allowed"), _l("You do not have access to this page.")),
    404: (_l("Page not found"), _l("There is no page at this address.")),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
    413: (_l("Too large"), _l("What was sent is larger than this service accepts.")),
    500: (
        _l("Something went wrong"),
        _l("An error occurred on our side. It has been logged. Please try again later."),
    ),
}
CSRF_MESSAGE = _l(
    "The form had expired or did not come from this service. Go back, reload the page and try "
    "again."
)


def _wants_json():
    return request.path.startswith(("/api/", "/health"))


def _render(code, message=None):
    title, default = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
    message = message or default
    if _wants_json():
        body = {"type": "about:blank", "title": str(title), "status": code, "detail": str(message)}
        return body, code, {"Content-Type": "application/problem+json"}
    return render_template("errors/error.html", code=code, title=title, message=message), code


@bp.app_errorhandler(CSRFError)
def csrf_error(_error):
    return _render(400, CSRF_MESSAGE)


@bp.app_errorhandler(HTTPException)
def http_error(error):
    if error.code is None or error.code < 400:
        return error
    return _render(error.code)


@bp.app_errorhandler(InternalServerError)
def server_error(error):
    original = getattr(error, "original_exception", None)
    if original is not None:
        current_app.logger.error("unhandled error", exc_info=original)
    return _render(500)
