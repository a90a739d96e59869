"""Sessions that end when they should.

- Sign-in begins a new session (and with it a new CSRF token); the session names the
  person's session generation (``Person.get_id``), and raising the generation
  (``people.end_sessions``: sign-out, a new password, a new role, deactivation) ends every
  session of the person at once, on every device.
- A session ends after SESSION_IDLE_MINUTES without a request and SESSION_LIFETIME_HOURS
  after sign-in at the latest. While a form is being typed in, static/js/session.js asks for
  ``/session`` now and then, which keeps the session alive.
- A report form posted after its session ended is kept (``KeptForm``, with a valid CSRF token
  only): the person signs in and comes back to the page with what they typed (``kept``).

This module is for the views: it reads the request and the session."""

import json
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app, redirect, request, session, url_for
from flask_login import login_user, logout_user
from flask_wtf.csrf import validate_csrf
from sqlalchemy import delete, or_, select
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response
from wtforms import ValidationError

from tracker.extensions import db
from tracker.models import KeptForm, Person, SignInAttempt
from tracker.services import people, sign_ins

SIGNED_IN_AT, SEEN_AT = "signed_in_at", "seen_at"
# Why the last session ended ("idle" or "lifetime"), for the sign-in page to say.
ENDED = "session_ended"
# Whose session ended and when it was last used, for a report posted afterwards (_keep).
ENDED_FOR = "ended_for"
# Requests that neither end nor refresh a session: files and stylesheets.
PASSIVE = frozenset(
    {"static", "status_css", "dashboard.plotly_js", "dashboard.plotly_css", "reports.styles"}
)
# The id of the form kept when the session ended.
KEPT = "kept_form"
KEPT_FOR = timedelta(days=1)
# The time a request was last seen is written at most this often (seconds), so that not
# every answer sets a new cookie.
TOUCH_EVERY = 60
# The forms kept when posted after the session ended: their pages fill what was typed back
# in after sign-in (``kept``). The monthly reports at /my are the long texts worth keeping.
KEEPS = frozenset({"my.submit"})
# What survives a new session: the language chosen, and a form kept for after the sign-in.
SURVIVES = ("locale", KEPT)


def clock() -> datetime:
    """Now; the tests freeze it."""
    return datetime.now(UTC)


def attempt(email: str) -> tuple[SignInAttempt | None, int]:
    """A password attempt for ``email`` from this request's address, noted in the sign-in
    throttling (services.sign_ins) and committed before the password is checked, so that a
    simultaneous guess counts it: the attempt, or None and the seconds to wait."""
    limits = sign_ins.Limits.from_config(current_app.config)
    noted = sign_ins.begin(db.session, email, request.remote_addr or "", clock(), limits)
    db.session.commit()
    return noted


def begin(person: Person, *, renewed: bool = False) -> None:
    """Sign ``person`` in on a new session, noting when they signed in (committed), unless
    the session is ``renewed`` for one already signed in (a new password)."""
    if not renewed:
        people.signed_in(person, clock())
        db.session.commit()
    survivors = {key: session[key] for key in SURVIVES if key in session}
    session.clear()
    session.update(survivors)
    login_user(person)
    session[SIGNED_IN_AT] = session[SEEN_AT] = int(clock().timestamp())


def end() -> None:
    """Sign out of this session (people.end_sessions ends the others)."""
    logout_user()
    survivors = {key: session[key] for key in ("locale",) if key in session}
    session.clear()
    session.update(survivors)


def person_for(token: str) -> Person | None:
    """The person a session names ("<id>:<generation>", Person.get_id), if that session has
    not been ended since (a newer generation) and the person is still active."""
    person_id, _, generation = token.partition(":")
    if not (_number(person_id) and _number(generation)):
        return None
    person = db.session.get(Person, int(person_id))
    if person is None or not person.active or person.session_generation != int(generation):
        return None
    return person


def unauthorized() -> Response:
    """Not signed in: to the sign-in page, keeping a report posted after its session ended."""
    ended = session.get(ENDED_FOR)
    if not isinstance(ended, dict):
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
    if request.method == "POST" and (person := _ended_recently(ended)) and _keep(person):
        return redirect(url_for("auth.login", next=request.path), 303)
    return redirect(url_for("auth.login", next=_page_to_return_to()))


