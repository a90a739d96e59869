"""Published reports: a report never changes once published, is written in the service's language whoever publishes, and publishing names the missing reports; with a marker in every text a politician must never read."""

from datetime import date

from sqlalchemy import func, select

from tests.conftest import improvement_by_code
from tests.worlds import SHOWN
from tracker.extensions import db
from tracker.models import PublishedReport, Role, Status, StatusUpdate, StrategicArea

TODAY = date(2026, 11, 20)


def test_a_published_report_never_changes(app, client, csrf, login_as, audience_texts):
    login_as(Role.ADMIN)
    client.post("/reports/publish", data={"period": "2026-10", "csrf_token": csrf()})
    with app.app_context():
        report = db.session.scalar(select(PublishedReport))
        report_id, stored = report.id, (report.body, report.document, report.pdf)
    page = client.get(f"/reports/{report_id}").get_data(as_text=True)
    document = client.get(f"/reports/{report_id}/document").get_data(as_text=True)
    pdf = client.get(f"/reports/{report_id}/pdf").data
    assert "Heltid" in page and document == stored[1] and pdf == stored[2]
    # Later: the texts, the titles and the figures change, and the reader's language too.
    with app.app_context():
        update = db.session.scalar(
            select(StatusUpdate).where(StatusUpdate.politicians_text == f"Fråga {SHOWN}")
        )
        update.politicians_text = "Ändrad fråga"
        update.status = Status.OFF_TRACK
        improvement_by_code("SO1-01").title = "Nytt"
        db.session.scalar(select(StrategicArea).where(StrategicArea.code == "SO1")).goal = "Ny"
        db.session.commit()
    client.post("/language", data={"locale": "sv", "csrf_token": csrf()})
    assert client.get(f"/reports/{report_id}/document").get_data(as_text=True) == stored[1]
    assert client.get(f"/reports/{report_id}/pdf").data == stored[2]
    after = client.get(f"/reports/{report_id}").get_data(as_text=True)
    assert f"Fråga {SHOWN}" in after and "Ändrad fråga" not in after
    with app.app_context():
        again = db.session.get(PublishedReport, report_id)
        assert (again.body, again.document, again.pdf) == stored
    # The live summary shows the change; a correction is a new version beside the first.
    assert "Ändrad fråga" in client.get("/summary?period=2026-10").get_data(as_text=True)
    client.post(
        "/reports/publish",
        data={"period": "2026-10", "registration_number": "KS 1", "csrf_token": csrf()},
    )
    with app.app_context():
        versions = db.session.scalars(
            select(PublishedReport.version).order_by(PublishedReport.version)
        ).all()
    assert versions == [1, 2]
    html = client.get(f"/reports/compare?a={report_id}&b={report_id + 1}").get_data(as_text=True)
    assert f"Fråga {SHOWN}" in html and "Ändrad fråga" in html
    assert html.count('id="r2026-10-v1-area-SO1"') == 1 and 'id="r2026-10-v2-area-SO1"' in html
    # Publishing the same again (a double submit) makes no third version.
    client.post(
        "/reports/publish",
        data={"period": "2026-10", "registration_number": "KS 1", "csrf_token": csrf()},
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PublishedReport)) == 2


def test_a_report_is_published_in_the_services_language_whoever_publishes(
    app, client, csrf, login_as, audience_texts, api, token_for
):
    app.config["BABEL_DEFAULT_LOCALE"] = "sv"
    login_as(Role.ADMIN)
    client.post("/language", data={"locale": "en", "csrf_token": csrf()})
    # An older period can be published too.
    response = client.post(
        "/reports/publish?period=2026-09", data={"period": "2026-09", "csrf_token": csrf()}
    )
    assert response.status_code == 302
    with app.app_context():
        report = db.session.scalar(select(PublishedReport))
        assert report.locale == "sv" and report.period == "2026-09"
        assert "Sammanfattning för politiken" in report.document
        report_id, pdf = report.id, report.pdf
    # A program reads the PDF with its token.
    token = token_for(Role.POLITICIAN)
    body = api("GET", f"/reports/{report_id}", token).get_json()
    response = client.get(body["pdf"], headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.data == pdf
    assert response.mimetype == "application/pdf"


def test_publishing_names_the_missing_reports_and_bad_periods_get_a_message(
    app, client, csrf, login_as, audience_texts, api, token_for
):
    login_as(Role.ADMIN)
    html = client.get("/reports/publish?period=2026-10").get_data(as_text=True)
    assert "Missing for October 2026: 1 improvement report and 4 area assessments." in html
    assert "SO2-02 Norra Strand" in html
    assert "Lena Lead\u2019s assessment of SO1" in html
    for bad in ("2026-13", "nonsense", "2026-T4", "2027-01", "2027", "2026-10\n", "2026-1O"):
        page = client.get("/summary", query_string={"period": bad})
        if "\n" in bad:  # a control character in a query string is refused at the boundary
            assert page.status_code == 400, bad
        else:
            assert page.status_code == 422 and "Showing" in page.get_data(as_text=True), bad
        response = client.post("/reports/publish", data={"period": bad, "csrf_token": csrf()})
        assert response.status_code == 422, bad
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PublishedReport)) == 0
    token = token_for(Role.POLITICIAN)
    assert api("GET", "/summary?period=2027-01", token).status_code == 422
    assert api("GET", "/summary?period=2026-13", token).status_code == 422
    assert api("GET", "/summary?period=2026-10%0A", token).status_code == 400
    assert client.get("/summary/export.xlsx?period=2026-10%0A").status_code == 400
    assert client.get("/summary/export.xlsx?period=2026-13").status_code == 200
    assert api("GET", "/reports/999", token).status_code == 404
