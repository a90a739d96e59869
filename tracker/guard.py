"""The request guard: who is signed in, which token an API request carries, and the decorator
that enforces a view's access rule. The decisions themselves are in ``tracker.access``, which
reads no request; this module is for the views and the API, never for the services."""

import functools

from flask import abort, request
from flask_login import current_user

from tracker import sessions
from tracker.access import Rule, allowed, may_order_areas
from tracker.models import Person


def current_person() -> Person | None:
    """The signed-in Person itself (not Flask-Login's proxy), for services and the history."""
    return current_user._get_current_object() if current_user.is_authenticated else None


def bearer_secret() -> str | None:
    """The token of an API request that carries ``Authorization: Bearer ...``, else None."""
    if not request.path.startswith("/api/"):
        return None
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else None


def requires(rule: Rule):
    """Declare and enforce a view's rule: not signed in goes to sign-in, wrong role gets 403."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if rule is not Rule.PUBLIC:
                if not current_user.is_authenticated:
                    if request.path.startswith("/api/"):
                        abort(401)
                    return sessions.unauthorized()
                if not allowed(current_user, rule):
                    abort(403)
            return view(*args, **kwargs)

        wrapped.access_rule = rule
        return wrapped

    return decorator


def may(rule: Rule) -> bool:
    """May the signed-in person pass this rule? For templates: ``{% if may(Rule.ADMIN) %}``."""
    return allowed(current_person(), rule)


def init_app(app) -> None:
    """Templates ask the same rules as the views: ``may``, ``Rule`` and the ownership decisions."""
    app.jinja_env.globals.update(may=may, Rule=Rule, may_order_areas=may_order_areas)
