"""The pages of this issue: what they show, and that their query count does not grow."""

from sqlalchemy import select

from tests.conftest import app_failing_at, queries_per_page
from tests.pages import role_pages, sign_in
from tracker.extensions import db
from tracker.models import Person, Role, Status


def test_portfolio_shows_areas_owners_and_latest_status(app, client, factory, login_as):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    dep = factory.org(code="BUF", name="Barn- och utbildningsförvaltningen")
    com = factory.org(code="SBO", name="Sjöviksbostäder AB")
    lead = factory.person(org=dep, name="Karin Lind")
    co = factory.person(org=com, name="Omar Haddad")
    area = factory.area(
        lead, code="SO1", title="Attraktiv arbetsgivare", co_owners=[co], organisations=[dep, com]
    )
    improvement = factory.improvement(area, co, code="SO1-01", title="Gemensam rekrytering")
    factory.update(improvement, "2026-09", status=Status.ON_TRACK, progress=30)
    factory.update(improvement, "2026-10", status=Status.OFF_TRACK, progress=35)
    login_as(Role.MEMBER)

    html = client.get("/portfolio").get_data(as_text=True)
    assert "Attraktiv arbetsgivare" in html
    assert "Karin Lind" in html and "Barn- och utbildningsförvaltningen" in html
    assert "Omar Haddad" in html and "Sjöviksbostäder AB" in html
    assert "Gemensam rekrytering" in html
    # The latest report counts: October's off track, with its word and symbol.
    assert "Off track" in html
    assert "35 %" in html
    assert "October 2026" in html


def test_portfolio_query_count_does_not_grow_with_the_data(
    client, factory, login_as, count_queries
):
    login_as(Role.MEMBER)
    factory.portfolio(areas=1, improvements_per_area=2, periods=("2026-10",))
    with count_queries() as small:
        assert client.get("/portfolio").status_code == 200
    factory.portfolio(areas=4, improvements_per_area=5, periods=("2026-08", "2026-09", "2026-10"))
    with count_queries() as large:
        assert client.get("/portfolio").status_code == 200
    assert large.count == small.count, large.statements


def test_the_summary_pages_make_the_same_queries_at_any_size(
    app, client, login_as, factory, count_queries
):
    login_as(Role.POLITICIAN)
    paths = ["/summary?period=2026-10", "/summary?period=2026", "/api/v1/summary?period=2026-10"]

    factory.portfolio(areas=1, improvements_per_area=2, periods=("2026-10",))
    small = queries_per_page(client, count_queries, paths)
    factory.portfolio(areas=4, improvements_per_area=5, periods=("2026-08", "2026-09", "2026-10"))
    assert queries_per_page(client, count_queries, paths) == small


def test_health_answers_json(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_health_is_503_when_the_database_does_not_answer(app_config, tmp_path):
    from tracker import create_app

    app_config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path}/missing/dir/x.db"
    response = create_app(app_config).test_client().get("/health")
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == 503
    assert response.json["database"] == "unreachable"
    assert response.headers["Retry-After"] == "60"


def test_unknown_page_is_a_plain_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_server_error_page_has_no_traceback(app_config):
    app = app_failing_at(app_config, "/boom", rule="public")
    response = app.test_client().get("/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "secret internals" not in body and "Traceback" not in body
    assert "Något gick fel" in body


def test_accessibility_statement_is_public_and_linked_from_every_page(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'href="/accessibility"' in html
    statement = client.get("/accessibility").get_data(as_text=True)
    assert "WCAG 2.1" in statement


def test_times_are_shown_in_stockholm_time(app, client, login_as):
    from datetime import UTC, datetime

    from tracker.models import ApiToken
    from tracker.services import tokens

    person = login_as(Role.MEMBER)
    with app.app_context():
        token, _secret = tokens.create(db.session, db.session.get(Person, person.id), "Tid")
        token.created_at = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)  # winter: UTC+1
        db.session.commit()
        assert db.session.scalar(select(ApiToken.created_at)).hour == 10
    html = client.get("/profile").get_data(as_text=True)
    assert "2026-01-15 11:00" in html


def test_pages_query_counts_do_not_grow(client, login_as, factory, count_queries):
    made = factory.portfolio(areas=1, improvements_per_area=2)
    login_as(Role.ADMIN)

    def paths(m):
        return [
            "/ownership",
            "/improvements",
            f"/areas/{m.areas[0].code}",
            f"/improvements/{m.improvements[0].code}",
            f"/people/{m.people[0].id}",
            "/people",
            "/organisations",
            "/history",
        ]

    small = queries_per_page(client, count_queries, paths(made))
    bigger = factory.portfolio(
        areas=4, improvements_per_area=5, periods=("2026-08", "2026-09", "2026-10")
    )
    for area in bigger.areas:
        factory.improvement(area, made.people[0])
    for path_small, path_big in zip(paths(made), paths(made), strict=True):
        with count_queries() as counter:
            client.get(path_big)
        assert counter.count == small[path_small], (path_big, counter.statements)


def test_every_page_of_each_role_answers_on_either_database(app, demo_people):
    """Each role of the demo gets every page it may see (the browser's walk checks how each
    renders, on one database)."""
    for who, (email, role, _landing) in demo_people.items():
        client = app.test_client()
        sign_in(client, email, app.config["DEMO_PASSWORD"])
        answers = {
            path: client.get(path, follow_redirects=True).status_code
            for path in role_pages(app, role)
        }
        assert {path: code for path, code in answers.items() if code != 200} == {}, who
