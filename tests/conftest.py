"""Fixtures: app, client, runner, login_as(role), factories, query counting, a pinned
`today`, the API (`token_for`, `api`) and the named worlds that several features' tests share.

Every test that uses the database gets a fresh one. The whole suite runs on SQLite and, when
TEST_DATABASE_URL is set, again on PostgreSQL: the `backend` fixture is parametrised over both.
"""

import os
import re
import threading
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import event, func, select, text

from tracker import create_app, sessions
from tracker.extensions import db
from tracker.models import (
    AuditEvent,
    Improvement,
    ImprovementState,
    Organisation,
    OrganisationKind,
    Person,
    Role,
    Status,
    StatusUpdate,
    StrategicArea,
)
from tracker.services import demo, people, periods, portfolio, versions

# The named worlds: crafted data that the tests of several features share.
pytest_plugins = ["tests.worlds"]

PASSWORD = "correct-horse-battery"
# When the factories' areas and improvements entered the portfolio, unless a test says: long
# before any period the tests look at, so that each is due from its start (or plan).
LONG_AGO = datetime(2024, 1, 1, tzinfo=UTC)
SECRET = "test-secret-key-that-is-long-enough"

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
_pg_schema_ready = {}


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request):
    return request.param


def pytest_collection_modifyitems(config, items):
    """A walk over every page that checks how each one renders (marked ``rendering``: the Nu
    HTML checker, axe, the 320 px layout) runs once, on SQLite. The pages' markup comes from the
    same templates and data on either database; what the database changes (the figures, the
    queries, the errors) is tested on both by the other tests, each page's content included."""
    once = [
        item
        for item in items
        if item.get_closest_marker("rendering")
        and getattr(item, "callspec", None) is not None
        and item.callspec.params.get("backend") == "postgresql"
    ]
    if once:
        config.hook.pytest_deselected(items=once)
        dropped = set(once)
        items[:] = [item for item in items if item not in dropped]


def database_uri(backend, tmp_path):
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return os.environ["TEST_DATABASE_URL"]


