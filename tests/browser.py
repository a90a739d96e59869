"""Browser test support: the app served on 127.0.0.1 and the system Chromium through Playwright.

No `playwright install`: Playwright drives /usr/bin/chromium. Without it the browser tests skip
with a reason, unless TRACKER_REQUIRE_BROWSER=1 (as in CI), when they fail instead.
"""

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def require_browser():
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM}; the browser tests need it"
        if os.environ.get("TRACKER_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " (TRACKER_REQUIRE_BROWSER=1)")
        pytest.skip(reason)


class LiveServer:
    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=10)


# Every page reports what its Content-Security-Policy refused: the listener is in each page
# before its own scripts run, and tells the test through an exposed function (a list in the
# window would be lost at the next navigation). The policy refuses eval, and with it Playwright's
# page.wait_for_function once it has to poll: wait with expect(locator) instead.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation({
    page: document.location.href,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: `${event.sourceFile}:${event.lineNumber}`,
    sample: event.sample,
  });
});
"""


def watch_csp(context, violations):
    """Collect into ``violations`` every Content-Security-Policy violation in the context."""
    context.expose_function("__cspViolation", lambda violation: violations.append(violation))
    context.add_init_script(CSP_LISTENER)


def axe_violations(page):
    """Run axe-core (shipped in the axe-playwright-python package) for WCAG 2.1 A and AA."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
        for v in results.response["violations"]
    ]


def sign_in_by_keyboard(page, email, password):
    page.goto("/login")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.locator("#email").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
