"""Faults: a database that is locked, read-only or full, and a PostgreSQL server that stops and
starts again or turns read-only, are answered with 503 and Retry-After on pages and the API, write nothing, keep
what the person typed, show in /health with their reason, and pass without a restart.

The SQLite faults are made on the app's own file (PRAGMA query_only and max_page_count on each
connection taken from the pool, a read-only URI, another connection's exclusive lock); the
PostgreSQL one on a throwaway server started and stopped here (as .ci/run starts one)."""

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
from contextlib import closing, contextmanager
from datetime import date
from html import unescape
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from tests.conftest import PASSWORD, SECRET, Factory, csrf_token_from
from tests.test_html import nu_errors, require_vnu
from tests.worlds import row_fields
from tracker import create_app
from tracker.extensions import db
from tracker.models import Person, Role, StrategicArea
from tracker.services import faults

TODAY = date(2026, 11, 5)
LONG = "Ett långt stycke om målbilden. " * 300  # 9,300 characters: pages of their own
PGBIN = Path("/usr/lib/postgresql/15/bin")


def config(uri, **settings):
    return {
        "TESTING": True,
        "SECRET_KEY": SECRET,
        "SQLALCHEMY_DATABASE_URI": uri,
        "SERVER_NAME": None,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        # Wait briefly for a lock: a locked database is answered in a fraction of a second.
        "SQLITE_BUSY_TIMEOUT_MS": 200,
        **settings,
    }


