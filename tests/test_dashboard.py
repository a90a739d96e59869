"""The group's dashboard: counts match hand-counted ones, since the last meeting lists exactly
the changes, bad filters get a message, and the queries do not grow with the data."""

from datetime import date

import pytest

from tests.conftest import at
from tracker.extensions import db
from tracker.models import Meeting, OrganisationKind, Role, Status
from tracker.services import dashboard
from tracker.services import improvements as improvement_service

TODAY = date(2026, 11, 20)


@pytest.fixture
def two_areas(factory):
    dep = factory.org(code="BUF", name="BUF")
    com = factory.org(code="SBO", name="SBO", kind=OrganisationKind.COMPANY)
    lead = factory.person(org=dep, email="lead@example.se")
    owner = factory.person(org=com, email="owner@example.se")
    a1 = factory.area(lead, code="SO1", co_owners=[owner], order=1)
    a2 = factory.area(owner, code="SO2", co_owners=[lead], order=2)
    start = date(2026, 1, 1)
    items = {
        "a": factory.improvement(a1, owner, code="SO1-01", start=start),
        "b": factory.improvement(a1, lead, code="SO1-02", start=start),
        "c": factory.improvement(a1, lead, code="SO1-03", start=start),
        "d": factory.improvement(a2, owner, code="SO2-01", start=start, due=date(2026, 11, 1)),
        "e": factory.improvement(a2, owner, code="SO2-02", start=date(2026, 12, 1)),  # not due
    }
    return {"dep": dep, "com": com, "lead": lead, "owner": owner, "items": items}


def test_the_dashboard_api_counts_match_a_hand_count(
    app, api, token_for, factory, two_areas, today
):
    items = two_areas["items"]
    factory.update(items["a"], "2026-10", status=Status.ON_TRACK)
    factory.update(items["b"], "2026-10", status=Status.OFF_TRACK)
    factory.update(items["d"], "2026-10", status=Status.AT_RISK)
    # SO1-03 not reported; SO2-02 not due in October.
    token = token_for(Role.MEMBER)
    body = api("GET", "/dashboard?period=2026-10", token).get_json()
    assert body["period"] == "2026-10"
    assert body["areas"] == [
        {"code": "SO1", "on_track": 1, "at_risk": 0, "off_track": 1, "not_reported": 1},
        {"code": "SO2", "on_track": 0, "at_risk": 1, "off_track": 0, "not_reported": 0},
    ]
    # Counted by responsible organisation: SO1-01 and SO2-01 are SBO's, the lead's are BUF's.
    assert body["organisations"] == [
        {"code": "BUF", "on_track": 0, "at_risk": 0, "off_track": 1, "not_reported": 1},
        {"code": "SBO", "on_track": 1, "at_risk": 1, "off_track": 0, "not_reported": 0},
    ]
    assert body["completeness"]["due"] == 4 + 4  # four improvements, four area assessments
    assert api("GET", "/dashboard?period=2027-01", token).status_code == 422
    assert api("GET", "/dashboard?period=nonsense", token).status_code == 422


def test_since_the_last_meeting_lists_exactly_the_changes(app, factory, two_areas, today):
    items = two_areas["items"]
    with app.app_context():
        db.session.add(Meeting(date=date(2026, 10, 20), title="KLG", kind="group_meeting"))
        db.session.commit()
    # Before the meeting (made in early October) and after it (early November).
    made = {"2026-09": at(date(2026, 10, 3)), "2026-10": at(date(2026, 11, 3))}
    for key, period, status, risks in [
        ("a", "2026-09", Status.ON_TRACK, ""),
        ("b", "2026-09", Status.OFF_TRACK, ""),
        ("c", "2026-09", Status.ON_TRACK, "Personal"),
        ("a", "2026-10", Status.OFF_TRACK, ""),
        ("b", "2026-10", Status.AT_RISK, ""),
        ("c", "2026-10", Status.ON_TRACK, "Personal"),
        ("d", "2026-10", Status.AT_RISK, "Överklagande"),
    ]:
        factory.update(items[key], period, status=status, risks=risks, created_at=made[period])
    with app.app_context():
        from tracker.models import Improvement, Person

        c = db.session.get(Improvement, items["c"].id)
        improvement_service.close(
            db.session, c, "done", "Klar.", db.session.get(Person, two_areas["lead"].id)
        )
        from tracker.models import AuditEvent

        # Closed between the meeting and today: dated before it is written (the history is
        # append-only).
        for event in db.session.new:
            if isinstance(event, AuditEvent) and event.field == "state":
                event.at = at(date(2026, 11, 5))
        db.session.commit()
        meeting = dashboard.last_meeting(db.session, TODAY)
        result = dashboard.since(db.session, meeting.date, TODAY)
    assert [(c["code"], c["before"], c["now"], c["direction"]) for c in result["changes"]] == [
        ("SO1-01", "on_track", "off_track", "worse"),
        ("SO1-02", "off_track", "at_risk", "better"),
    ]
    assert [c["code"] for c in result["off_track"]] == ["SO1-01"]
    assert [c["code"] for c in result["finished"]] == ["SO1-03"]
    assert [c["code"] for c in result["past_due"]] == ["SO2-01"]
    assert [c["code"] for c in result["risks"]] == ["SO2-01"]  # SO1-03's risk is not new


