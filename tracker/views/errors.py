"""Error pages: a plain message in the user's language, never a traceback.

Under /api/ (and /health) errors are application/problem+json (RFC 9457) instead, with one
message per invalid field in ``errors``.
"""

from flask import Blueprint, current_app, render_template, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from tracker.api.common import flatten
from tracker.boundary import UPLOADS
from tracker.services import faults, plan_workbook
from tracker.views.faults import database_fault, roll_back
from tracker.views.problems import MESSAGES, problem

bp = Blueprint("errors", __name__)

CSRF_MESSAGE = _l(
    "The form had expired or did not come from this service. Go back, reload the page and try "
    "again."
)


def _wants_json():
    return request.path.startswith(("/api/", "/health"))


def _render(code, message=None, data=None, headers=None):
    # An error page begins a new transaction: after a failed flush (on PostgreSQL) the old
    # one would fail the page's own queries (PendingRollbackError).
    roll_back()
    headers = dict(headers or {})
    if _wants_json():
        data = data or {}
        errors = data.get("errors") or data.get("messages")
        detail = data.get("message") or message
        if errors and code == 400 and not detail:
            detail = " ".join(flatten(errors).values())
        body, code, problem_headers = problem(
            code, detail, flatten(errors) if errors and code != 400 else None
        )
        body.update(data.get("extra") or {})
        headers.update(problem_headers)
        return body, code, headers
    title, default = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
    message = message or (data or {}).get("message")
    page = render_template("errors/error.html", code=code, title=title, message=message or default)
    return page, code, headers


@bp.app_errorhandler(CSRFError)
def csrf_error(_error):
    return _render(400, CSRF_MESSAGE)


@bp.app_errorhandler(HTTPException)
def http_error(error):
    if error.code is None or error.code < 400:
        return error
    allow = getattr(error, "valid_methods", None)
    headers = {"Allow": ", ".join(allow)} if allow else None
    if error.code == 413 and request.endpoint in UPLOADS:
        # A workbook over the import's limit: the limit named, in the reader's language.
        limits = plan_workbook.Limits.of(current_app.config)
        return _render(413, str(plan_workbook.too_large(limits)), headers=headers)
    return _render(error.code, data=getattr(error, "data", None), headers=headers)


@bp.app_errorhandler(InternalServerError)
def server_error(error):
    original = getattr(error, "original_exception", None)
    if original is not None and faults.unavailable(original):
        # A database fault met outside a view (by another error's page): 503 all the same.
        return database_fault(original)
    if original is not None:
        current_app.logger.error("unhandled error", exc_info=original)
    try:
        return _render(500)
    except Exception:
        current_app.logger.exception("the error page failed")
        # In the default language: choosing the person's would ask the database again.
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            title, message = (str(m) for m in MESSAGES[500])
        return f"{title}\n\n{message}\n", 500, {"Content-Type": "text/plain; charset=utf-8"}
