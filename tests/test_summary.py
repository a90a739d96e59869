"""The politicians' summary, published reports, the PDF and the Excel export: crafted data with
a marker in every group-only and confidential text, which must reach no politician."""

import io
import json
from datetime import UTC, date, datetime

import pandas as pd
import pypdf
import pytest
from sqlalchemy import func, select

from tests.conftest import pin_today
from tracker.extensions import db
from tracker.models import (
    Audience,
    Improvement,
    ImprovementState,
    OrganisationKind,
    PublishedReport,
    Role,
    Status,
    StatusUpdate,
    StrategicArea,
    TeamRoleResult,
)
from tracker.services import periods, summary

TODAY = date(2026, 11, 20)
MARKER = "HEMLIGT-7Q"  # in every text a politician must never read
SHOWN = "FÖR-POLITIKEN"  # in the texts marked for them


@pytest.fixture
def today(monkeypatch):
    pin_today(monkeypatch, TODAY)


def at(day):
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)


@pytest.fixture
def world(app, factory, today):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    dep = factory.org(code="BUF", name="Barn- och utbildning")
    com = factory.org(code="SBO", name="Sjöviksbostäder", kind=OrganisationKind.COMPANY)
    lead = factory.person(org=dep, email="lead@example.se", name="Lena Lead")
    owner = factory.person(org=com, email="owner@example.se", name="Olle Owner")
    a1 = factory.area(lead, code="SO1", co_owners=[owner], order=1, goal="Fler behöriga lärare")
    a2 = factory.area(owner, code="SO2", co_owners=[lead], order=2, goal="Fler bostäder")
    start = date(2026, 1, 1)
    items = {
        "a": factory.improvement(a1, lead, code="SO1-01", title="Rekrytering", start=start),
        "b": factory.improvement(a1, lead, code="SO1-02", title="Heltid", start=start),
        "c": factory.improvement(a2, owner, code="SO2-01", title="Lärkan", start=start),
        "d": factory.improvement(a2, owner, code="SO2-02", title="Norra Strand", start=start),
    }
    secret = {
        "comment": f"Gruppens kommentar {MARKER}",
        "next_steps": f"Gruppens nästa steg {MARKER}",
        "risks": f"Gruppens risk {MARKER}",
        "needs_decision": True,
        "decision_text": f"KLG-beslut {MARKER}",
    }
    # September: SO1-01 off track, SO2-01 on track.
    factory.update(items["a"], "2026-09", status=Status.OFF_TRACK, created_at=at(date(2026, 10, 3)))
    factory.update(items["c"], "2026-09", status=Status.ON_TRACK, created_at=at(date(2026, 10, 3)))
    # October: texts for the politicians, for the group only, and confidential (the company).
    factory.update(items["a"], "2026-10", status=Status.AT_RISK, progress=40, **secret,
                   comment_audience=Audience.GROUP)  # fmt: skip
    factory.update(items["b"], "2026-10", status=Status.ON_TRACK, progress=60,
                   comment=f"Klart steg 1 {SHOWN}", comment_audience=Audience.POLITICIANS,
                   next_steps=f"Steg 2 {SHOWN}", next_steps_audience=Audience.POLITICIANS,
                   risks=f"Risk {SHOWN}", risks_audience=Audience.POLITICIANS,
                   raise_to_politicians=True, politicians_text=f"Fråga {SHOWN}",
                   decision_text=f"Dold {MARKER}")  # fmt: skip
    factory.update(items["c"], "2026-10", status=Status.OFF_TRACK, progress=20,
                   comment=f"Affärshemlighet {MARKER}", comment_audience=Audience.CONFIDENTIAL,
                   risks=f"Konfidentiell risk {MARKER}", risks_audience=Audience.CONFIDENTIAL,
                   next_steps=f"Internt {MARKER}")  # fmt: skip
    # SO2-02 (d) is not reported for October: a missing report.
    return {"lead": lead, "owner": owner, "items": items, "com": com}


def politician_sees(client, paths):
    """Every page, download and API answer a politician gets at ``paths``, as text."""
    seen = {}
    for path in paths:
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200, (path, response.status_code)
        if response.mimetype == "application/pdf":
            reader = pypdf.PdfReader(io.BytesIO(response.data))
            seen[path] = "\n".join(page.extract_text() for page in reader.pages)
        else:
            seen[path] = response.get_data(as_text=True)
    return seen


