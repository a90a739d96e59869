"""What the API resources share: the blueprint with documented problems and the usual
operation shapes, paging, creating and changing through a service, and the domain-error
translation."""

from flask import request, url_for
from flask_babel import gettext as _
from flask_smorest import Blueprint as _Blueprint
from flask_smorest import abort
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from tracker.api.schemas import PageArgs, ProblemSchema
from tracker.boundary import ArgumentsParser
from tracker.extensions import db
from tracker.guard import current_person
from tracker.services import Conflict, NotAllowed, Stale, ValidationError, periods

PROBLEM = "application/problem+json"
READ_PROBLEMS = (401, 403, 404)
WRITE_PROBLEMS = (400, 401, 403, 404, 409, 415, 422)

# What a resource with a version says of it, and how a PATCH gives the version it read.
ETAG = {
    "ETag": {
        "description": 'The version, quoted: "3". Send it back as If-Match (or as "version" '
        "in the body) to change only what you read.",
        "schema": {"type": "string"},
    }
}
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": 'The ETag you read ("3"): 409 if the resource has another version now. '
    'Instead of, or the same as, "version" in the body (422 if they differ); "*" or neither '
    "changes whatever version there is.",
}


class Blueprint(_Blueprint):
    # Bodies read with the app's limits; a write whose body is not JSON is 415 (boundary.py).
    ARGUMENTS_PARSER = ArgumentsParser()

    def problems(self, *codes):
        """Document the problem responses an operation can give."""

        def decorator(view):
            for code in codes:
                view = self.alt_response(code, schema=ProblemSchema, content_type=PROBLEM)(view)
            return view

        return decorator

    def reads(self, schema=None, query=None, **response):
        """A read answered with ``schema`` (or as ``response`` says: content_type, description);
        with ``query``, the arguments in the query string, which may be invalid (422)."""

        def decorator(view):
            view = self.problems(*READ_PROBLEMS, *((422,) if query else ()))(view)
            view = self.response(200, schema, **response)(view)
            return self.arguments(query, location="query")(view) if query else view

        return decorator

    def lists(self, schema):
        """A list answered with ``schema`` ({"items", "total"}), a page at a time."""
        return self.reads(schema, query=PageArgs)

    def writes(self, schema, answer=None, status=200, **response):
        """A write that takes ``schema`` and answers with ``answer`` (by default the same)."""

        def decorator(view):
            view = self.problems(*WRITE_PROBLEMS)(view)
            view = self.response(status, answer or schema, **response)(view)
            return self.arguments(schema)(view)

        return decorator

    def reads_versioned(self, schema):
        """A read of one resource with a version: the version is in the body and the ETag."""
        return self.reads(schema, headers=ETAG)

    def patches(self, schema, answer):
        """A PATCH of a resource with a version: the version read in the body or If-Match,
        the new one in the answer and its ETag."""

        def decorator(view):
            view = self.writes(schema, answer, headers=ETAG)(view)
            return self.doc(parameters=[IF_MATCH])(view)

        return decorator


def page(query, args, options=(), shape=None) -> dict:
    """The list answer: one page of ``query`` (each row as ``shape`` makes it) and the total
    count, in two queries."""
    session = db.session
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = session.scalars(
        query.options(*options)
        .limit(args["per_page"])
        .offset((args["page"] - 1) * args["per_page"])
    ).all()
    return {"items": [shape(r) for r in rows] if shape else rows, "total": total}


def create(service_create, data):
    """Create through the service as the current person and commit: the new thing."""
    found = run(lambda: service_create(db.session, data, current_person()))
    commit()
    return found


def created(found, endpoint: str, **key):
    """The 201 answer: the new thing, and where it is (``endpoint`` with its ``key``)."""
    return found, 201, location(url_for(endpoint, **key))


def versioned(found):
    """The answer with one resource that has a version: it, and its version as the ETag."""
    return found, 200, {"ETag": f'"{found.version}"'}


def patched(service_update, found, data):
    """Change ``found`` through the service as the current person and commit: the answer, with
    the new version. With the version the client read (``version`` in the body, or If-Match),
    a resource changed since is a 409 with its current version, and nothing is written;
    without, the change is made to the resource as it is (read and locked by the service)."""
    expected = asked_version(data.pop("version", None))
    try:
        run(
            lambda: service_update(
                db.session, found, data, current_person(), expected_version=expected
            )
        )
        commit()
    except (Stale, StaleDataError):
        db.session.rollback()
        abort(
            409,
            message=_("It was changed since you read it. Nothing was changed."),
            extra={"version": found.version},
        )
    return versioned(found)


def asked_version(in_body: int | None) -> int | None:
    """The version a PATCH was sent with: ``version`` in the body or the one ETag of If-Match
    (0, which no resource has, if it is not one of ours); None without either, or with
    If-Match: *. Both, different: 422."""
    if "If-Match" not in request.headers:
        return in_body
    if_match = request.if_match
    if if_match.star_tag:
        in_header = None
    else:
        tags = if_match.as_set()
        tag = (tags.pop() if len(tags) == 1 else None) or ""
        in_header = int(tag) if tag.isascii() and tag.isdigit() and len(tag) <= 18 else 0
    if in_body is not None and in_header is not None and in_body != in_header:
        message = _("The version in the body and the one in If-Match differ.")
        abort(422, errors={"version": message}, message=_("Some fields are invalid."))
    return in_header if in_body is None else in_body


def commit():
    """Commit; a key taken meanwhile by a concurrent request is a 409, not an error page."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        abort(409, message=_("A resource with this key was stored meanwhile."))


def run(service_call):
    """Call a service; its validation errors become 422 (409 for a taken key)."""
    try:
        return service_call()
    except NotAllowed:
        abort(403, message=_("You may not change these fields."))
    except Conflict as error:
        abort(409, errors=flatten(error.errors), message=_("A resource with this key exists."))
    except ValidationError as error:
        abort(422, errors=flatten(error.errors), message=_("Some fields are invalid."))


WEBARGS_LOCATIONS = frozenset({"json", "query", "view_args", "form", "files", "headers", "cookies"})


def flatten(errors, prefix="") -> dict[str, str]:
    """{"field": [msgs]} or nested marshmallow messages as {"field.0": "msg msg"}.

    webargs files messages under where they came from ({"json": {...}}); that level is dropped.
    """
    if not prefix and isinstance(errors, dict) and set(errors) <= WEBARGS_LOCATIONS:
        merged = {}
        for messages in errors.values():
            merged.update(messages if isinstance(messages, dict) else {"body": messages})
        errors = merged
    flat = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = "body" if key == "_schema" else str(key)
            flat.update(flatten(value, f"{prefix}.{name}" if prefix else name))
    elif isinstance(errors, (list, tuple)):
        if all(not isinstance(m, (dict, list, tuple)) for m in errors):
            flat[prefix or "body"] = " ".join(str(m) for m in errors)
        else:
            for i, value in enumerate(errors):
                flat.update(flatten(value, f"{prefix}.{i}"))
    else:
        flat[prefix or "body"] = str(errors)
    return flat


def period(value: str, *, spans: bool = False) -> periods.Span:
    """The period asked for, checked (periods.check): one that has not begun is a 422."""
    try:
        return periods.check(value, periods.today_local(), spans=spans)
    except periods.Invalid as invalid:
        abort(422, errors={"period": str(invalid.message)}, message=_("Invalid period."))


def not_found(message: str):
    """404 with the message, e.g. not_found(_("There is no meeting %(key)s.", key=key))."""
    abort(404, message=message)


def location(endpoint_url: str):
    return {"Location": request.host_url.rstrip("/") + endpoint_url}
