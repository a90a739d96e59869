"""Every page of every role passes the W3C Nu HTML Checker.

The demo's pages are saved as the test client gets them (each role, and signed out), then
checked in one run of the checker: one JVM for all of them, not one per page. The checker is
the npm package vnu-jar (`make install-test` fetches it into .cache/vnu) on the machine's Java.
Without either the test skips with a reason, unless TRACKER_REQUIRE_VNU=1 (as in CI), when it
fails instead.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.pages import all_pages, conflict_pages, import_pages, publish_two_reports, sign_in

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = Path(
    os.environ.get("TRACKER_VNU_JAR", ROOT / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
)


def require_vnu() -> str:
    java = shutil.which("java")
    missing = [what for what, ok in (("java", java), (str(VNU_JAR), VNU_JAR.exists())) if not ok]
    if missing:
        reason = f"The Nu HTML Checker needs {' and '.join(missing)} (make install-test)"
        if os.environ.get("TRACKER_REQUIRE_VNU") == "1":
            pytest.fail(reason + " (TRACKER_REQUIRE_VNU=1)")
        pytest.skip(reason)
    return java


def nu_errors(java: str, files) -> list[str]:
    """The checker's errors in ``files`` (paths), one run of the checker for all of them."""
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *sorted(map(str, files))],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(run.stderr or run.stdout)
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
        f"\n    {' '.join(m.get('extract', '').split())[:120]}"
        for m in report["messages"]
    ]


@pytest.mark.rendering
def test_every_page_of_every_role_passes_the_nu_html_checker(app, demo_people, tmp_path):
    java = require_vnu()
    password = app.config["DEMO_PASSWORD"]
    admin = app.test_client()
    sign_in(admin, demo_people["admin"][0], password)
    publish_two_reports(admin)
    paths = all_pages(app)

    clients = {"signed-out": app.test_client()}
    for who in ("admin", "member", "politician"):
        clients[who] = admin if who == "admin" else app.test_client()
        if who != "admin":
            sign_in(clients[who], demo_people[who][0], password)

    saved = {}
    for who, client in clients.items():
        for path in paths:
            response = client.get(path)
            if response.status_code in (301, 302, 303) or response.mimetype != "text/html":
                continue
            name = f"{who}{path}".replace("/", "_").replace("?", "_").replace("&", "_")
            file = tmp_path / f"{name}.html"
            file.write_bytes(response.data)
            saved[file.name] = (who, path, response.status_code)
    # The conflict pages: an edit form saved after someone else saved the thing.
    for name, html in conflict_pages(app, admin).items():
        (tmp_path / f"admin_{name}.html").write_bytes(html)
        saved[f"admin_{name}.html"] = ("admin", name, 409)
    # The import's preview, with a change and with errors.
    for name, html in import_pages(app, admin).items():
        (tmp_path / f"admin_{name}.html").write_bytes(html)
        saved[f"admin_{name}.html"] = ("admin", name, 200)
    statuses = {(who, status) for who, _path, status in saved.values()}
    assert {
        ("admin", 200),
        ("member", 200),
        ("politician", 200),
        ("signed-out", 200),
        ("politician", 403),
        ("admin", 404),
        ("admin", 409),
    } <= statuses

    errors = nu_errors(java, tmp_path.glob("*.html"))
    print(f"{len(saved)} pages checked")
    assert errors == [], f"{len(errors)} errors in {len(saved)} pages:\n" + "\n".join(errors)
