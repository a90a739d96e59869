"""Single sign-on with OpenID Connect, through Authlib's Flask client.

- On when OIDC_ISSUER and OIDC_CLIENT_ID are set (tracker/config.py); each app gets its own
  Authlib client, which keeps the provider's discovery document and keys once fetched.
- ``start`` sends the browser to the provider: the authorization code flow with PKCE (S256),
  ``state`` and ``nonce``, which Authlib keeps in the session until the answer comes back.
- ``finish`` takes the answer: Authlib checks the state, exchanges the code and verifies the ID
  token (signature against the provider's keys, issuer, audience, expiry, nonce); the verified
  claims, or ``Failed`` with the reason for the log. No token is kept.
- Who the claims name is decided by services.single_sign_on.

This module is for the views: it reads the request and the session."""

from typing import Any
from urllib.parse import urlencode

import requests
from authlib.integrations.flask_client import OAuth, OAuthError
from flask import Flask, current_app, session
from joserfc.errors import JoseError
from werkzeug.wrappers import Response

from tracker.services.single_sign_on import LINK_CLAIMS

NAME = "oidc"
EXTENSION = "tracker.oidc"
# The provider could not be reached or answered nonsense; the answer could not be verified;
# the provider itself said no (the reader cancelled, or is not allowed there).
UNREACHABLE, UNVERIFIED, DECLINED = "unreachable", "unverified", "declined"
# The provider's discovery document names another issuer than OIDC_ISSUER: a setting to mend
# (for Entra ID, most often the tenant's domain written where its id belongs).
MISCONFIGURED = "misconfigured"
# Sign-ins begun in this browser and not finished that are kept (Authlib keeps each in the
# session cookie, and a cookie over 4 KB is dropped by the browser): the newest two, so that
# a second tab still works.
PENDING_KEPT = 2


class Failed(Exception):
    """The sign-in did not complete: ``kind`` (one of the three above) and the ``reason``."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind, self.reason = kind, reason


def configured(app: Flask) -> bool:
    return bool(app.config.get("OIDC_ISSUER") and app.config.get("OIDC_CLIENT_ID"))


def client():  # -> authlib's FlaskOAuth2App, or None when single sign-on is off
    oauth = current_app.extensions.get(EXTENSION)
    return oauth.create_client(NAME) if oauth is not None else None


def start(redirect_uri: str) -> Response:
    """The redirect to the provider's sign-in; Failed if the provider cannot be reached or
    names another issuer. Older unfinished sign-ins of this browser are forgotten but the
    newest PENDING_KEPT - 1."""
    oidc = client()
    try:
        _issuer(oidc)
        _forget_pending(PENDING_KEPT - 1)
        return oidc.authorize_redirect(redirect_uri)
    except (requests.RequestException, ValueError, KeyError, RuntimeError) as exc:
        raise Failed(UNREACHABLE, f"discovery failed: {exc!r}") from exc


def _issuer(oidc: Any) -> str:
    """The issuer of the discovery document, which must be OIDC_ISSUER."""
    issuer = oidc.load_server_metadata().get("issuer")
    if str(issuer).rstrip("/") != str(current_app.config["OIDC_ISSUER"]).rstrip("/"):
        raise Failed(MISCONFIGURED, f"the discovery document names another issuer: {issuer!r}")
    return str(issuer)


def _forget_pending(keep: int) -> None:
    """Forget all but the newest ``keep`` unfinished sign-ins that Authlib keeps in the
    session (keys "_state_<name>_<state>", each with its expiry)."""
    prefix = f"_state_{NAME}_"
    pending = sorted(
        (key for key in session if key.startswith(prefix)),
        key=lambda key: session[key].get("exp", 0) if isinstance(session[key], dict) else 0,
    )
    for key in pending[: max(0, len(pending) - keep)]:
        session.pop(key)


def finish(args: dict[str, str]) -> dict[str, object]:
    """The verified claims of the ID token the provider's answer (``args``, the callback's
    query) leads to; Failed with the kind and reason otherwise."""
    if error := args.get("error"):
        raise Failed(DECLINED, f"the provider answered {error}: {args.get('error_description')}")
    oidc = client()
    try:
        issuer = _issuer(oidc)
        # The issuer and this app as the audience, each required: Authlib's own options
        # name the issuer only.
        token = oidc.authorize_access_token(
            claims_options={
                "iss": {"essential": True, "values": [issuer]},
                "aud": {"essential": True, "values": [oidc.client_id]},
            }
        )
    except OAuthError as exc:  # a wrong or missing state, a refused code (used, expired)
        raise Failed(UNVERIFIED, f"{exc.error}: {exc.description}") from exc
    except JoseError as exc:  # the ID token: signature, issuer, audience, expiry, nonce
        raise Failed(UNVERIFIED, f"ID token refused: {exc!r}") from exc
    except (requests.RequestException, ValueError, KeyError, RuntimeError) as exc:
        raise Failed(UNREACHABLE, f"the provider failed: {exc!r}") from exc
    claims = token.get("userinfo")
    if not claims:
        raise Failed(UNVERIFIED, "no ID token in the provider's answer")
    return dict(claims)


def end_session_url(post_logout_redirect_uri: str) -> str | None:
    """The provider's end-session address (RP-initiated logout) with this app's client id, if
    the provider has one; no ID token is kept to pass as a hint."""
    oidc = client()
    if oidc is None:
        return None
    try:
        endpoint = oidc.load_server_metadata().get("end_session_endpoint")
    except (requests.RequestException, ValueError) as exc:
        current_app.logger.warning("single sign-on: no end-session address: %r", exc)
        return None
    if not isinstance(endpoint, str) or not endpoint.startswith(("https://", "http://")):
        return None
    query = urlencode(
        {"client_id": oidc.client_id, "post_logout_redirect_uri": post_logout_redirect_uri}
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def init_app(app: Flask) -> None:
    """Register the provider when single sign-on is configured; a wrong link claim stops the
    app at start, not at someone's first sign-in."""
    if not configured(app):
        if not app.config["PASSWORD_LOGIN"]:
            app.logger.warning(
                "PASSWORD_LOGIN is false and single sign-on is not set up: only a sign-in link"
                " (flask users login-link) lets anyone in"
            )
        return
    if app.config["OIDC_LINK_CLAIM"] not in LINK_CLAIMS:
        raise RuntimeError(f"OIDC_LINK_CLAIM must be one of: {', '.join(LINK_CLAIMS)}")
    issuer = str(app.config["OIDC_ISSUER"]).rstrip("/")
    secret = app.config.get("OIDC_CLIENT_SECRET")
    oauth = OAuth(app)
    oauth.register(
        NAME,
        # As written in the environment (create_app reads these as text, not as JSON).
        client_id=str(app.config["OIDC_CLIENT_ID"]),
        client_secret=str(secret) if secret is not None else None,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={
            "scope": app.config["OIDC_SCOPES"],
            "code_challenge_method": "S256",
            "default_timeout": app.config["OIDC_TIMEOUT_SECONDS"],
        },
    )
    app.extensions[EXTENSION] = oauth