def sign_in(client, email):
    token = csrf_token_from(client.get("/accessibility").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def csrf(client):
    return csrf_token_from(client.get("/profile").get_data(as_text=True))


def areas_in(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(StrategicArea))


def rows_in(world, table):
    """Rows in a table of the world's file, read past the app (and its injected faults)."""
    with closing(sqlite3.connect(world["path"])) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608


def area_form(client, code="SO9"):
    """A new area's form as typed, with the long description."""
    return {
        "csrf_token": csrf(client),
        "code": code,
        "title": "Hållbar energi",
        "description": LONG,
        "goal": "Fossilfritt 2030",
        "lead": "chef@example.se",
    }


# What the 503 page shows of area_form: all but the token (the lead's choice too, for the form
# behind the request is not known when the request failed before it was made).
AREA_TYPED = ["SO9", "Hållbar energi", LONG, "Fossilfritt 2030", "chef@example.se"]


class Injected:
    """Faults set on every connection the app's pool hands out: read-only (query_only) and full
    (max_page_count at the file's size); cleared by setting them False."""

    def __init__(self, app):
        self.read_only = self.full = False
        with app.app_context():
            self.engine = db.engine
        event.listen(self.engine, "checkout", self._apply)

    def _apply(self, connection, _record, _proxy):
        connection.execute(f"PRAGMA query_only = {int(self.read_only)}")
        # Not below the pages in use: 1 means "as large as it is now".
        connection.execute(f"PRAGMA max_page_count = {1 if self.full else 1073741823}")


def populate(app):
    """An admin (signed in on ``client``), an area, an improvement the admin reports on, and an
    API token."""
    from tracker.services import tokens

    with app.app_context():
        db.create_all()
    factory = Factory(app)
    admin = factory.person(role=Role.ADMIN, email="chef@example.se", name="Kommunchef")
    area = factory.area(admin, code="SO1")
    improvement = factory.improvement(area, admin, org=factory.org())
    with app.app_context():
        _token, secret = tokens.create(db.session, db.session.get(Person, admin.id), "t", days=9)
        db.session.commit()
    client = app.test_client()
    sign_in(client, admin.email)
    return {"app": app, "client": client, "token": secret, "improvement": improvement}


@pytest.fixture
def world(tmp_path):
    """An app on an SQLite file, populated."""
    path = tmp_path / "faults.db"
    app = create_app(config(f"sqlite:///{path}"))
    yield {**populate(app), "path": path}
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@contextmanager
def signed_in_elsewhere(world, database):
    """A client of another app on ``database`` (an SQLite path or URI), signed in as the
    world's admin (the same session cookie)."""
    other = create_app(config(f"sqlite:///{database}"))
    client = other.test_client()
    client.set_cookie("session", world["client"].get_cookie("session").value)
    try:
        yield client
    finally:
        with other.app_context():
            db.engine.dispose()


# A form as typed, with the fields that are not typed text (and a CSRF token added).
TYPED = {
    "title": "Hållbar <energi>",
    "description": "Rad ett\nRad två",
    "version": "3",
    "next": "/areas",
    "password": "hemligt",
    "lead": "",
}


def typed_on(html):
    """The read-only texts of a 503 page, as a browser reads them."""
    found = re.findall(r"<textarea [^>]*readonly>(.*?)</textarea>", html, re.S)
    return [unescape(text).removeprefix("\n") for text in found]


def api_post(client, token, body):
    return client.post("/api/v1/areas", json=body, headers={"Authorization": f"Bearer {token}"})


def new_area(code):
    return {"code": code, "title": "Via API", "lead": "chef@example.se", "description": LONG}


def assert_503(response, problem=False):
    assert response.status_code == 503, response.get_data(as_text=True)[:500]
    assert response.headers["Retry-After"] == "60"
    if problem:
        assert response.mimetype == "application/problem+json"
        assert response.json["status"] == 503


def test_the_database_faults_are_told_from_mistakes(tmp_path):
    path = tmp_path / "t.db"
    sqlite3.connect(path, isolation_level=None).execute("CREATE TABLE t (x)")

    def error_of(*statements, uri=False, target=path):
        connection = sqlite3.connect(target, isolation_level=None, uri=uri, timeout=0.05)
        try:
            for statement in statements:
                connection.execute(statement)
        except sqlite3.Error as error:
            return error
        finally:
            connection.close()
        raise AssertionError("no error")

    read_only = error_of("INSERT INTO t VALUES (1)", uri=True, target=f"file:{path}?mode=ro")
    full = error_of("PRAGMA max_page_count = 1", "INSERT INTO t VALUES (randomblob(9000))")
    mistake = error_of("SELECT * FROM no_such_table")
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    locked = error_of("BEGIN IMMEDIATE")
    blocker.close()

    def wrapped(error):
        return OperationalError("statement", {}, error)

    assert faults.reason(wrapped(read_only)) == faults.READ_ONLY
    assert faults.reason(wrapped(full)) == faults.FULL
    assert faults.reason(wrapped(locked)) == faults.LOCKED
    assert faults.reason(wrapped(mistake)) is None
    refused = psycopg.OperationalError("connection refused")
    assert faults.reason(OperationalError("connect", {}, refused)) == faults.UNREACHABLE
    standby = psycopg.errors.ReadOnlySqlTransaction("read-only transaction")
    assert faults.reason(DBAPIError("UPDATE", {}, standby)) == faults.READ_ONLY
    assert faults.reason(DBAPIError("x", {}, psycopg.errors.DiskFull("full"))) == faults.FULL
    duplicate = psycopg.errors.UniqueViolation("duplicate key")
    assert faults.reason(IntegrityError("INSERT", {}, duplicate)) is None
    assert faults.reason(DBAPIError("x", {}, psycopg.errors.UndefinedTable("no"))) is None
    dropped = DBAPIError("x", {}, psycopg.errors.InternalError_("x"), connection_invalidated=True)
    assert faults.unavailable(dropped)
    assert not faults.unavailable(ValueError("not a database's"))


def test_a_read_only_database_keeps_the_form_as_typed_and_writes_nothing(world):
    """A read-only file (a read-only URI: root ignores file permissions) takes the write lock
    but refuses the write: the form comes back as typed, with the message, as 503."""
    with signed_in_elsewhere(world, f"file:{world['path']}?mode=ro&uri=true") as client:
        assert client.get("/portfolio").status_code == 200  # reading goes on
        response = client.post("/areas/new", data=area_form(client))
        assert_503(response)
        html = response.get_data(as_text=True)
        assert "Ingenting sparades: databasen går inte att skriva till just nu." in html
        assert 'value="Hållbar energi"' in html and LONG.strip()[:60] in html
        assert rows_in(world, "strategic_area") == 1

        assert_503(api_post(client, world["token"], new_area("SO8")), problem=True)
        health = client.get("/health")
        assert_503(health, problem=True)
        assert health.json["database"] == "read-only"
        assert health.json["detail"] == "The database is read-only."
        assert rows_in(world, "strategic_area") == 1


def test_when_even_reading_fails_the_plain_page_keeps_what_was_typed(world, tmp_path):
    """The file cannot be opened: not even the signed-in person can be read, so the page is
    the plain one in the default language, with the typed text and nothing hidden."""
    token = csrf(world["client"])  # from a page read before the database went
    with signed_in_elsewhere(world, f"{tmp_path}/gone/x.db") as client:
        page = client.get("/portfolio")
        assert_503(page)
        assert '<html lang="sv">' in page.get_data(as_text=True)
        response = client.post("/areas/new", data={**TYPED, "csrf_token": token})
        assert_503(response)
        html = response.get_data(as_text=True)
        assert "Tillfälligt otillgänglig" in html and "Det du skrev" in html
        # Not the token, the password, the version, nor where to go next.
        assert typed_on(html) == ["Hållbar <energi>", "Rad ett\nRad två"]
        assert client.get("/health").json["database"] == "unreachable"


def test_read_only_then_writable_again_without_a_restart(world):
    """query_only refuses even the write lock, so the request fails before its form is made:
    the 503 page lists what was typed. Lifted, the same app saves."""
    app, client = world["app"], world["client"]
    fault = Injected(app)
    form = area_form(client)
    fault.read_only = True
    response = client.post("/areas/new", data=form)
    assert_503(response)
    html = response.get_data(as_text=True)
    assert "Tillfälligt otillgänglig" in html  # the person's language (Swedish here)
    assert "Det du skrev" in html
    assert typed_on(html) == AREA_TYPED
    assert client.get("/portfolio").status_code == 200
    assert client.get("/health").json["database"] == "read-only"
    assert rows_in(world, "strategic_area") == 1

    fault.read_only = False
    assert client.get("/health").status_code == 200
    assert client.post("/areas/new", data=form).status_code == 302
    assert rows_in(world, "strategic_area") == 2


def test_a_full_database_keeps_the_monthly_report_as_typed(world, today):
    """The monthly report (/my) that does not fit: 503, the rows as typed, nothing saved."""
    app, client = world["app"], world["client"]
    fault = Injected(app)
    key = f"i{world['improvement'].id}-2026-11"
    form = {"csrf_token": csrf(client), **row_fields(key, comment="Bra månad", risks=LONG)}
    fault.full = True
    response = client.post("/my", data=form)
    assert_503(response)
    html = response.get_data(as_text=True)
    assert "Ingenting sparades: databasen går inte att skriva till just nu." in html
    assert "Bra månad" in html and LONG.strip()[-60:] in html
    assert "Rätta det som är markerat" not in html  # not a refusal of what was typed
    assert rows_in(world, "status_update") == 0

    response = client.post("/areas/new", data=area_form(client))
    assert_503(response)
    assert 'value="Hållbar energi"' in response.get_data(as_text=True)
    assert_503(api_post(client, world["token"], new_area("SO8")), problem=True)
    assert client.get("/health").json["database"] == "full"
    assert rows_in(world, "strategic_area") == 1

    fault.full = False
    assert client.post("/my", data=form).status_code == 302
    assert rows_in(world, "status_update") == 1


def test_a_locked_database_is_503_until_the_lock_is_let_go(world):
    client = world["client"]
    blocker = sqlite3.connect(world["path"], isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        assert client.get("/portfolio").status_code == 200  # WAL: reading goes on
        response = client.post("/areas/new", data=area_form(client))
        assert_503(response)
        html = response.get_data(as_text=True)
        assert "Hållbar energi" in html and "Kommunchef" in html  # the whole page, signed in
        assert_503(api_post(client, world["token"], new_area("SO8")), problem=True)
        health = client.get("/health")
        assert_503(health, problem=True)
        assert health.json["database"] == "locked"
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert rows_in(world, "strategic_area") == 1
    assert client.get("/health").status_code == 200
    assert api_post(client, world["token"], new_area("SO8")).status_code == 201
    assert rows_in(world, "strategic_area") == 2


def test_health_calls_a_disk_with_too_little_room_full(world):
    world["app"].config["HEALTH_MIN_FREE_DISK_MB"] = 10**12
    response = world["client"].get("/health")
    assert_503(response, problem=True)
    assert response.json["database"] == "full"
    world["app"].config["HEALTH_MIN_FREE_DISK_MB"] = 1
    assert world["client"].get("/health").json == {"status": "ok", "database": "ok"}


def test_health_writes_nothing(world):
    with sqlite3.connect(world["path"]) as connection:
        before = connection.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall()
    assert world["client"].get("/health").status_code == 200
    with sqlite3.connect(world["path"]) as connection:
        assert (
            connection.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall() == before
        )


def test_a_mistake_in_sql_is_still_a_500(tmp_path):
    app = create_app({**config(f"sqlite:///{tmp_path / 'x.db'}"), "TESTING": False})

    @app.get("/mistake")
    def mistake():
        db.session.execute(db.text("SELECT * FROM no_such_table"))

    mistake.access_rule = "public"
    response = app.test_client().get("/mistake")
    assert response.status_code == 500
    assert "Retry-After" not in response.headers
    with app.app_context():
        db.engine.dispose()


# PostgreSQL stopped and started again inside the test run.


def _as_postgres(*command):
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *map(str, command)], check=True, capture_output=True, timeout=60)


