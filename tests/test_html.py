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

from tests.conftest import csrf_token_from
from tracker.extensions import db
from tracker.models import (
    Improvement,
    Meeting,
    Person,
    PublishedReport,
    StatusUpdate,
    StrategicArea,
)

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = Path(
    os.environ.get("TRACKER_VNU_JAR", ROOT / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
)
# Not pages: JSON, files, scripts and the redirects out of the app.
NOT_PAGES = ("/api/", "/vendor/", "/static/")
NOT_PAGE_ENDPOINTS = {"home.health", "summary.export", "reports.pdf", "auth.logout"}


def require_vnu() -> str:
    java = shutil.which("java")
    missing = [what for what, ok in (("java", java), (str(VNU_JAR), VNU_JAR.exists())) if not ok]
    if missing:
        reason = f"The Nu HTML Checker needs {' and '.join(missing)} (make install-test)"
        if os.environ.get("TRACKER_REQUIRE_VNU") == "1":
            pytest.fail(reason + " (TRACKER_REQUIRE_VNU=1)")
        pytest.skip(reason)
    return java


def sample_arguments(app) -> dict[str, dict]:
    """One real value for each argument of each page route, from the demo."""
    with app.app_context():
        area = db.session.scalars(db.select(StrategicArea).order_by(StrategicArea.code)).first()
        improvement = db.session.scalars(db.select(Improvement).order_by(Improvement.code)).first()
        person = db.session.scalars(db.select(Person).order_by(Person.id)).first()
        meeting = db.session.scalars(db.select(Meeting).order_by(Meeting.date.desc())).first()
        report = db.session.scalars(db.select(PublishedReport).order_by(PublishedReport.id)).first()
        update = db.session.scalars(db.select(StatusUpdate).order_by(StatusUpdate.id)).first()
        return {
            "areas": {"code": area.code},
            "improvements": {"code": improvement.code, "update_id": update.id},
            "people": {"person_id": person.id},
            "team_roles": {"person_id": person.id},
            "organisations": {"code": area.organisations[0].code},
            "meetings": {"meeting_id": meeting.id},
            "agenda": {"meeting_id": meeting.id},
            "reports": {"report_id": report.id},
        }


def page_paths(app) -> list[str]:
    """Every GET page of the app, with the demo's values for its arguments."""
    samples = sample_arguments(app)
    paths = []
    for rule in app.url_map.iter_rules():
        if (
            "GET" not in rule.methods
            or rule.endpoint in NOT_PAGE_ENDPOINTS
            or rule.rule.startswith(NOT_PAGES)
            or rule.rule.endswith(".xlsx")
        ):
            continue
        values = samples.get(rule.endpoint.split(".")[0], {})
        missing = rule.arguments - values.keys()
        assert not missing, f"{rule.rule}: no sample value for {missing}; add one above"
        with app.test_request_context():
            from flask import url_for

            paths.append(url_for(rule.endpoint, **{k: values[k] for k in rule.arguments}))
    return sorted(set(paths))


def publish_two_reports(client, app):
    for note in ("Första", "Andra"):
        token = csrf_token_from(client.get("/reports/publish").get_data(as_text=True))
        response = client.post("/reports/publish", data={"csrf_token": token, "note": note})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]


def sign_in(client, email, password):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302


def test_every_page_of_every_role_passes_the_nu_html_checker(app, demo_people, tmp_path):
    java = require_vnu()
    password = app.config["DEMO_PASSWORD"]
    admin = app.test_client()
    sign_in(admin, demo_people["admin"][0], password)
    publish_two_reports(admin, app)
    paths = page_paths(app)
    with app.app_context():
        reports = db.session.scalars(db.select(PublishedReport.id)).all()
    paths += [f"/reports/compare?a={reports[0]}&b={reports[1]}", "/improvements?status=off_track",
              "/no-such-page", "/login"]  # fmt: skip

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
    statuses = {(who, status) for who, _path, status in saved.values()}
    assert {("admin", 200), ("member", 200), ("politician", 200), ("signed-out", 200),
            ("politician", 403), ("admin", 404)} <= statuses  # fmt: skip

    run = subprocess.run(
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *sorted(map(str, tmp_path.glob("*.html"))),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(run.stderr or run.stdout)
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
        f"\n    {' '.join(m.get('extract', '').split())[:120]}"
        for m in report["messages"]
    ]
    print(f"{len(saved)} pages checked")
    assert errors == [], f"{len(errors)} errors in {len(saved)} pages:\n" + "\n".join(errors)