@pytest.fixture
def app_config(backend, tmp_path):
    """The test_config dict; a test may change it before the app is made."""
    return {
        "TESTING": True,
        "SECRET_KEY": SECRET,
        "SQLALCHEMY_DATABASE_URI": database_uri(backend, tmp_path),
        "SERVER_NAME": None,
        # Fast hashes: the suite signs in hundreds of times. Production keeps scrypt.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    }


@pytest.fixture
def app(app_config, backend):
    app = create_app(app_config)
    with app.app_context():
        if backend == "postgresql" and not _pg_schema_ready.get("done"):
            db.drop_all()
            _drop_alembic_version()
            db.create_all()
            _pg_schema_ready["done"] = True
        elif backend == "sqlite":
            db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        if backend == "postgresql":
            # The history is append-only (its trigger refuses TRUNCATE too): it is made anew.
            history = AuditEvent.__table__
            history.drop(db.engine)
            kept = [t for t in db.metadata.sorted_tables if t is not history]
            tables = ", ".join(f'"{t.name}"' for t in kept)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
            history.create(db.engine)
        db.engine.dispose()


def _drop_alembic_version():
    db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
    db.session.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


@pytest.fixture
def csrf(client):
    """A function that returns a valid CSRF token for the client's session."""

    def token(path="/accessibility"):
        return csrf_token_from(client.get(path).get_data(as_text=True))

    return token


def post(client, csrf, path, data):
    """Post a form as the pages do, with a valid CSRF token."""
    return client.post(path, data={**data, "csrf_token": csrf("/profile")})


def saved(client, csrf, path, data):
    """Post a form that must be saved: the answer is the redirect after the save."""
    response = post(client, csrf, path, data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def together(*targets, timeout=60):
    """Run ``targets`` at the same time, each in its own thread, and wait for them all."""
    threads = [threading.Thread(target=target) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)


def improvement_by_code(code):
    """The improvement with ``code`` (in an app context)."""
    return db.session.scalar(select(Improvement).where(Improvement.code == code))


def person_by_email(email):
    """The person with ``email`` (in an app context)."""
    return db.session.scalar(select(Person).where(Person.email == email))


def rows(app, model):
    """How many rows a table holds."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


class Factory:
    """Makes rows in their own app context and returns them detached, with columns loaded."""

    def __init__(self, app):
        self.app = app
        self.counter = 0

    def _next(self):
        self.counter += 1
        return self.counter

    def _save(self, obj):
        db.session.add(obj)
        db.session.commit()
        db.session.refresh(obj)
        db.session.expunge(obj)
        return obj

    def org(self, code=None, name=None, kind=OrganisationKind.DEPARTMENT):
        n = self._next()
        with self.app.app_context():
            return self._save(
                Organisation(code=code or f"ORG{n}", name=name or f"Förvaltning {n}", kind=kind)
            )

    def person(self, role=Role.MEMBER, email=None, name=None, org=None, password=PASSWORD, **kw):
        n = self._next()
        with self.app.app_context():
            person = people.create_person(
                db.session,
                email=email or f"person{n}@example.se",
                name=name or f"Person {n}",
                role=role,
                organisation_code=org.code if org is not None else None,
                password=password,
                hash_method=self.app.config["PASSWORD_HASH_METHOD"],
            )
            for key, value in kw.items():
                setattr(person, key, value)
            return self._save(person)

    def area(self, lead, code=None, title=None, co_owners=(), organisations=(), **kw):
        n = self._next()
        with self.app.app_context():
            area = StrategicArea(
                code=code or f"A{n}",
                title=title or f"Strategiskt område {n}",
                lead_id=lead.id,
                co_owners=[db.session.get(Person, p.id) for p in co_owners],
                organisations=[db.session.get(Organisation, o.id) for o in organisations],
                **{"created_at": LONG_AGO, **kw},
            )
            return self._save(area)

    def improvement(self, area, owner, code=None, org=None, deputy=None, **kw):
        n = self._next()
        with self.app.app_context():
            owner_row = db.session.get(Person, owner.id)
            kw.setdefault("state", ImprovementState.ONGOING)
            kw.setdefault("start", date(2025, 1, 1))
            kw.setdefault("created_at", LONG_AGO)
            improvement = Improvement(
                code=code or f"I{n}",
                area_id=area.id,
                title=kw.pop("title", f"Åtgärd {n}"),
                owner_id=owner.id,
                deputy_id=deputy.id if deputy else None,
                organisation_id=(org or owner_row.organisation).id,
                **kw,
            )
            return self._save(improvement)

    def update(self, improvement, period, status=Status.ON_TRACK, progress=50, author=None, **kw):
        with self.app.app_context():
            row = db.session.get(Improvement, improvement.id)
            update = StatusUpdate(
                improvement_id=row.id,
                period=period,
                status=status,
                progress=progress,
                organisation_id=row.organisation_id,
                author_id=(author or row.owner).id,
                **kw,
            )
            return self._save(update)

    def portfolio(self, areas=2, improvements_per_area=3, periods=("2026-09", "2026-10")):
        """A small cross-organisation portfolio with updates, for pages and query counts."""
        dep = self.org(kind=OrganisationKind.DEPARTMENT)
        com = self.org(kind=OrganisationKind.COMPANY)
        lead = self.person(org=dep)
        co = self.person(org=com)
        made = SimpleNamespace(orgs=[dep, com], people=[lead, co], areas=[], improvements=[])
        for _ in range(areas):
            area = self.area(lead, co_owners=[co], organisations=[dep, com])
            made.areas.append(area)
            for i in range(improvements_per_area):
                owner = lead if i % 2 else co
                improvement = self.improvement(area, owner)
                made.improvements.append(improvement)
                for period in periods:
                    self.update(improvement, period, progress=10 * (i + 1))
        return made


def pin_today(monkeypatch, day):
    """Pretend it is ``day`` (a date, or a function returning one): the app's today and the
    clock that dates changes to the portfolio (noon in Stockholm that day)."""

    current = day if callable(day) else (lambda: day)
    monkeypatch.setattr(periods, "today_local", lambda now=None: current())
    monkeypatch.setattr(
        versions,
        "clock",
        lambda: datetime.combine(current(), time(12), periods.STOCKHOLM).astimezone(UTC),
    )


@pytest.fixture
def today(request, monkeypatch):
    """Pin the app's today to the test module's ``TODAY``; returns a setter to move it."""
    current = {"day": request.module.TODAY}
    pin_today(monkeypatch, lambda: current["day"])

    def set_today(day):
        current["day"] = day

    return set_today


# When the sessions' clock starts in a test that freezes it.
CLOCK_START = datetime(2026, 11, 5, 8, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    """The clock of the sessions and the sign-in throttling (tracker.sessions.clock), frozen at
    CLOCK_START; returns a function that moves it on: ``clock(minutes=61)``."""
    now = {"at": CLOCK_START}
    monkeypatch.setattr(sessions, "clock", lambda: now["at"])

    def move(**delta):
        now["at"] += timedelta(**delta)

    return move


def at(day):
    """Nine in the morning (UTC) of a day: when a report or a decision was made."""
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)


@pytest.fixture
def factory(app):
    return Factory(app)


@pytest.fixture
def login_as(client, factory, csrf):
    """Sign the test client in through the real form; returns the person."""

    def login(role=Role.MEMBER, person=None, **kw):
        person = person or factory.person(role=role, **kw)
        response = client.post(
            "/login",
            data={"email": person.email, "password": PASSWORD, "csrf_token": csrf()},
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return person

    return login


@pytest.fixture
def count_queries(app):
    """Context manager factory counting the SQL statements run inside it."""

    class Counter:
        def __init__(self):
            self.statements = []

        def __enter__(self):
            with app.app_context():
                self.engine = db.engine
            event.listen(self.engine, "before_cursor_execute", self._hook)
            return self

        def __exit__(self, *exc):
            event.remove(self.engine, "before_cursor_execute", self._hook)

        def _hook(self, _conn, _cursor, statement, *_args):
            if (
                not statement.lstrip()
                .upper()
                .startswith(("BEGIN", "PRAGMA", "SAVEPOINT", "RELEASE"))
            ):
                self.statements.append(statement)

        @property
        def count(self):
            return len(self.statements)

    return Counter


def queries_per_page(client, count_queries, paths):
    """How many statements each page makes, {path: count}; every page must answer 200."""
    counts = {}
    for path in paths:
        with count_queries() as counter:
            assert client.get(path).status_code == 200, path
        counts[path] = counter.count
    return counts


def app_failing_at(app_config, path, rule=None):
    """The app as in production (not TESTING) with a route at ``path`` that raises."""
    app_config["TESTING"] = False
    app = create_app(app_config)

    @app.get(path)
    def boom():
        raise RuntimeError("secret internals")

    if rule:
        boom.access_rule = rule
    return app


# The demo, for the browser tests and the HTML check.


@pytest.fixture
def demo_people(app, backend):
    """The demo municipality, and one person of each kind to sign in as."""
    with app.app_context():
        _load_demo(app, backend)
        people = db.session.scalars(db.select(Person).order_by(Person.id)).all()
        admin = next(p for p in people if p.role == Role.ADMIN)
        politician = next(p for p in people if p.role == Role.POLITICIAN)
        owner = next(
            p for p in people if p.role == Role.MEMBER and portfolio.owns_anything(db.session, p)
        )
        return {
            "admin": (admin.email, Role.ADMIN, "/my"),
            "member": (owner.email, Role.MEMBER, "/my"),
            "politician": (politician.email, Role.POLITICIAN, "/summary"),
        }


# The rows of the demo as its loader made them, by what they depend on: copied into an empty
# database instead of loading it again (the loader takes about a second; the copy a tenth).
_DEMO_ROWS = {}
_REAL_CLOCK = versions.clock


def _load_demo(app, backend):
    key = (
        backend,
        periods.today_local(),
        app.config["DEMO_PASSWORD"],
        app.config["PASSWORD_HASH_METHOD"],
    )
    tables = db.metadata.sorted_tables
    # Only into an empty database, and only when the clock is the real one (a test that pins
    # it dates the demo's rows by it).
    copyable = versions.clock is _REAL_CLOCK and not any(
        db.session.execute(select(table).limit(1)).first() for table in tables
    )
    rows = _DEMO_ROWS.get(key) if copyable else None
    if rows is None:
        demo.load(
            db.session,
            password=app.config["DEMO_PASSWORD"],
            hash_method=app.config["PASSWORD_HASH_METHOD"],
        )
        db.session.commit()
        if copyable:
            _DEMO_ROWS[key] = {
                t.name: [dict(r._mapping) for r in db.session.execute(select(t))] for t in tables
            }
        return
    connection = db.session.connection()
    for table in tables:
        if rows[table.name]:
            connection.execute(table.insert(), rows[table.name])
    if backend == "postgresql":  # the ids given: each sequence goes on after the highest
        for table in tables:
            if "id" in table.c and rows[table.name]:
                connection.execute(
                    text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :highest)"),
                    {"table": f'"{table.name}"', "highest": max(r["id"] for r in rows[table.name])},
                )
    db.session.commit()


# Browser tests.


@pytest.fixture(scope="session")
def browser():
    from tests.browser import CHROMIUM, CHROMIUM_ARGS, require_browser

    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    from tests.browser import LiveServer

    server = LiveServer(app).start()
    yield server
    server.stop()


@pytest.fixture
def csp_violations():
    """What the pages' Content-Security-Policy refused during a browser test (none, or it fails)."""
    return []


@pytest.fixture
def page(browser, live_server, csp_violations):
    from tests.browser import watch_csp

    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    watch_csp(context, csp_violations)
    page = context.new_page()
    page.set_default_timeout(30_000)  # a busy CI machine can take more than 10 s for a page
    yield page
    page.wait_for_timeout(100)  # a violation is reported a moment after it happens
    violations = list(csp_violations)
    context.close()
    assert violations == [], f"the Content-Security-Policy refused: {violations}"


# The JSON API.


@pytest.fixture
def token_for(app, factory):
    """A function: a new person of a role (or the given one) and a token; returns the secret."""
    from tracker.services import tokens

    def make(role=Role.ADMIN, person=None, days=30, **kw):
        person = person or factory.person(role=role, **kw)
        with app.app_context():
            row = db.session.get(Person, person.id)
            _token, secret = tokens.create(db.session, row, "test", days=days)
            db.session.commit()
        return secret

    return make


@pytest.fixture
def api(client):
    """A function: call the API with a token; returns the response."""

    def call(method, path, token=None, body=None, raw=None, headers=None):
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        kwargs = {"headers": headers}
        if raw is not None:
            kwargs.update(data=raw, content_type="application/json")
        elif body is not None:
            kwargs["json"] = body
        return client.open(f"/api/v1{path}", method=method, **kwargs)

    return call