def test_the_dashboard_page_and_its_filters(app, client, factory, login_as, two_areas, today):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    factory.update(two_areas["items"]["a"], "2026-10", status=Status.ON_TRACK)
    login_as(Role.MEMBER)
    html = client.get("/dashboard?period=2026-10&area=SO1").get_data(as_text=True)
    assert 'data-figure="' in html and html.count('class="chart"') == 4
    assert "SO1" in html
    response = client.get("/dashboard?period=2099-01&organisation=NOPE&area=X")
    html = response.get_data(as_text=True)
    assert response.status_code == 422  # the page shows what it can, and says why
    assert "The period 2099-01 has not begun yet. Showing October 2026." in html
    assert "There is no organisation with the code NOPE." in html
    assert "There is no strategic area with the code X." in html


def test_plotly_js_is_served_by_the_app_and_cached(client):
    with client.get("/vendor/plotly.min.js") as response:
        assert response.status_code == 200 and response.mimetype == "text/javascript"
        assert "max-age=31536000" in response.headers["Cache-Control"]
        assert b"plotly" in response.get_data()[:2000].lower()


def test_the_dashboard_query_count_does_not_grow(
    app, client, factory, login_as, count_queries, today
):
    login_as(Role.MEMBER)
    factory.portfolio(areas=1, improvements_per_area=2, periods=("2026-09", "2026-10"))
    with app.app_context():
        db.session.add(Meeting(date=date(2026, 10, 20), title="KLG", kind="group_meeting"))
        db.session.commit()
    with count_queries() as small:
        assert client.get("/dashboard?period=2026-10").status_code == 200
    factory.portfolio(
        areas=5,
        improvements_per_area=6,
        periods=("2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"),
    )
    with count_queries() as large:
        assert client.get("/dashboard?period=2026-10").status_code == 200
    assert large.count == small.count, large.statements


def test_static_files_are_versioned_compressed_and_cached_for_long(app, client):
    html = client.get("/login").get_data(as_text=True)
    css = html.split('href="/static/css/app.css?v=')[1].split('"')[0]
    assert css.isdigit()
    with client.get(
        f"/static/css/app.css?v={css}", headers={"Accept-Encoding": "gzip"}
    ) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert "max-age=31536000" in response.headers["Cache-Control"]
    page = client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert page.headers.get("Content-Encoding") == "gzip"


def test_the_pandas_transforms_on_hand_made_rows():
    from tracker import charts

    rows = [
        {"area": "SO1", "organisation": "BUF", "status": "on_track"},
        {"area": "SO1", "organisation": "SBO", "status": "off_track"},
        {"area": "SO1", "organisation": "SBO", "status": "at_risk"},
        {"area": "SO2", "organisation": "BUF", "status": "not_reported"},
    ]
    counts = charts.status_counts(rows, "area", ["SO1", "SO2", "SO3"])
    assert counts.to_dict("index") == {
        "SO1": {"on_track": 1, "at_risk": 1, "off_track": 1, "not_reported": 0},
        "SO2": {"on_track": 0, "at_risk": 0, "off_track": 0, "not_reported": 1},
        "SO3": {"on_track": 0, "at_risk": 0, "off_track": 0, "not_reported": 0},
    }
    grid = charts.matrix(rows, ["SO1", "SO2"], ["BUF", "SBO"])
    assert grid.to_dict("index") == {
        "SO1": {"BUF": "on_track", "SBO": "off_track"},  # the least favourable
        "SO2": {"BUF": "not_reported", "SBO": ""},
    }
    figure = charts.status_bars(counts, dict.fromkeys(charts.STATUSES, "x"), {})
    assert [trace["x"] for trace in figure["data"]] == [[1, 0, 0], [1, 0, 0], [1, 0, 0], [0, 1, 0]]
    table = charts.completeness_table([("Barn", "BUF", 4, 3), ("Bygg", "SBO", 0, 0)])
    assert table.to_dict("records") == [
        {"organisation": "Barn", "code": "BUF", "due": 4, "reported": 3, "share": 75.0},
        {"organisation": "Bygg", "code": "SBO", "due": 0, "reported": 0, "share": 100.0},
    ]


