"""Fixtures: app, client, runner, login_as(role), factories, query counting, a pinned
`today`, the API (`token_for`, `api`) and the named worlds that several features' tests share.

Every test that uses the database gets a fresh one. The whole suite runs on SQLite and, when
TEST_DATABASE_URL is set, again on PostgreSQL: the `backend` fixture is parametrised over both.
"""

import os
import re
from datetime import UTC, date, datetime, time
from types import SimpleNamespace

import pytest
from sqlalchemy import event, func, select, text

from tracker import create_app
from tracker.extensions import db
from tracker.models import (
    AreaAssessment,
    Audience,
    Decision,
    Improvement,
    ImprovementState,
    Meeting,
    Organisation,
    OrganisationKind,
    Person,
    Role,
    Status,
    StatusUpdate,
    StrategicArea,
)
from tracker.services import (
    demo,
    people,
    periods,
    portfolio,
    updates,
    versions,
)

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
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
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
    from tracker.services import versions

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
def demo_people(app):
    """The demo municipality, and one person of each kind to sign in as."""
    with app.app_context():
        demo.load(db.session, password=app.config["DEMO_PASSWORD"],
                  hash_method=app.config["PASSWORD_HASH_METHOD"])  # fmt: skip
        db.session.commit()
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
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


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


# Named worlds: crafted data, each named for what it holds, for the tests of the features
# that read it. A world that pins the date asks for `today`: its tests' module sets TODAY.


@pytest.fixture
def one_area_every_state(factory):
    """Area SO1 led by Lena Lead (BUF), co-owned by Olle Owner (the company SBO), with an
    improvement in each state: SO1-01 ongoing (with Dora Deputy), SO1-02 planned from 15
    October, SO1-03 starting in November, SO1-04 done, SO1-05 paused; and Otto Other, who
    owns nothing. No reports yet."""
    dep = factory.org(code="BUF", name="BUF")
    com = factory.org(code="SBO", name="SBO", kind=OrganisationKind.COMPANY)
    lead = factory.person(org=dep, email="lead@example.se", name="Lena Lead")
    owner = factory.person(org=com, email="owner@example.se", name="Olle Owner")
    deputy = factory.person(org=dep, email="deputy@example.se", name="Dora Deputy")
    other = factory.person(org=dep, email="other@example.se", name="Otto Other")
    area = factory.area(lead, code="SO1", co_owners=[owner], organisations=[dep, com])
    due = factory.improvement(area, owner, code="SO1-01", deputy=deputy, start=date(2026, 1, 1),
                              state=ImprovementState.ONGOING)  # fmt: skip
    planned = factory.improvement(area, owner, code="SO1-02", start=date(2026, 10, 15),
                                  state=ImprovementState.PLANNED)  # fmt: skip
    later = factory.improvement(area, owner, code="SO1-03", start=date(2026, 11, 1))
    done = factory.improvement(area, owner, code="SO1-04", state=ImprovementState.DONE)
    paused = factory.improvement(area, lead, code="SO1-05", state=ImprovementState.PAUSED)
    return {"dep": dep, "com": com, "lead": lead, "owner": owner, "deputy": deputy, "other": other,
            "area": area, "due": due, "planned": planned, "later": later, "done": done,
            "paused": paused}  # fmt: skip


def codes(app, period):
    """The codes of the improvements due a report for ``period``."""
    with app.app_context():
        return sorted(
            i.code for i in db.session.scalars(versions.due_improvements_query(period, 10))
        )


def save(app, code, period, actor_email, today, version=None, **data):
    """Save a monthly update through the service; returns (id, version, late)."""
    with app.app_context():
        improvement = db.session.scalar(select(Improvement).where(Improvement.code == code))
        actor = db.session.scalar(select(Person).where(Person.email == actor_email))
        body = {"status": "on_track", "progress": 40, "comment": "", **data}
        result = updates.save_update(db.session, improvement, period, body, actor, today=today,
                                       deadline_day=10, expected_version=version)  # fmt: skip
        db.session.commit()
        return result.update.id, result.update.version, result.update.late


