"""The headers of every answer: the Content-Security-Policy and its companions, HSTS when set,
and Cache-Control. A walk over every route of the app, as every role and signed out."""

import hashlib
import re
from base64 import b64encode
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.pages import publish_two_reports, sample_arguments, sign_in
from tracker.extensions import db
from tracker.headers import PAGE_POLICY, document_policy, policy_text, style_hashes
from tracker.models import AgendaItem, Decision, Person, PublishedReport, Role
from tracker.services import tokens
from tracker.status import css_properties

ROOT = Path(__file__).resolve().parent.parent
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
YEAR = "max-age=31536000"
# Files with a version in their URL: kept for a year.
LONG_CACHED = {"static", "dashboard.plotly_js", "dashboard.plotly_css", "status_css"}
# Personal data as a file or a stored document: never written to the browser's disk.
NO_STORE = {
    "auth.alive",
    "home.health",
    "reports.document",
    "reports.pdf",
    "summary.export",
    "plan_workbook.export",
    "plan_workbook.template",
    "people.personal_data_export",
    "api_summary.get_report_document",
    "api_summary.get_report_pdf",
}
# The pages of a sign-in link: their address holds its secret, so no referrer and no store.
LINK_PAGES = {"sign_in_links.choose_password", "sign_in_links.login"}
NO_STORE |= LINK_PAGES
DOCUMENTS = {"reports.document", "api_summary.get_report_document"}
WHO = ("anonymous", "admin", "member", "politician")


def test_the_page_policy_is_as_documented():
    assert policy_text(PAGE_POLICY) == PAGE_CSP


def _world(app, demo_people):
    """The demo with two published reports, a signed-in client and an API token for each role,
    and one value for each argument of each route."""
    password = app.config["DEMO_PASSWORD"]
    clients = {"anonymous": app.test_client()}
    for who in WHO[1:]:
        clients[who] = app.test_client()
        sign_in(clients[who], demo_people[who][0], password)
    publish_two_reports(clients["admin"])
    secrets = {}
    with app.app_context():
        for who in WHO[1:]:
            person = db.session.scalars(db.select(Person).filter_by(email=demo_people[who][0]))
            secrets[who] = tokens.create(db.session, person.one(), "headers", days=1)[1]
        db.session.commit()
        first = lambda model: db.session.scalars(db.select(model.id).order_by(model.id)).first()  # noqa: E731
        generic = {
            "report_id": first(PublishedReport),
            "item_id": first(AgendaItem) or 1,
            "decision_id": first(Decision) or 1,
            "token_id": 1,
            "email": demo_people["member"][0],
            "direction": "up",
            "filename": "css/app.css",
            "upload_id": 1,
        }
    return clients, secrets, generic, sample_arguments(app)


