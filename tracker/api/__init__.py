"""The JSON API under /api/v1, described by the OpenAPI document at /api/v1/openapi.json.

Signed in by the browser session (writes then need the CSRF token in the X-CSRFToken header)
or by a personal access token: ``Authorization: Bearer <token>``. Either way the same access
rules (tracker.access) and the same services as the pages apply.
"""

from apispec import APISpec
from flask import abort, after_this_request, request
from flask_login import current_user

from tracker.api import (
    areas,
    improvements,
    meetings,
    organisations,
    people,
    plan_workbook,
    summary,
    updates,
)
from tracker.api.schemas import ProblemSchema
from tracker.converters import ID_MAX, IdConverter
from tracker.extensions import SAFE_METHODS, api, csrf, db, login_manager
from tracker.guard import bearer_secret
from tracker.services import tokens

BLUEPRINTS = (organisations, people, areas, improvements, updates, meetings, summary, plan_workbook)


@login_manager.request_loader
def load_from_token(_request):
    secret = bearer_secret()
    if not secret:
        return None
    token = tokens.authenticate(db.session, secret)
    if token is None:
        return None
    if tokens.use_is_stale(token):
        engine, token_id = db.engine, token.id

        @after_this_request
        def note_use(response):
            # Written once the response is done and the request's own transaction has ended,
            # so that a reading request stays a reader and no transaction waits on another.
            response.call_on_close(lambda: tokens.note_use(engine, token_id))
            return response

    return token.person


def check_credentials():
    """Under /api/: credentials other than a bearer token are refused (401), and a write
    through the browser session needs the CSRF token; a token-signed one does not."""
    if not request.path.startswith("/api/"):
        return
    if "Authorization" in request.headers and bearer_secret() is None:
        abort(401)
    if request.method in SAFE_METHODS or not current_user.is_authenticated:
        return  # nobody signed in: the route answers 401
    if bearer_secret() is None:
        csrf.protect()


# The OpenAPI document of each set of settings that shape it: every app of a process with the
# same settings has the same operations, so the document is made with the first and kept (the
# test suite makes an app per test, and making it is most of the time an app takes to make).
# Every setting flask-smorest reads while it describes the API: API_SPEC_OPTIONS goes into the
# document as it is (servers, say), ETAG_DISABLED leaves out the ETag headers.
DOCUMENT_SETTINGS = (
    "API_TITLE",
    "API_VERSION",
    "OPENAPI_VERSION",
    "OPENAPI_URL_PREFIX",
    "API_SPEC_OPTIONS",
    "ETAG_DISABLED",
)
_documents: dict[str, APISpec] = {}


def init_app(app):
    api.ERROR_SCHEMA = ProblemSchema
    if not any(converter is IdConverter for converter, _doc in api._converters):
        api.register_converter(
            IdConverter,
            lambda _converter: {
                "type": "integer",
                "format": "int32",
                "minimum": 1,
                "maximum": ID_MAX,
            },
        )
    api.init_app(
        app,
        spec_kwargs={
            "info": {
                "description": (
                    "The portfolio of a municipal group's strategic areas and improvements. "
                    "References between resources are natural keys: a person's email, the "
                    "code of everything else. Errors are application/problem+json."
                )
            },
        },
    )
    settings = repr([app.config.get(name) for name in DOCUMENT_SETTINGS])  # a dict is a value
    kept = _documents.get(settings)
    if kept is None:
        _describe_security(api.spec)
    else:
        api.spec = kept
    for module in BLUEPRINTS:
        if kept is None:
            api.register_blueprint(module.bp)
        else:  # as Api.register_blueprint does, less describing it in the kept document
            app.extensions["flask-smorest"]["blp_name_to_api"][module.bp.name] = api
            app.register_blueprint(module.bp)
        csrf.exempt(module.bp)
    _documents[settings] = api.spec
    app.before_request(check_credentials)


def _describe_security(spec: APISpec) -> None:
    spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "Personal access token"}
    )
    spec.components.security_scheme(
        "sessionCookie", {"type": "apiKey", "in": "cookie", "name": "session"}
    )
    spec.options["security"] = [{"bearerAuth": []}, {"sessionCookie": []}]