def kept(person: Person) -> MultiDict[str, str] | None:
    """What ``person`` posted to this page when their session ended, once; else None. The row
    itself goes when the report is saved (``forget``) or after a day."""
    kept_id = session.get(KEPT)
    if not isinstance(kept_id, int):
        return None
    row = db.session.scalar(
        select(KeptForm).where(
            KeptForm.id == kept_id,
            KeptForm.person_id == person.id,
            KeptForm.path == request.path,
            KeptForm.created_at > clock() - KEPT_FOR,
        )
    )
    if row is None:
        return None
    session.pop(KEPT)
    fields = json.loads(row.data)
    return MultiDict([(name, value) for name, values in fields.items() for value in values])


def forget(person: Person) -> None:
    """Delete what was kept for ``person``: the report it held has been saved."""
    db.session.execute(delete(KeptForm).where(KeptForm.person_id == person.id))


def _expire() -> None:
    """Before each request: end a session that has been idle or open too long. Static files
    and requests signed by an API token neither end nor refresh it."""
    if "_user_id" not in session or request.endpoint in PASSIVE or _bearer():
        return
    now = clock().timestamp()
    signed_in, seen = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
    config = current_app.config
    if not isinstance(signed_in, int) or not isinstance(seen, int):
        reason = "lifetime"  # a session from before these rules
    elif now - signed_in > config["SESSION_LIFETIME_HOURS"] * 3600:
        reason = "lifetime"
    elif now - seen > config["SESSION_IDLE_MINUTES"] * 60:
        reason = "idle"
    else:
        if now - seen >= TOUCH_EVERY:
            session[SEEN_AT] = int(now)
        return
    # Whose session it was, if it had not ended otherwise (a newer generation, deactivated).
    token = session.get("_user_id")
    person = person_for(token) if isinstance(token, str) else None
    # Signed out; the CSRF token stays until the next sign-in renews it, so that a report
    # posted now, or after a few more requests, can still be told genuine and kept (_keep).
    logout_user()
    session.pop(SIGNED_IN_AT, None)
    session.pop(SEEN_AT, None)
    session[ENDED] = reason
    if person is not None and isinstance(seen, int):
        session[ENDED_FOR] = {"person": person.get_id(), "seen": seen}


def _ended_recently(ended: dict[str, object]) -> Person | None:
    """The person whose session ended, if it was in use within the last lifetime and has not
    been ended otherwise since."""
    seen, token = ended.get("seen"), ended.get("person")
    lifetime = current_app.config["SESSION_LIFETIME_HOURS"] * 3600
    if not isinstance(seen, int) or not isinstance(token, str):
        return None
    if clock().timestamp() - seen > lifetime:
        return None
    return person_for(token)


def _keep(person: Person) -> bool:
    """Keep the posted report for ``person`` if its CSRF token still holds; True if kept. One
    kept form a person: a newer one replaces the older."""
    if request.endpoint not in KEEPS or not request.form:
        return False
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return False
    fields = {name: request.form.getlist(name) for name in request.form if name != "csrf_token"}
    now = clock()
    db.session.execute(
        delete(KeptForm).where(
            or_(KeptForm.created_at < now - KEPT_FOR, KeptForm.person_id == person.id)
        )
    )
    row = KeptForm(person_id=person.id, path=request.path, data=json.dumps(fields), created_at=now)
    db.session.add(row)
    db.session.commit()
    session[KEPT] = row.id
    return True


def _page_to_return_to() -> str:
    """Where sign-in leads back to: this page, or for a post the page at the same address if
    there is one (else the start page)."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    try:
        current_app.url_map.bind_to_environ(request.environ).match(request.path, method="GET")
    except HTTPException:
        return ""
    return request.path


def _bearer() -> bool:
    scheme, _, _ = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer"


def _number(text: str) -> bool:
    # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
    return text.isascii() and text.isdigit() and len(text) < 19


def init_app(app: Flask) -> None:
    app.before_request(_expire)