class FakeSMTP:
    """Stands in for smtplib.SMTP: records what would have been sent."""

    sent: list = []

    def __init__(self, host, port, timeout=None):
        self.host = host

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, user, password):
        pass

    def send_message(self, message):
        FakeSMTP.sent.append(message)


@pytest.fixture
def earlier_reports(app, factory):
    """An owner (of a company) with two improvements and a co-owned area. SO1-01 was reported
    in August and September, not in October; SO1-02 never. The owner assessed the area in
    August; the lead in October. Someone else owns SO1-09."""
    dep = factory.org(code="BUF", name="BUF")
    com = factory.org(code="SBO", name="SBO", kind=OrganisationKind.COMPANY)
    lead = factory.person(org=dep, email="lead@example.se", name="Lena Lead")
    owner = factory.person(org=com, email="owner@example.se", name="Olle Owner")
    other = factory.person(org=dep, email="other@example.se", name="Otto Other")
    area = factory.area(lead, code="SO1", title="Attraktiv arbetsgivare", co_owners=[owner])
    first = factory.improvement(area, owner, code="SO1-01", title="Heltid som norm",
                                start=date(2026, 1, 1))  # fmt: skip
    second = factory.improvement(area, owner, code="SO1-02", title="Gemensam rekrytering",
                                 start=date(2026, 1, 1))  # fmt: skip
    theirs = factory.improvement(area, other, code="SO1-09", start=date(2026, 1, 1))
    factory.update(first, "2026-08", status=Status.OFF_TRACK, progress=10, comment="Augusti")
    factory.update(
        first, "2026-09", status=Status.AT_RISK, progress=35, comment="September & mer",
        next_steps="Anställa två", risks="Budgeten", needs_decision=True,
        decision_text="Mer pengar?", comment_audience=Audience.CONFIDENTIAL,
        risks_audience=Audience.POLITICIANS,
    )  # fmt: skip
    with app.app_context():
        db.session.add_all([
            AreaAssessment(area_id=area.id, period="2026-08", person_id=owner.id,
                           organisation_id=com.id, status=Status.AT_RISK, comment="Min bedömning"),
            AreaAssessment(area_id=area.id, period="2026-10", person_id=lead.id,
                           organisation_id=dep.id, status=Status.ON_TRACK, comment="Ledarens"),
        ])  # fmt: skip
        db.session.commit()
    keys = {
        "first_oct": f"i{first.id}-2026-10", "first_nov": f"i{first.id}-2026-11",
        "second_oct": f"i{second.id}-2026-10", "second_nov": f"i{second.id}-2026-11",
        "area_oct": f"a{area.id}-2026-10", "area_nov": f"a{area.id}-2026-11",
        "theirs_nov": f"i{theirs.id}-2026-11", "first_aug": f"i{first.id}-2026-08",
    }  # fmt: skip
    return {"owner": owner, "lead": lead, "other": other, "area": area, "first": first,
            "second": second, "theirs": theirs, "keys": keys}  # fmt: skip