def test_a_not_modified_static_file_is_closed_at_once(app, client, monkeypatch):
    """A 304 sends no body; the opened file is closed in the request, not left to the GC."""
    import werkzeug.wsgi

    closed = []
    original = werkzeug.wsgi.FileWrapper.close

    def close(self):
        closed.append(True)
        return original(self)

    monkeypatch.setattr(werkzeug.wsgi.FileWrapper, "close", close)
    first = client.get("/static/favicon.svg")
    etag = first.headers["ETag"]
    first.close()
    closed.clear()
    response = client.get("/static/favicon.svg", headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.data == b""
    assert closed  # closed before the response was handed back


def test_names_in_charts_are_text_and_wrap_to_two_lines():
    from tracker import charts

    # plotly reads <b>, <a href> and entities in its labels: a name's markup must stay text.
    assert charts.plot_text("<b>Fet</b> & <a href='x'>") == (
        "&lt;b&gt;Fet&lt;/b&gt; &amp; &lt;a href='x'&gt;"
    )
    assert charts.plot_text("SO1 Attraktiv arbetsgivare och kompetensförsörjning") == (
        "SO1 Attraktiv arbetsgivare<br>och kompetensförsörjning"
    )
    # A long word is not broken in the middle.
    assert charts.plot_text("Samhällsbyggnadsförvaltningen") == "Samhällsbyggnadsförvaltningen"
    long = charts.plot_text("ett " * 30)
    assert long.count("<br>") == 1 and long.endswith("…")
    figure = charts.status_bars(
        charts.status_counts([], "area", ["SO1"]),
        dict.fromkeys(charts.STATUSES, "x"),
        {"SO1": "SO1 <i>Kursiv</i>"},
    )
    # Bars are keyed by code; the name labels the axis and names the bar in the hover.
    assert figure["data"][0]["y"] == ["SO1"]
    assert figure["layout"]["yaxis"]["ticktext"] == ["SO1 &lt;i&gt;Kursiv&lt;/i&gt;"]
    assert figure["data"][0]["customdata"] == ["SO1 &lt;i&gt;Kursiv&lt;/i&gt;"]
    assert figure["narrow"]["layout"]["yaxis.ticktext"] == ["SO1"]
    # Two long names that read the same when cut stay two bars.
    same = "Sjöviks Kommunföretag AB, koncernens moderbolag med ansvar för "
    table = charts.completeness_table(
        [(same + "styrning", "SKF", 4, 3), (same + "ekonomi", "SKE", 2, 2)]
    )
    figure = charts.completeness_bars(table, "Andel")
    assert figure["data"][0]["y"] == ["SKF", "SKE"]
    ticks = figure["layout"]["yaxis"]["ticktext"]
    assert ticks[0] == ticks[1]  # cut to the same words, and still two bars
    assert figure["data"][0]["customdata"][0].endswith("styrning")


def test_presentation_mode_shows_an_overview_and_a_slide_per_area(
    app, client, login_as, two_meetings
):
    login_as(Role.MEMBER)
    html = client.get("/dashboard/present?period=2026-10").get_data(as_text=True)
    assert html.count("data-slide") == 3  # the overview and two areas
    assert 'id="area-SO1"' in html and 'id="area-SO2"' in html
    assert "Strategic area 1 of 2" in html
    response = client.get("/dashboard/present?period=2099-01&area=NOPE")
    html = response.get_data(as_text=True)
    assert response.status_code == 422  # the page shows what it can, and says why
    assert "There is no strategic area with the code NOPE." in html
