"""What the API resources share: the blueprint with documented problems, paging, the
domain-error translation and the models' shape in JSON."""

from flask import request
from flask_babel import gettext as _
from flask_smorest import Blueprint as _Blueprint
from flask_smorest import abort
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from tracker.api.schemas import ProblemSchema
from tracker.extensions import db
from tracker.services import Conflict, NotAllowed, ValidationError, periods

PROBLEM = "application/problem+json"
READ_PROBLEMS = (401, 403, 404)
WRITE_PROBLEMS = (400, 401, 403, 404, 409, 422)


class Blueprint(_Blueprint):
    def problems(self, *codes):
        """Document the problem responses an operation can give."""

        def decorator(view):
            for code in codes:
                view = self.alt_response(code, schema=ProblemSchema, content_type=PROBLEM)(view)
            return view

        return decorator


def page(session, query, args, options=()):
    """One page of ``query`` and the total count, in two queries."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = session.scalars(
        query.options(*options)
        .limit(args["per_page"])
        .offset((args["page"] - 1) * args["per_page"])
    ).all()
    return rows, total


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
