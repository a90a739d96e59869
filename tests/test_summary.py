"""The politicians' summary, published reports, the PDF and the Excel export: crafted data with
a marker in every group-only and confidential text, which must reach no politician."""

import io
import json
from datetime import date

import pypdf
from sqlalchemy import func, select

from tests.conftest import post
from tests.worlds import MARKER, SHOWN, row_fields
from tracker.extensions import db
from tracker.models import (
    Audience,
    ImprovementState,
    PublishedReport,
    Role,
    Status,
    StatusUpdate,
    TeamRoleResult,
)
from tracker.services import periods, summary

TODAY = date(2026, 11, 20)


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


def test_the_summary_counts_trends_and_texts(app, audience_texts):
    with app.app_context():
        content = summary.build(db.session, periods.Span("2026-10"), TODAY, 10)
    so1, so2 = content.areas
    assert (so1.code, so1.status, so1.assessed) == ("SO1", Status.AT_RISK, False)
    assert so1.trend == "better"  # off track in September, at risk in October
    assert so1.progress == 50 and so1.counts == {
        "on_track": 1,
        "at_risk": 1,
        "off_track": 0,
        "not_reported": 0,
        "done": 0,
        "paused": 0,
    }
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
    app, client, csrf, login_as, audience_texts, api, token_for
):
    login_as(Role.ADMIN)
    response = post(
        client,
        csrf,
        "/reports/publish",
        {"period": "2026-10", "registration_number": "KS 2026/77", "note": ""},
    )
    assert response.status_code == 302
    with app.app_context():
        report_id = db.session.scalar(select(PublishedReport.id))
        # Team roles are recorded: they must not leak either.
        db.session.add(TeamRoleResult(person_id=audience_texts["lead"].id, rank=1, role="plant"))
        db.session.commit()
    client.post("/logout", data={"csrf_token": csrf()})
    login_as(Role.POLITICIAN)
    assert client.get("/").headers["Location"].endswith(f"/reports/{report_id}")
    seen = politician_sees(
        client,
        [
            "/summary?period=2026-10",
            "/summary?period=2026-T3",
            "/summary?period=2026",
            "/reports",
            f"/reports/{report_id}",
            f"/reports/{report_id}/document",
            f"/reports/{report_id}/pdf",
            f"/reports/compare?a={report_id}&b={report_id}",
        ],
    )
    token = token_for(Role.POLITICIAN)
    for path in (
        "/summary?period=2026-10",
        "/summary?period=2026",
        "/reports",
        f"/reports/{report_id}",
    ):
        response = api("GET", path, token)
        assert response.status_code == 200, path
        seen[f"/api/v1{path}"] = json.dumps(response.get_json(), ensure_ascii=False)
    for path, text in seen.items():
        assert MARKER not in text, path
        assert "@example.se" not in text, path
        assert "Plant" not in text, path  # team roles
    # The marked texts do reach them (so the check above can fail).
    for path in (
        "/summary?period=2026-10",
        f"/reports/{report_id}",
        f"/reports/{report_id}/pdf",
        "/api/v1/summary?period=2026-10",
    ):
        assert f"Fråga {SHOWN}" in seen[path] or f"Fråga\n{SHOWN}" in seen[path], path
        assert f"Steg 2 {SHOWN}" in seen[path] or "Steg 2" in seen[path], path
    # And the working detail stays closed to them.
    for path in (
        "/summary/export.xlsx?period=2026-10",
        "/improvements/SO1-01",
        "/areas/SO1",
        "/my",
        "/reports/publish",
        "/team-roles",
        "/history",
    ):
        assert client.get(path).status_code == 403, path
    for path in (
        "/updates?period=2026-10",
        "/improvements",
        "/people",
        "/dashboard?period=2026-10",
    ):
        assert api("GET", path, token).status_code == 403, path


def test_only_a_company_marks_text_confidential(app, api, token_for, audience_texts):
    token = token_for(person=audience_texts["lead"])
    body = {
        "period": "2026-11",
        "status": "on_track",
        "progress": 10,
        "comment": "x",
        "comment_audience": "confidential",
    }
    response = api("POST", "/improvements/SO1-02/updates", token, body)
    assert response.status_code == 422
    assert "comment_audience" in response.get_json()["errors"]
    token = token_for(person=audience_texts["owner"])
    response = api("POST", "/improvements/SO2-02/updates", token, {**body, "period": "2026-10"})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["comment_audience"] == "confidential"


def test_owners_mark_who_may_read_each_text_in_their_monthly_report(
    app, client, csrf, login_as, audience_texts
):
    items = audience_texts["items"]
    # A department's owner: no commercially confidential choice, and it is refused if sent.
    login_as(person=audience_texts["lead"])
    key = f"i{items['b'].id}-2026-11"
    html = client.get("/my").get_data(as_text=True)
    assert f'name="{key}-comment_audience"' in html
    chooser = html[html.index(f'name="{key}-comment_audience"') :]
    chooser = chooser[: chooser.index("</select>")]
    assert 'value="politicians"' in chooser and 'value="confidential"' not in chooser
    fields = row_fields(key, progress="70", comment="Klart", comment_audience="confidential")
    response = client.post("/my", data={"csrf_token": csrf("/my"), **fields})
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
    login_as(person=audience_texts["owner"])
    key = f"i{items['d'].id}-2026-10"
    fields = row_fields(
        key,
        status="at_risk",
        progress="30",
        comment="Avtal nära",
        comment_audience="confidential",
        risks="Överklagande",
        risks_audience="politicians",
    )
    response = client.post("/my", data={"csrf_token": csrf("/my"), **fields})
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
