"""The words of the error answers: a title and a message per status code, and the
application/problem+json body (RFC 9457) the API and /health answer with. The error pages
(tracker.views.errors) and the fault pages (tracker.views.faults) share them."""

from flask_babel import lazy_gettext as _l

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    401: (_l("Not signed in"), _l("Sign in, or send a valid access token.")),
    403: (_l("Not allowed"), _l("You do not have access to this page.")),
    404: (_l("Page not found"), _l("There is no page at this address.")),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
    409: (_l("Conflict"), _l("This conflicts with what is already stored.")),
    413: (_l("Too large"), _l("What was sent is larger than this service accepts.")),
    415: (_l("Unsupported media type"), _l("Send the request body as JSON.")),
    422: (_l("Invalid input"), _l("Some fields are invalid.")),
    500: (
        _l("Something went wrong"),
        _l("An error occurred on our side. It has been logged. Please try again later."),
    ),
    503: (
        _l("Temporarily unavailable"),
        _l(
            "The database cannot be read or written just now, so nothing was saved. Try again "
            "in a minute."
        ),
    ),
}


def problem(code: int, detail=None, errors=None):
    """An application/problem+json response."""
    title, default = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
    body = {"type": "about:blank", "title": str(title), "status": code}
    body["detail"] = str(detail or default)
    if errors:
        body["errors"] = errors
    headers = {"Content-Type": "application/problem+json"}
    if code == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return body, code, headers