@pytest.fixture
def two_meetings(app, factory, today):
    """Two organisations, two areas; a meeting on 20 October with decisions, and the next one
    on 24 November whose agenda is proposed."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    dep = factory.org(code="BUF", name="Barn- och utbildning")
    com = factory.org(code="SBO", name="Sjöviksbostäder", kind=OrganisationKind.COMPANY)
    lead = factory.person(org=dep, email="lead@example.se", name="Lena Lead")
    owner = factory.person(org=com, email="owner@example.se", name="Olle Owner")
    a1 = factory.area(lead, code="SO1", co_owners=[owner], order=1)
    a2 = factory.area(owner, code="SO2", co_owners=[lead], order=2)
    start = date(2026, 1, 1)
    items = {
        # Newly off track: on track before the meeting, off track after it.
        "a": factory.improvement(a1, owner, code="SO1-01", title="Rekrytering", start=start),
        # Flagged for a group decision in its latest report; off track all along; past due too.
        "b": factory.improvement(
            a1, lead, code="SO1-02", title="Heltid", start=start, due=date(2026, 11, 5)
        ),
        # Past due and open.
        "c": factory.improvement(
            a2, owner, code="SO2-01", title="Detaljplan", start=start, due=date(2026, 11, 1)
        ),
        # Past due but done: not on the agenda.
        "d": factory.improvement(
            a2,
            owner,
            code="SO2-02",
            title="Klar sak",
            start=start,
            due=date(2026, 10, 1),
            state=ImprovementState.DONE,
        ),
        # Flagged, but archived: not on the agenda.
        "e": factory.improvement(
            a2, owner, code="SO2-03", title="Arkiverad", start=start, archived=True
        ),
        # Flagged only in a report five months old: not on the agenda.
        "f": factory.improvement(a2, lead, code="SO2-04", title="Gammal flagga", start=start),
    }
    before, after = at(date(2026, 10, 3)), at(date(2026, 11, 3))
    factory.update(items["a"], "2026-09", status=Status.ON_TRACK, created_at=before)
    factory.update(items["a"], "2026-10", status=Status.OFF_TRACK, created_at=after)
    factory.update(items["b"], "2026-09", status=Status.OFF_TRACK, created_at=before)
    factory.update(items["b"], "2026-10", status=Status.OFF_TRACK, created_at=after,
                   needs_decision=True, decision_text="Besluta om bemanningen.")  # fmt: skip
    factory.update(items["e"], "2026-10", status=Status.AT_RISK, created_at=after,
                   needs_decision=True, decision_text="Arkiverad fråga.")  # fmt: skip
    factory.update(items["f"], "2026-06", status=Status.AT_RISK, needs_decision=True,
                   decision_text="Gammal fråga.", created_at=at(date(2026, 7, 3)))  # fmt: skip
    factory.update(items["f"], "2026-10", status=Status.ON_TRACK, created_at=after)
    # SO2-01 (c) has no October report: a missing report for Sjöviksbostäder.
    with app.app_context():
        first = Meeting(date=date(2026, 10, 20), title="KLG oktober", kind="group_meeting",
                        place="Stadshuset")  # fmt: skip
        upcoming = Meeting(date=date(2026, 11, 24), title="KLG november", kind="group_meeting")
        open_one = Decision(meeting=first, text="Ta fram en rekryteringsplan.",
                            responsible_id=owner.id, due=date(2026, 11, 15))  # fmt: skip
        closed_one = Decision(meeting=first, text="Stängt beslut.", responsible_id=lead.id,
                              due=date(2026, 11, 10), closed_at=at(date(2026, 11, 11)))  # fmt: skip
        own = Decision(meeting=upcoming, text="Dagens beslut.", responsible_id=lead.id)
        db.session.add_all([first, upcoming, open_one, closed_one, own])
        db.session.commit()
        ids = {"first": first.id, "upcoming": upcoming.id, "open": open_one.id,
               "closed": closed_one.id}  # fmt: skip
    return {"dep": dep, "com": com, "lead": lead, "owner": owner, "items": items, **ids}


MARKER = "HEMLIGT-7Q"  # in every text a politician must never read


SHOWN = "FÖR-POLITIKEN"  # in the texts marked for them


@pytest.fixture
def audience_texts(app, factory, today):
    """Two areas of two improvements each, reported in September and October, with texts for
    the politicians (marked SHOWN), for the group only and confidential (marked MARKER)."""
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


@pytest.fixture
def one_improvement(factory):
    """Two organisations, an admin, a lead, a co-owner, an owner and an area with one item."""
    dep = factory.org(code="BUF", name="Barn- och utbildningsförvaltningen")
    com = factory.org(code="SBO", name="Sjöviksbostäder AB", kind=OrganisationKind.COMPANY)
    admin = factory.person(role=Role.ADMIN, org=dep, email="admin@example.se", name="Admin")
    lead = factory.person(org=dep, email="lead@example.se", name="Lena Lead")
    co = factory.person(org=com, email="co@example.se", name="Tomas Co")
    area = factory.area(lead, code="SO1", title="Attraktiv arbetsgivare", co_owners=[co],
                        organisations=[dep, com])  # fmt: skip
    item = factory.improvement(area, co, code="SO1-01", title="Gemensam rekrytering",
                               start=date(2026, 1, 1), due=date(2026, 12, 31))  # fmt: skip
    return {"dep": dep, "com": com, "admin": admin, "lead": lead, "co": co, "area": area,
            "item": item}  # fmt: skip
