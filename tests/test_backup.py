"""`flask backup` and `flask restore` on SQLite and PostgreSQL: a backup taken while writes go
on restores whole into an empty database; a bad file or a database with data changes nothing."""

import os
import sqlite3
import threading
import uuid

import pytest
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError

from tests.conftest import PASSWORD, SECRET, Factory, csrf_token_from
from tracker import create_app
from tracker.extensions import db
from tracker.models import Organisation, OrganisationKind, Person, Role


@pytest.fixture
def databases(backend, tmp_path):
    """Makes empty databases, one a call, and drops them afterwards."""
    made = []
    server = make_url(os.environ["TEST_DATABASE_URL"]) if backend == "postgresql" else None

    def make():
        name = f"tracker_backup_{uuid.uuid4().hex[:8]}"
        if server is None:
            return f"sqlite:///{tmp_path / name}.db"
        _on_server(server, f'CREATE DATABASE "{name}"')
        made.append(name)
        return server.set(database=name).render_as_string(hide_password=False)

    yield make
    for name in made:
        _on_server(server, f'DROP DATABASE "{name}" WITH (FORCE)')


def _on_server(url, sql):
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


@pytest.fixture
def apps():
    """Makes an app on a database; disposes of their engines afterwards."""
    made = []

    def make(uri, **config):
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": SECRET,
                "SQLALCHEMY_DATABASE_URI": uri,
                "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                **config,
            }
        )
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def _with_a_person(app, revision="head"):
    with app.app_context():
        upgrade(revision=revision)
    if revision == "head":
        Factory(app).person(role=Role.ADMIN, email="anna@example.org", name="Anna Berg")


def _head(app):
    with app.app_context():
        config = current_app.extensions["migrate"].migrate.get_config()
        return ScriptDirectory.from_config(config).get_current_head()


def _tables_with_rows(app):
    with app.app_context(), db.engine.connect() as conn:
        names = db.inspect(conn).get_table_names()
        return {t for t in names if conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar()}  # noqa: S608


def test_a_backup_taken_while_writes_go_on_restores_whole(databases, apps, tmp_path):
    source = apps(databases())
    _with_a_person(source)
    written, stop = [], threading.Event()

    def write():
        with source.app_context():
            while not stop.is_set():
                n = len(written)
                kind = OrganisationKind.DEPARTMENT
                db.session.add(Organisation(code=f"W{n:04d}", name=f"Förvaltning {n}", kind=kind))
                db.session.commit()
                written.append(n)
            db.session.remove()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(written) < 5:
            stop.wait(0.01)
        file = tmp_path / "tracker.backup"
        result = _cli(source, "backup", str(file))
        during = len(written)
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    assert "Backup written to" in result.output
    assert file.stat().st_mode & 0o077 == 0  # personal data: the owner's only
    assert during >= 5 and len(written) > during  # writes went on during and after

    target, result = _restored(apps(databases()), file)
    assert "integrity checked" in result.output
    with target.app_context():
        codes = db.session.scalars(select(Organisation.code).order_by(Organisation.code)).all()
        # A snapshot: the first n writes, each whole, none missing between them.
        assert codes == [f"W{n:04d}" for n in range(len(codes))]
        assert 5 <= len(codes) <= len(written)
        if target.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            assert db.session.scalar(text("PRAGMA integrity_check")) == "ok"
    client = target.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": "anna@example.org", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    assert client.get("/admin").status_code == 200


def test_a_backup_of_an_older_schema_is_upgraded(databases, apps, tmp_path):
    source = apps(databases())
    _with_a_person(source, revision="0009")
    file = tmp_path / "old.backup"
    assert _cli(source, "backup", str(file)).exit_code == 0
    _target, result = _restored(apps(databases()), file)
    assert "upgraded from 0009" in result.output


def _restored(target, file):
    """Restore ``file`` into the app ``target``: done, at the newest schema."""
    result = _cli(target, "restore", str(file))
    assert result.exit_code == 0, result.output
    with target.app_context():
        assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == _head(target)
    return target, result


@pytest.fixture
def a_backup(databases, apps, tmp_path):
    source = apps(databases())
    _with_a_person(source)
    file = tmp_path / "good.backup"
    assert _cli(source, "backup", str(file)).exit_code == 0
    return source, file