def test_the_summary_counts_trends_and_texts(app, world):
    with app.app_context():
        content = summary.build(db.session, periods.Span("2026-10"), TODAY, 10)
    so1, so2 = content.areas
    assert (so1.code, so1.status, so1.assessed) == ("SO1", Status.AT_RISK, False)
    assert so1.trend == "better"  # off track in September, at risk in October
    assert so1.progress == 50 and so1.counts == {"on_track": 1, "at_risk": 1, "off_track": 0,
                                                 "not_reported": 0, "done": 0,
                                                 "paused": 0}  # fmt: skip
    assert [t.text for t in so1.achieved] == [f"Klart steg 1 {SHOWN}"]
    assert [t.text for t in so1.next_steps] == [f"Steg 2 {SHOWN}"]
    assert [t.text for t in so1.risks] == [f"Risk {SHOWN}"]
    assert [t.text for t in so1.questions] == [f"Fråga {SHOWN}"]
    assert so2.status == Status.OFF_TRACK and so2.trend == "worse"
    assert so2.counts["not_reported"] == 1 and so2.achieved == [] and so2.risks == []
    assert [(m.improvement.code, m.improvement.title) for m in content.missing.reports] == [
        ("SO2-02", "Norra Strand")
    ]
    assert len(content.missing.assessments) == 4  # nobody assessed an area
    # A tertial shows each improvement's latest report within it; the year too.
    with app.app_context():
        tertial = summary.build(db.session, periods.Span("2026-T3"), TODAY, 10)
        assert tertial.span.months == ["2026-09", "2026-10", "2026-11", "2026-12"]
        assert tertial.areas[0].status == Status.AT_RISK
        assert tertial.areas[0].trend is None  # nothing reported in May to August
        year = summary.build(db.session, periods.Span("2026"), TODAY, 10)
        assert year.areas[1].counts["off_track"] == 1


def test_no_group_only_or_confidential_text_reaches_a_politician(
    app, client, csrf, login_as, world, api_client
):
    login_as(Role.ADMIN)
    response = client.post(
        "/reports/publish",
        data={"period": "2026-10", "registration_number": "KS 2026/77", "note": "",
              "csrf_token": csrf()},
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        report_id = db.session.scalar(select(PublishedReport.id))
        # Team roles are recorded: they must not leak either.
        db.session.add(TeamRoleResult(person_id=world["lead"].id, rank=1, role="plant"))
        db.session.commit()
    client.post("/logout", data={"csrf_token": csrf()})
    login_as(Role.POLITICIAN)
    assert client.get("/").headers["Location"].endswith(f"/reports/{report_id}")
    seen = politician_sees(client, [
        "/summary?period=2026-10", "/summary?period=2026-T3", "/summary?period=2026",
        "/reports", f"/reports/{report_id}", f"/reports/{report_id}/document",
        f"/reports/{report_id}/pdf", f"/reports/compare?a={report_id}&b={report_id}",
    ])  # fmt: skip
    call, token = api_client(Role.POLITICIAN)
    for path in ("/summary?period=2026-10", "/summary?period=2026", "/reports",
                 f"/reports/{report_id}"):  # fmt: skip
        response = call("GET", path, token)
        assert response.status_code == 200, path
        seen[f"/api/v1{path}"] = json.dumps(response.get_json(), ensure_ascii=False)
    for path, text in seen.items():
        assert MARKER not in text, path
        assert "@example.se" not in text, path
        assert "Plant" not in text, path  # team roles
    # The marked texts do reach them (so the check above can fail).
    for path in ("/summary?period=2026-10", f"/reports/{report_id}", f"/reports/{report_id}/pdf",
                 "/api/v1/summary?period=2026-10"):  # fmt: skip
        assert f"Fråga {SHOWN}" in seen[path] or f"Fråga\n{SHOWN}" in seen[path], path
        assert f"Steg 2 {SHOWN}" in seen[path] or "Steg 2" in seen[path], path
    # And the working detail stays closed to them.
    for path in ("/summary/export.xlsx?period=2026-10", "/improvements/SO1-01", "/areas/SO1",
                 "/my", "/reports/publish", "/team-roles", "/history"):  # fmt: skip
        assert client.get(path).status_code == 403, path
    for path in (
        "/updates?period=2026-10",
        "/improvements",
        "/people",
        "/dashboard?period=2026-10",
    ):
        assert call("GET", path, token).status_code == 403, path


def test_a_published_report_never_changes(app, client, csrf, login_as, world):
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
        db.session.scalar(select(Improvement).where(Improvement.code == "SO1-01")).title = "Nytt"
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
    client.post("/reports/publish", data={"period": "2026-10", "registration_number": "KS 1",
                                          "csrf_token": csrf()})  # fmt: skip
    with app.app_context():
        versions = db.session.scalars(
            select(PublishedReport.version).order_by(PublishedReport.version)
        ).all()
    assert versions == [1, 2]
    html = client.get(f"/reports/compare?a={report_id}&b={report_id + 1}").get_data(as_text=True)
    assert f"Fråga {SHOWN}" in html and "Ändrad fråga" in html
    assert html.count('id="r2026-10-v1-area-SO1"') == 1 and 'id="r2026-10-v2-area-SO1"' in html
    # Publishing the same again (a double submit) makes no third version.
    client.post("/reports/publish", data={"period": "2026-10", "registration_number": "KS 1",
                                          "csrf_token": csrf()})  # fmt: skip
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PublishedReport)) == 2