@pytest.fixture
def postgres_server():
    """A throwaway PostgreSQL 15 on a free port: yields (url, stop, start)."""
    if not (PGBIN / "pg_ctl").exists():
        reason = f"PostgreSQL's programs are not in {PGBIN}"
        if os.environ.get("TEST_DATABASE_URL"):
            pytest.fail(reason + " (TEST_DATABASE_URL is set: this test must run)")
        pytest.skip(reason)
    folder = Path(tempfile.mkdtemp(prefix="tracker-faults-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = folder / "data"
    options = f"-h 127.0.0.1 -p {port} -k {folder} -F -c fsync=off -c synchronous_commit=off"

    def start():
        _as_postgres(
            PGBIN / "pg_ctl", "-D", data, "-l", folder / "log", "-w", "-o", options, "start"
        )

    def stop():
        _as_postgres(PGBIN / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop")

    try:
        _as_postgres(
            PGBIN / "initdb",
            "-D",
            data,
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        start()
        _as_postgres(PGBIN / "createdb", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "faults")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/faults", stop, start
    finally:
        subprocess.run(
            [
                *(["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []),
                str(PGBIN / "pg_ctl"),
                "-D",
                str(data),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)


def read_only(url, on):
    """Make every session of the server read-only by default, or not; existing sessions too."""
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as admin:
        admin.execute("SET default_transaction_read_only = off")
        if on:
            admin.execute("ALTER SYSTEM SET default_transaction_read_only = on")
        else:
            admin.execute("ALTER SYSTEM RESET default_transaction_read_only")
        admin.execute("SELECT pg_reload_conf()")


def eventually(client, path, status):
    """The answer to ``path`` once it is ``status`` (sessions read a reloaded setting soon)."""
    for _ in range(50):
        response = client.get(path)
        if response.status_code == status:
            return response
        time.sleep(0.1)
    raise AssertionError(f"{path} answered {response.status_code}, not {status}")


def test_postgresql_stopped_is_503_and_started_again_serves_without_a_restart(postgres_server):
    """Stopped: pages (the plain one), the API and /health answer 503; started again, the same
    app serves and saves. Then made read-only: 503 with the form kept, and back."""
    url, stop, start = postgres_server
    app = create_app(config(url))
    try:
        world = populate(app)
        client = world["client"]
        form = area_form(client)
        assert client.get("/portfolio").status_code == 200

        stop()
        page = client.get("/portfolio")
        assert_503(page)
        html = page.get_data(as_text=True)
        # Not even the person can be read: the plain page, in the default language.
        assert '<html lang="sv">' in html and "Tillfälligt otillgänglig" in html
        response = client.post("/areas/new", data=form)
        assert_503(response)
        html = response.get_data(as_text=True)
        assert typed_on(html) == AREA_TYPED
        token = {"Authorization": f"Bearer {world['token']}"}
        assert_503(client.get("/api/v1/areas", headers=token), problem=True)
        assert_503(api_post(client, world["token"], new_area("SO8")), problem=True)
        health = client.get("/health")
        assert_503(health, problem=True)
        assert health.json["database"] == "unreachable"

        start()
        assert client.get("/portfolio").status_code == 200
        assert client.get("/health").json == {"status": "ok", "database": "ok"}
        assert client.post("/areas/new", data=form).status_code == 302
        assert api_post(client, world["token"], new_area("SO8")).status_code == 201
        assert areas_in(app) == 3

        # Read-only for every session (as a standby is): the form comes back as typed.
        read_only(url, True)
        health = eventually(client, "/health", 503)
        assert health.json["database"] == "read-only"
        response = client.post("/areas/new", data={**form, "code": "SO7"})
        assert_503(response)
        assert 'value="Hållbar energi"' in response.get_data(as_text=True)
        assert_503(api_post(client, world["token"], new_area("SO6")), problem=True)
        read_only(url, False)
        eventually(client, "/health", 200)
        assert areas_in(app) == 3
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_the_503_pages_pass_the_nu_html_checker(world, tmp_path):
    """The 503 page with what was typed, and the plain one for when reading fails too."""
    java = require_vnu()
    token = csrf(world["client"])
    Injected(world["app"]).read_only = True
    response = world["client"].post("/areas/new", data={**TYPED, "csrf_token": token})
    (tmp_path / "whole.html").write_bytes(response.data)
    with signed_in_elsewhere(world, f"{tmp_path}/gone/x.db") as client:
        response = client.post("/areas/new", data={**TYPED, "csrf_token": token})
        (tmp_path / "plain.html").write_bytes(response.data)
    assert "Det du skrev" in (tmp_path / "plain.html").read_text()
    assert nu_errors(java, tmp_path.glob("*.html")) == []


def test_signing_out_ends_the_session_even_when_the_database_cannot_be_written(world):
    """On a shared computer: the page says nothing was saved, but this browser is signed out."""
    app, client = world["app"], world["client"]
    token = csrf(client)
    fault = Injected(app)
    fault.read_only = True
    assert_503(client.post("/logout", data={"csrf_token": token}))
    fault.read_only = False
    assert client.get("/profile").status_code == 302  # to the sign-in page