def _refused(app, file, words):
    before = _tables_with_rows(app)
    result = _cli(app, "restore", str(file))
    assert result.exit_code == 1, result.output
    assert words in result.output
    assert "Traceback" not in result.output
    assert _tables_with_rows(app) == before


def test_a_truncated_backup_is_refused_and_changes_nothing(a_backup, databases, apps, tmp_path):
    _source, file = a_backup
    cut = tmp_path / "cut.backup"
    cut.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
    _refused(apps(databases()), cut, "damaged or cut short")


def test_a_file_of_another_kind_is_refused(databases, apps, tmp_path, backend):
    target = apps(databases())
    text_file = tmp_path / "notes.backup"
    text_file.write_text("Protokoll från koncernledningsgruppen\n")
    _refused(target, text_file, "not a backup of this app")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE recipe (id INTEGER PRIMARY KEY, name TEXT)")
    words = "not a backup of this app" if backend == "sqlite" else "a backup of a SQLite database"
    _refused(target, other, words)


def test_a_backup_from_a_newer_schema_is_refused(a_backup, databases, apps, tmp_path):
    source, _file = a_backup
    with source.app_context():
        db.session.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
        db.session.commit()
    newer = tmp_path / "newer.backup"
    assert _cli(source, "backup", str(newer)).exit_code == 0
    _refused(apps(databases()), newer, "newer than this app knows")


def test_a_restore_into_a_database_with_data_is_refused(a_backup):
    source, file = a_backup
    with source.app_context():
        db.session.add(
            Organisation(code="KS", name="Kommunstyrelsen", kind=OrganisationKind.CENTRAL)
        )
        db.session.commit()
    _refused(source, file, "not empty")
    with source.app_context():
        assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1
        assert db.session.scalar(select(Person.email)) == "anna@example.org"


def test_a_backup_never_overwrites_a_file(a_backup):
    source, file = a_backup
    before = file.read_bytes()
    result = _cli(source, "backup", str(file))
    assert result.exit_code == 1
    assert "exists already" in result.output
    assert file.read_bytes() == before


def test_pg_dump_is_named_when_missing(databases, apps, tmp_path, backend):
    """SQLite needs no client program; PostgreSQL says which one is missing and how to set it."""
    app = apps(databases(), PG_DUMP=str(tmp_path / "no-pg_dump"))
    _with_a_person(app)
    result = _cli(app, "backup", str(tmp_path / "x.backup"))
    if backend == "sqlite":
        assert result.exit_code == 0, result.output
        assert [f.name for f in tmp_path.glob("x.backup*")] == ["x.backup"]
    else:
        assert result.exit_code == 1
        assert "was not found" in result.output and "TRACKER_PG_DUMP" in result.output
        assert not list(tmp_path.glob("x.backup*"))


def test_a_restore_goes_into_a_database_with_the_schema_and_no_rows(a_backup, databases, apps):
    """`flask db upgrade` first, as an installation would: tables without rows are empty."""
    _source, file = a_backup
    target = apps(databases())
    with target.app_context():
        upgrade()
    _restored(target, file)
    with target.app_context():
        assert db.session.scalar(select(Person.email)) == "anna@example.org"
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text("DELETE FROM audit_event"))
        db.session.rollback()


def test_a_backup_file_may_have_any_name(databases, apps, tmp_path):
    source = apps(databases())
    _with_a_person(source)
    file = tmp_path / "nattlig #1 100% ?.backup"
    assert _cli(source, "backup", str(file)).exit_code == 0
    assert file.stat().st_mode & 0o077 == 0
    assert not list(tmp_path.glob("*.partial"))
    target, _result = _restored(apps(databases()), file)
    with target.app_context():
        assert db.session.scalar(select(Person.email)) == "anna@example.org"


def test_a_folder_that_cannot_be_written_is_named(databases, apps, tmp_path):
    source = apps(databases())
    _with_a_person(source)
    result = _cli(source, "backup", str(tmp_path / "no-such-folder" / "x.backup"))
    assert result.exit_code == 1 and "does not exist" in result.output
    folder = tmp_path / "a-file-not-a-folder"
    folder.write_text("")
    result = _cli(source, "backup", str(folder / "x.backup"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    result = _cli(apps(databases()), "restore", str(tmp_path))  # a folder: refused by click
    assert result.exit_code == 2 and "is a directory" in result.output