def test_a_report_is_published_in_the_services_language_whoever_publishes(
    app, client, csrf, login_as, world, api_client
):
    app.config["BABEL_DEFAULT_LOCALE"] = "sv"
    login_as(Role.ADMIN)
    client.post("/language", data={"locale": "en", "csrf_token": csrf()})
    # An older period can be published too.
    response = client.post("/reports/publish?period=2026-09",
                           data={"period": "2026-09", "csrf_token": csrf()})  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        report = db.session.scalar(select(PublishedReport))
        assert report.locale == "sv" and report.period == "2026-09"
        assert "Sammanfattning för politiken" in report.document
        report_id, pdf = report.id, report.pdf
    # A program reads the PDF with its token.
    call, token = api_client(Role.POLITICIAN)
    body = call("GET", f"/reports/{report_id}", token).get_json()
    response = client.get(body["pdf"], headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.data == pdf
    assert response.mimetype == "application/pdf"


def test_publishing_names_the_missing_reports_and_bad_periods_get_a_message(
    app, client, csrf, login_as, world, api_client
):
    login_as(Role.ADMIN)
    html = client.get("/reports/publish?period=2026-10").get_data(as_text=True)
    assert "Missing for October 2026: 1 improvement report and 4 area assessments." in html
    assert "SO2-02 Norra Strand" in html
    assert "Lena Lead\u2019s assessment of SO1" in html
    for bad in ("2026-13", "nonsense", "2026-T4", "2027-01", "2027", "2026-10\n", "2026-1O"):
        html = client.get("/summary", query_string={"period": bad}).get_data(as_text=True)
        assert "Showing" in html, bad
        response = client.post("/reports/publish", data={"period": bad, "csrf_token": csrf()})
        assert response.status_code == 422, bad
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PublishedReport)) == 0
    call, token = api_client(Role.POLITICIAN)
    assert call("GET", "/summary?period=2027-01", token).status_code == 422
    assert call("GET", "/summary?period=2026-13", token).status_code == 422
    assert call("GET", "/summary?period=2026-10%0A", token).status_code == 422
    assert client.get("/summary/export.xlsx?period=2026-10%0A").status_code == 200
    assert call("GET", "/reports/999", token).status_code == 404


def test_only_a_company_marks_text_confidential(app, api_client, world):
    call, token = api_client(person=world["lead"])
    body = {"period": "2026-11", "status": "on_track", "progress": 10, "comment": "x",
            "comment_audience": "confidential"}  # fmt: skip
    response = call("POST", "/improvements/SO1-02/updates", token, body)
    assert response.status_code == 422
    assert "comment_audience" in response.get_json()["errors"]
    call, token = api_client(person=world["owner"])
    response = call("POST", "/improvements/SO2-02/updates", token, {**body, "period": "2026-10"})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["comment_audience"] == "confidential"


