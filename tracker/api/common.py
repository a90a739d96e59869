"""What the API resources share: the blueprint with documented problems and the usual
operation shapes, paging, creating and changing through a service, and the domain-error
translation."""

from flask import request, url_for
from flask_babel import gettext as _
from flask_smorest import Blueprint as _Blueprint
from flask_smorest import abort
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from tracker.api.schemas import PageArgs, ProblemSchema
from tracker.boundary import ArgumentsParser
from tracker.extensions import db
from tracker.guard import current_person
from tracker.services import Conflict, NotAllowed, ValidationError, periods

PROBLEM = "application/problem+json"
READ_PROBLEMS = (401, 403, 404)
WRITE_PROBLEMS = (400, 401, 403, 404, 409, 415, 422)


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

    def writes(self, schema, answer=None, status=200):
        """A write that takes ``schema`` and answers with ``answer`` (by default the same)."""

        def decorator(view):
            view = self.problems(*WRITE_PROBLEMS)(view)
            view = self.response(status, answer or schema)(view)
            return self.arguments(schema)(view)

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


def patched(service_update, found, data):
    """Change ``found`` through the service as the current person and commit: the answer."""
    run(lambda: service_update(db.session, found, data, current_person()))
    commit()
    return found


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


WEBARGS_LOCATIONS = frozenset({"json", "query", "view_args", "form", "headers", "cookies"})


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
