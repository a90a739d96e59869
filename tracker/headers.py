"""The headers every answer carries: a Content-Security-Policy and its companions, HSTS when the
deployment says it runs behind HTTPS, and a Cache-Control that keeps personal data off shared
machines. docs/security.md explains each; tests/test_headers.py walks every route.

Our own ``after_request`` hook rather than Flask-Talisman: Talisman would force HTTPS and secure
cookies against the app's own settings, and it cannot give a stored document a policy made from
that document's own stylesheet.
"""

import base64
import hashlib
import re

from flask import g, request

# The app's pages: scripts and styles only from the app's own files. No inline script, no eval,
# no inline style (plotly.js is told to leave its stylesheet to a file: see
# templates/_macros/page.html). Images the app's own; plotly.js draws in SVG.
PAGE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}

# A stored document (a published report as it was made): nothing from anywhere but exactly the
# stylesheet it carries inline, allowed by its hash.
DOCUMENT_POLICY = {
    "default-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'none'",
}

STYLE_ELEMENT = re.compile(r"<style(?:\s[^>]*)?>(.*?)</style>", re.IGNORECASE | re.DOTALL)

COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}

# Cache-Control by kind of answer.
SIGNED_IN = "private, no-cache"  # the browser may keep it, but asks again before showing it
NO_STORE = "no-store"  # never written to disk, not kept in the history's cache


def policy_text(policy: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in policy.items())


def style_hashes(html: str) -> list[str]:
    """The CSP sources ('sha256-...') of the inline <style> elements of a document, computed as
    a browser does: over the element's text, its line breaks normalised by the HTML parser."""
    sources = []
    for match in STYLE_ELEMENT.finditer(html):
        text = match.group(1).replace("\r\n", "\n").replace("\r", "\n")
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
        sources.append(f"'sha256-{digest}'")
    return sources


def document_policy(html: str) -> str:
    """The policy of a stored document: its own inline stylesheet and nothing else."""
    styles = " ".join(dict.fromkeys(style_hashes(html))) or "'none'"
    return policy_text({**DOCUMENT_POLICY, "style-src": styles})


def cache_control(response) -> str | None:
    """The Cache-Control an answer gets, or None to keep the one its view set (static files and
    plotly.js with their long cache, the token page, a stored document)."""
    attachment = response.headers.get("Content-Disposition", "").startswith("attachment")
    if request.path.startswith("/api/") or attachment:
        return NO_STORE
    if "Cache-Control" in response.headers:
        return None
    # Whoever was loaded for this answer; an answer that never asked is treated as signed out
    # (loading the person here could fail again on an error page).
    person = g.get("_login_user")
    return SIGNED_IN if person is not None and person.is_authenticated else NO_STORE


def init_app(app) -> None:
    page_policy = policy_text(PAGE_POLICY)
    hsts_max_age = int(app.config["HSTS_MAX_AGE"])

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", page_policy)
        # A page whose address holds a secret (a sign-in link's) may send no referrer at all.
        stricter = headers.get("Referrer-Policy") == "no-referrer"
        for name, value in COMMON_HEADERS.items():
            headers[name] = value
        if stricter:
            headers["Referrer-Policy"] = "no-referrer"
        if hsts_max_age > 0:
            headers["Strict-Transport-Security"] = f"max-age={hsts_max_age}"
        value = cache_control(response)
        if value is not None:
            headers["Cache-Control"] = value
            headers.pop("Expires", None)
        return response