def test_the_workbook_reads_back_with_neutralised_formulas(app, client, login_as, world, factory):
    factory.update(world["items"]["d"], "2026-10", status=Status.AT_RISK, progress=30,
                   comment="=HYPERLINK(\"http://evil\")", risks="+1", next_steps="-2",
                   decision_text="@SUM(A1)", politicians_text="\tx")  # fmt: skip
    login_as(Role.MEMBER)
    response = client.get("/summary/export.xlsx?period=2026-10")
    assert response.status_code == 200
    sheets = pd.read_excel(io.BytesIO(response.data), sheet_name=None)
    assert set(sheets) == {"Areas", "Improvements", "Updates", "Area assessments"}
    updates = sheets["Updates"]
    assert len(updates) == 4  # the October reports
    assert sorted(updates["Status"]) == ["At risk", "At risk", "Off track", "On track"]
    assert updates["Progress (%)"].sum() == 40 + 60 + 20 + 30
    row = updates[updates["Improvement"] == "SO2-02"].iloc[0]
    assert row["What happened"] == '\'=HYPERLINK("http://evil")'
    assert row["Risks and obstacles"] == "'+1" and row["Next steps"] == "'-2"
    assert row["What must the group decide?"] == "'@SUM(A1)"
    assert list(sheets["Areas"]["Code"]) == ["SO1", "SO2"]
    assert len(sheets["Improvements"]) == 4


def test_owners_mark_who_may_read_each_text_in_their_monthly_report(
    app, client, csrf, login_as, world
):
    items = world["items"]
    # A department's owner: no commercially confidential choice, and it is refused if sent.
    login_as(person=world["lead"])
    key = f"i{items['b'].id}-2026-11"
    html = client.get("/my").get_data(as_text=True)
    assert f'name="{key}-comment_audience"' in html
    chooser = html[html.index(f'name="{key}-comment_audience"') :]
    chooser = chooser[: chooser.index("</select>")]
    assert 'value="politicians"' in chooser and 'value="confidential"' not in chooser
    fields = {"status": "on_track", "version": "0", "progress": "70", "comment": "Klart",
              "comment_audience": "confidential"}  # fmt: skip
    response = client.post("/my", data={"csrf_token": csrf("/my"),
                                        **{f"{key}-{k}": v for k, v in fields.items()}})  # fmt: skip
    assert response.status_code in (200, 422)
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(StatusUpdate)
                .where(StatusUpdate.period == "2026-11")
            )
            == 0
        )
    # A company's owner may keep a text confidential, and share another with the politicians.
    client.post("/logout", data={"csrf_token": csrf()})
    login_as(person=world["owner"])
    key = f"i{items['d'].id}-2026-10"
    fields = {"status": "at_risk", "version": "0", "progress": "30", "comment": "Avtal nära",
              "comment_audience": "confidential", "risks": "Överklagande",
              "risks_audience": "politicians"}  # fmt: skip
    response = client.post("/my", data={"csrf_token": csrf("/my"),
                                        **{f"{key}-{k}": v for k, v in fields.items()}})  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        update = db.session.scalar(
            select(StatusUpdate).where(StatusUpdate.improvement_id == items["d"].id)
        )
        assert update.comment_audience == Audience.CONFIDENTIAL
        assert update.risks_audience == Audience.POLITICIANS
        assert update.next_steps_audience == Audience.GROUP
        content = summary.build(db.session, periods.Span("2026-10"), TODAY, 10)
    risks = [t.text for t in content.areas[1].risks]
    assert risks == ["Överklagande"] and not content.areas[1].achieved


def test_done_and_paused_improvements_are_counted_apart(app, client, login_as, factory):
    """A done and a paused improvement reported in the span are neither on track nor at risk:
    they are counted on their own."""
    org = factory.org()
    lead = factory.person(org=org)
    area = factory.area(lead, code="D1")
    going = factory.improvement(area, lead)
    finished = factory.improvement(area, lead, state=ImprovementState.DONE)
    resting = factory.improvement(area, lead, state=ImprovementState.PAUSED)
    factory.update(going, "2026-10", Status.ON_TRACK)
    factory.update(finished, "2026-10", Status.ON_TRACK)
    factory.update(resting, "2026-10", Status.AT_RISK)
    with app.app_context():
        content = summary.build(db.session, periods.Span("2026-10"), date(2026, 11, 20), 10)
    counts = content.areas[0].counts
    assert (counts["on_track"], counts["at_risk"], counts["off_track"]) == (1, 0, 0)
    assert (counts["done"], counts["paused"]) == (1, 1)
    app.config["BABEL_DEFAULT_LOCALE"] = "sv"
    login_as(Role.ADMIN)
    html = client.get("/summary?period=2026-10").get_data(as_text=True)
    assert "1 enligt plan, 0 med risk för avvikelse, 0 med avvikelse" in html
    assert "1 klar, 1 pausad" in html