def _requests(app, generic, samples):
    """(endpoint, method, path) for every route and each of its methods."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        blueprint = rule.endpoint.split(".")[0].removeprefix("api_")
        blueprint = {"summary": "reports", "updates": "improvements"}.get(blueprint, blueprint)
        values = {**generic, **samples.get(blueprint, {}), **samples.get(rule.endpoint, {})}
        path = rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, path


def expected_cache_control(endpoint, path, status, who):
    if endpoint in LONG_CACHED and status in (200, 304):
        return YEAR
    if path.startswith("/api/") or (endpoint in NO_STORE and status in (200, 204)):
        return "no-store"
    return "no-store" if who == "anonymous" else "private, no-cache"


def test_every_answer_of_every_route_carries_the_headers_as_every_role(app, demo_people):
    clients, secrets, generic, samples = _world(app, demo_people)
    with app.app_context():
        stored = {r.id: r.document for r in db.session.scalars(db.select(PublishedReport))}
    seen, wrong = {who: {} for who in WHO}, []
    for who in WHO:
        client = clients[who]
        for endpoint, method, path in _requests(app, generic, samples):
            headers = {}
            if path.startswith("/api/") and who != "anonymous":
                headers["Authorization"] = f"Bearer {secrets[who]}"
            response = client.open(path, method=method, headers=headers)
            status = response.status_code
            seen[who][(method, path)] = status
            csp = PAGE_CSP
            if endpoint in DOCUMENTS and status == 200:
                csp = document_policy(stored[generic["report_id"]])
            want = {
                "Content-Security-Policy": csp,
                "X-Content-Type-Options": "nosniff",
                "X-Frame-Options": "DENY",
                "Referrer-Policy": "no-referrer"
                if endpoint in LINK_PAGES and status in (200, 404, 410)
                else "same-origin",
            }
            got = {name: response.headers.get(name) for name in want}
            cache = response.headers.get("Cache-Control", "")
            expected = expected_cache_control(endpoint, path, status, who)
            if expected == YEAR:
                cache_ok = YEAR in cache and "private" not in cache
            else:
                cache_ok = cache == expected and "Expires" not in response.headers
            if got != want or not cache_ok or "Strict-Transport-Security" in response.headers:
                wrong.append((who, method, path, status, got, cache, expected))
    assert wrong == []
    # The walk reached what it is about: pages, files and the API answered, not only refusals.
    admin, report = seen["admin"], generic["report_id"]
    for path in (
        "/dashboard",
        "/summary/export.xlsx",
        "/export.xlsx",
        "/import/template.xlsx",
        f"/reports/{report}/pdf",
        f"/reports/{report}/document",
        f"/reports/{report}/styles.css",
        f"/api/v1/reports/{report}/document",
        "/api/v1/areas",
        "/status.css",
        "/static/css/app.css",
        "/vendor/plotly.min.js",
        "/vendor/plotly.css",
    ):
        assert admin[("GET", path)] == 200, path
    assert seen["politician"][("GET", "/dashboard")] == 403
    assert seen["anonymous"][("GET", "/login")] == 200
    assert seen["anonymous"][("GET", "/dashboard")] == 302
    assert sum(status == 200 for status in admin.values()) >= 60
    assert {status for who in WHO for status in seen[who].values()} >= {200, 302, 400, 401, 403}


def test_hsts_only_when_the_deployment_says_it_runs_behind_https(app_config):
    from tracker import create_app

    for value, expected in ((0, None), (31536000, "max-age=31536000")):
        app = create_app({**app_config, "HSTS_MAX_AGE": value})
        client = app.test_client()
        try:
            for path in ("/login", "/health", "/static/css/app.css", "/api/v1/areas", "/nowhere"):
                answer = client.get(path)
                assert answer.headers.get("Strict-Transport-Security") == expected, path
        finally:
            with app.app_context():
                db.engine.dispose()  # its connections close now, not in a later test


def test_the_token_page_is_not_stored(client, login_as, csrf):
    login_as()
    response = client.post(
        "/profile/tokens", data={"name": "laptop", "days": "30", "csrf_token": csrf("/profile")}
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/profile").headers["Cache-Control"] == "private, no-cache"


def test_the_status_colours_are_a_versioned_stylesheet(app, client):
    page = client.get("/login").get_data(as_text=True)
    version = hashlib.sha256(css_properties().encode()).hexdigest()[:12]
    assert f'<link rel="stylesheet" href="/status.css?v={version}">' in page
    response = client.get(f"/status.css?v={version}")
    assert response.mimetype == "text/css"
    assert response.get_data(as_text=True) == css_properties()
    assert "--status-on_track" in css_properties()


def test_a_report_page_links_the_stylesheet_it_was_published_with(app, client, login_as, factory):
    login_as()
    with app.app_context():
        report = PublishedReport(
            period="2026-10",
            version=1,
            published_on=date(2026, 11, 5),
            body="<p>kropp</p>",
            styles=":root { --x: 1; }\n.summary { color: red; }",
            document="<html></html>",
            pdf=b"%PDF",
            locale="sv",
        )
        db.session.add(report)
        db.session.commit()
        report_id = report.id
    page = client.get(f"/reports/{report_id}").get_data(as_text=True)
    assert f'<link rel="stylesheet" href="/reports/{report_id}/styles.css">' in page
    assert "<style" not in page
    response = client.get(f"/reports/{report_id}/styles.css")
    assert response.mimetype == "text/css"
    assert response.get_data(as_text=True) == ":root { --x: 1; }\n.summary { color: red; }"
    again = client.get(
        f"/reports/{report_id}/styles.css", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304


def _sha256(text):
    return "'sha256-" + b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_a_stored_document_may_use_exactly_its_own_inline_stylesheet():
    html = "<html><head><style>body { color: #111; }\r\n.a { color: red }</style></head></html>"
    # The browser hashes the text as its parser sees it: line breaks normalised.
    assert style_hashes(html) == [_sha256("body { color: #111; }\n.a { color: red }")]
    policy = document_policy(html)
    assert f"style-src {_sha256('body { color: #111; }' + chr(10) + '.a { color: red }')}" in policy
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "script-src" not in policy
    assert "style-src 'none'" in document_policy("<html><body>utan stil</body></html>")


def test_a_published_document_is_served_with_the_hash_of_its_stylesheet(app, demo_people):
    client = app.test_client()
    sign_in(client, demo_people["admin"][0], app.config["DEMO_PASSWORD"])
    publish_two_reports(client)
    with app.app_context():
        report = db.session.scalars(db.select(PublishedReport)).first()
        styles, report_id = report.styles, report.id
    response = client.get(f"/reports/{report_id}/document")
    csp = response.headers["Content-Security-Policy"]
    assert re.search(r"style-src ('sha256-[^']+')(;|$)", csp).group(1) == _sha256(styles)
    assert response.headers["Cache-Control"] == "no-store"


# The templates and the app's scripts: nothing the page policy refuses.
INLINE = re.compile(
    r"<style|\sstyle=|\son[a-z]+=|<script(?![^>]*\ssrc=)|javascript:|\beval\(|new Function|"
    r"setAttribute\(\s*[\"']style|innerHTML|insertAdjacentHTML"
)


def test_no_template_or_script_has_inline_style_or_script():
    found = []
    files = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("static/js/*.js")]
    for file in files:
        if file.name == "document.html":  # the stored document: its own policy allows it
            continue
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if INLINE.search(line):
                found.append(f"{file.relative_to(ROOT)}:{number}: {line.strip()}")
    assert len(files) > 40
    assert found == []


@pytest.mark.parametrize(
    "line", ['<p style="color: red">', '<a onclick="x()">', "<script>alert(1)</script>", "<style>"]
)
def test_the_inline_check_finds_what_it_looks_for(line):
    assert INLINE.search(line)


# In the browser, with the policy on. The `page` fixture fails a test whose pages the policy
# refused anything (tests/browser.py: watch_csp), so every browser test checks that too.


@pytest.mark.browser
def test_the_browser_reports_what_the_policy_refuses(page, csp_violations):
    page.goto("/login")
    page.evaluate(
        """() => {
          const style = document.createElement("style");
          style.textContent = "body { color: red }";
          document.head.append(style);
          document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>');
        }"""
    )
    page.wait_for_timeout(200)
    assert {v["directive"] for v in csp_violations} == {"style-src-elem", "style-src-attr"}
    assert page.evaluate("getComputedStyle(document.body).color") != "rgb(255, 0, 0)"
    csp_violations.clear()  # refused as it should be: not a failure of this test


@pytest.mark.browser
def test_charts_draw_with_plotly_stylesheet_as_a_file(app, page, demo_people):
    from tests.browser import sign_in_by_keyboard

    sign_in_by_keyboard(page, demo_people["admin"][0], app.config["DEMO_PASSWORD"])
    page.goto("/dashboard")
    charts = page.locator(".chart[data-figure]")
    assert charts.count() >= 3
    expect(page.locator(".chart[data-drawn]")).to_have_count(charts.count())
    assert page.evaluate("document.querySelectorAll('style').length") == 0
    # plotly.js's own rules apply: its layers lie on top of each other.
    position = "getComputedStyle(document.querySelector('.js-plotly-plot .plotly .main-svg'))"
    assert page.evaluate(position + ".position") == "absolute"


@pytest.mark.browser
def test_a_stored_document_shows_with_its_own_stylesheet_and_no_other(
    app, page, demo_people, csp_violations
):
    from tests.browser import sign_in_by_keyboard

    client = app.test_client()
    sign_in(client, demo_people["admin"][0], app.config["DEMO_PASSWORD"])
    publish_two_reports(client)
    with app.app_context():
        report_id = db.session.scalars(db.select(PublishedReport.id)).first()
    sign_in_by_keyboard(page, demo_people["politician"][0], app.config["DEMO_PASSWORD"])
    page.goto(f"/reports/{report_id}/document")
    assert page.evaluate("getComputedStyle(document.body).maxWidth") == "960px"  # 60rem
    assert csp_violations == []
    page.evaluate(
        """() => {
          const style = document.createElement("style");
          style.textContent = "body { max-width: 10px }";
          document.head.append(style);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("getComputedStyle(document.body).maxWidth") == "960px"
    assert [v["directive"] for v in csp_violations] == ["style-src-elem"]
    csp_violations.clear()


# plotly.js's stylesheet as plotly.js would insert it: each rule inserted first (index 0), so
# the sheet holds them in the reverse of the order they are inserted in.
CAPTURE_PLOTLY_RULES = """
window.__plotlyRules = [];
const insertRule = CSSStyleSheet.prototype.insertRule;
CSSStyleSheet.prototype.insertRule = function (rule, index) {
  if (this.ownerNode && this.ownerNode.id === "plotly.js-style-global") {
    window.__plotlyRules.unshift(rule);
  }
  return insertRule.call(this, rule, index);
};
"""


@pytest.mark.browser
def test_the_plotly_stylesheet_is_what_the_installed_plotly_would_insert(app, browser):
    from tracker.views.dashboard import PLOTLY_JS

    page = browser.new_page()  # a blank page: no policy, plotly.js inserts its rules itself
    try:
        page.set_content("<!doctype html><title>plotly</title>")
        page.add_script_tag(content=CAPTURE_PLOTLY_RULES)
        page.add_script_tag(path=str(PLOTLY_JS))
        rules = page.evaluate("window.__plotlyRules")
    finally:
        page.close()
    assert len(rules) > 20
    response = app.test_client().get("/vendor/plotly.css")
    assert response.mimetype == "text/css"
    assert response.get_data(as_text=True).splitlines() == rules


def test_a_500_without_a_database_still_carries_the_headers(app, client, login_as, monkeypatch):
    """The database goes away while someone is signed in: the error page cannot load who it is
    for, and answers in plain text, with every header."""
    from sqlalchemy.exc import OperationalError

    from tracker import sessions

    login_as(Role.MEMBER)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answered as in production, not raised

    def down(_token):
        raise OperationalError("SELECT 1", {}, Exception("the database is down"))

    monkeypatch.setattr(sessions, "person_for", down)
    response = client.get("/profile")
    assert response.status_code == 500
    assert response.mimetype == "text/plain"
    assert "Traceback" not in response.get_data(as_text=True)
    assert response.headers["Content-Security-Policy"] == policy_text(PAGE_POLICY)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
