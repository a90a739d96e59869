"""What the API resources share: the blueprint with documented problems, paging, the
domain-error translation and the models' shape in JSON."""

from flask import request
from flask_smorest import Blueprint as _Blueprint
from flask_smorest import abort
from sqlalchemy import func, select

from tracker.api.schemas import ProblemSchema
from tracker.services import Conflict, ValidationError

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


def run(service_call):
    """Call a service; its validation errors become 422 (409 for a taken key)."""
    try:
        return service_call()
    except Conflict as error:
        abort(409, errors=flatten(error.errors), message="A resource with this key exists.")
    except ValidationError as error:
        abort(422, errors=flatten(error.errors), message="Some fields are invalid.")


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


def not_found(what: str, key: str):
    abort(404, message=f"There is no {what} {key}.")


def location(endpoint_url: str):
    return {"Location": request.host_url.rstrip("/") + endpoint_url}


# JSON shapes, with references as natural keys.


def organisation(org):
    return {"code": org.code, "name": org.name, "kind": org.kind.value, "archived": org.archived}


def person(p):
    return {
        "id": p.id,
        "email": p.email,
        "name": p.name,
        "title": p.title,
        "organisation": p.organisation.code if p.organisation else None,
        "role": p.role.value,
        "active": p.active,
        "locale": p.locale,
        "external_id": p.external_id,
    }


def area(a):
    return {
        "code": a.code,
        "title": a.title,
        "description": a.description,
        "goal": a.goal,
        "lead": a.lead.email,
        "co_owners": [p.email for p in a.co_owners],
        "organisations": [o.code for o in a.organisations],
        "order": a.order,
        "plan_from": a.plan_from,
        "plan_to": a.plan_to,
        "archived": a.archived,
    }


def improvement(i):
    return {
        "code": i.code,
        "area": i.area.code,
        "title": i.title,
        "description": i.description,
        "owner": i.owner.email,
        "deputy": i.deputy.email if i.deputy else None,
        "organisation": i.organisation.code,
        "organisations": [o.code for o in i.organisations],
        "start": i.start,
        "due": i.due,
        "state": i.state.value,
    }
