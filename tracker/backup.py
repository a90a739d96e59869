"""Backups and restores of the whole database (`flask backup FILE`, `flask restore FILE`).

A backup is the database's own format, so that the usual tools read it too:
- SQLite: a SQLite file written through SQLite's online backup API (a consistent copy while
  the app goes on writing; a file copy of a live database in WAL mode is not a backup);
- PostgreSQL: `pg_dump` in its custom format (read with `pg_restore`).

A restore goes only into an empty database, checks the file before it touches anything
(what it is, that it is whole, that its schema is one this app knows), then upgrades an older
schema to the newest and checks the result. Nothing here knows Flask: the commands in cli.py
pass in the engine, the migrations' script directory and the tools.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, MetaData, inspect, text
from sqlalchemy.engine import URL

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
# Tables that every backup of this app holds; a file without them is another application's.
OWN_TABLES = frozenset({"alembic_version", "person", "organisation", "strategic_area"})


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for the command line."""


class ToolMissing(BackupError):
    """pg_dump or pg_restore is not where the settings say."""


@dataclass
class Tools:
    """The PostgreSQL client programs: found on PATH unless configured (PG_DUMP, PG_RESTORE)."""

    pg_dump: str = "pg_dump"
    pg_restore: str = "pg_restore"


@dataclass
class Restored:
    revision: str  # the backup's schema
    head: str  # the schema after the restore
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def upgraded(self) -> bool:
        return self.revision != self.head


def take(engine: Engine, target: Path, tools: Tools) -> int:
    """Write a backup of the database to `target` (which must not exist); returns its size.

    The file is written beside the target under another name and renamed when it is whole, so
    a failed backup leaves no file that looks like one. Readable by its owner only: it holds
    personal data.
    """
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} exists already; a backup never overwrites a file.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    # Made readable by its owner only before anything is written to it: it holds personal data.
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as error:
        raise BackupError(f"{partial} cannot be written: {error.strerror}.") from error
    try:
        if engine.dialect.name == "sqlite":
            # A single file, no -wal beside it.
            source = _sqlite_uri(_sqlite_file(engine.url), "mode=ro")
            _sqlite_copy(source, partial, "DELETE", "make the backup")
        else:
            _pg_take(engine.url, partial, tools)
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size


def restore(
    engine: Engine,
    source: Path,
    script: ScriptDirectory,
    tools: Tools,
    upgrade: Callable[[], None],
) -> Restored:
    """Restore the backup `source` into the (empty) database of `engine`, then bring its schema
    to the newest with `upgrade` and check it. Raises BackupError, having changed nothing,
    when the file is not a whole backup of this app, is from a newer schema, or the database
    holds data."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    kind = _kind_of(source)
    if kind != engine.dialect.name:
        raise BackupError(
            f"{source} is a backup of a {_NAMES[kind]} database, and this app uses "
            f"{_NAMES[engine.dialect.name]}. Restore it into the same kind of database."
        )
    revision = _sqlite_check(source) if kind == "sqlite" else _pg_check(source, tools)
    _check_revision(revision, script)
    _check_empty(engine)
    engine.dispose()  # no pooled connection keeps the old schema
    if kind == "sqlite":
        database = _sqlite_file(engine.url)
        database.parent.mkdir(parents=True, exist_ok=True)
        # Page by page: the backup's schema and rows replace the empty database.
        _sqlite_copy(_sqlite_uri(source, READ_ONLY), database, "WAL", "restore the backup")
    else:
        _pg_clear_schema(engine)
        _run(
            [
                tools.pg_restore,
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                _libpq_uri(engine.url),
                str(source),
            ],
            engine.url,
            "pg_restore",
        )
    engine.dispose()
    upgrade()
    engine.dispose()
    head = _check_restored(engine)
    return Restored(revision=revision, head=head, counts=_counts(engine))


_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _kind_of(source: Path) -> str:
    try:
        with source.open("rb") as f:
            start = f.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise BackupError(f"{source} cannot be read: {error.strerror}.") from error
    if start.startswith(SQLITE_MAGIC):
        return "sqlite"
    if start.startswith(PG_CUSTOM_MAGIC):
        return "postgresql"
    raise BackupError(
        f"{source} is not a backup of this app: it is neither a SQLite database nor a "
        "PostgreSQL dump in custom format."
    )


def _check_revision(revision: str, script: ScriptDirectory) -> None:
    try:
        known = script.get_revision(revision)
    except CommandError:
        known = None
    if known is None:
        raise BackupError(
            f"The backup's schema ({revision}) is newer than this app knows (its newest is "
            f"{script.get_current_head()}). Restore it with the version of the app that made "
            "it, or upgrade the app first."
        )


def _check_empty(engine: Engine) -> None:
    with engine.connect() as conn:
        tables = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
        holding = [
            t
            for t in tables
            if conn.execute(text(f'SELECT EXISTS (SELECT 1 FROM "{t}")')).scalar()  # noqa: S608
        ]
    if holding:
        raise BackupError(
            "The database is not empty (it holds rows in "
            + ", ".join(sorted(holding)[:5])
            + (", …" if len(holding) > 5 else "")
            + "). A restore goes only into an empty database: create a new one and point "
            "DATABASE_URL at it (or move the SQLite file away), then restore."
        )


def _check_restored(engine: Engine) -> str:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            problems = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise BackupError(f"The restored database fails its integrity check: {problems}")
            if conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                raise BackupError("The restored database has rows that refer to missing rows.")
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    return str(head)


def _counts(engine: Engine) -> dict[str, int]:
    names = ("person", "strategic_area", "improvement", "status_update", "audit_event")
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        return {
            name: int(conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one())  # noqa: S608
            for name in names
            if name in present
        }


# SQLite ---------------------------------------------------------------------------------------


def _sqlite_file(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(url.database)


# A file that is only read: opened without a lock and without a journal beside it.
READ_ONLY = "mode=ro&immutable=1"


def _sqlite_uri(path: Path, options: str) -> str:
    """The file URI SQLite opens ``path`` by, with ``options``: any character of the path
    (#, ?, %, spaces) escaped."""
    return f"{Path(path).resolve().as_uri()}?{options}"


def _sqlite_copy(source: str, target: Path, journal_mode: str, what: str) -> None:
    """Copy the database at the URI ``source`` into the file ``target`` through SQLite's
    online backup API, in one step: a consistent snapshot while writers go on (WAL). The copy
    is checked; ``what`` names the work in a message."""
    try:
        origin = sqlite3.connect(source, uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not {what}: {error}") from error
    copy = sqlite3.connect(target)
    try:
        origin.backup(copy)
        copy.execute(f"PRAGMA journal_mode={journal_mode}")
        if copy.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise BackupError(f"SQLite could not {what}: the copy fails its integrity check.")
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not {what}: {error}") from error
    finally:
        copy.close()
        origin.close()


def _sqlite_check(source: Path) -> str:
    """The schema revision of a whole SQLite backup of this app (BackupError otherwise)."""
    try:
        conn = sqlite3.connect(_sqlite_uri(source, READ_ONLY), uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"{source} cannot be read: {error}.") from error
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise BackupError(f"{source} is damaged (SQLite's integrity check: {problems[0]}).")
        listed = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {row[0] for row in listed}
        if not tables >= OWN_TABLES:
            raise BackupError(f"{source} is a SQLite database, but not a backup of this app.")
        revisions = [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is damaged or cut short: {error}.") from error
    finally:
        conn.close()
    if len(revisions) != 1:
        raise BackupError(f"{source} has no single schema version; it is not a backup of this app.")
    return str(revisions[0])


# PostgreSQL -----------------------------------------------------------------------------------


def _libpq_uri(url: URL) -> str:
    """The URL as libpq reads it: no driver name, no password (that goes in PGPASSWORD, never
    on a command line that `ps` shows)."""
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _run(command: list[str], url: URL | None, what: str) -> str:
    env = dict(os.environ)
    if url is not None and url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise ToolMissing(
            f"{command[0]} was not found. Install PostgreSQL's client programs (the same major "
            f"version as the server or newer), or set TRACKER_{what.upper()} to its path."
        ) from error
    if done.returncode != 0:
        message = done.stderr.strip() or f"exit status {done.returncode}"
        raise BackupError(f"{what} failed: {message}")
    return done.stdout


def _pg_take(url: URL, partial: Path, tools: Tools) -> None:
    # One snapshot of the whole database, like a serializable transaction: writes going on
    # while it runs are either wholly in the backup or not at all.
    _run(
        [
            tools.pg_dump,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(partial),
            "--dbname",
            _libpq_uri(url),
        ],
        url,
        "pg_dump",
    )


_COPY = re.compile(r"^COPY (?:public\.)?alembic_version \(version_num\) FROM stdin;$", re.M)


def _pg_check(source: Path, tools: Tools) -> str:
    """The schema revision of a whole dump of this app (BackupError otherwise). The whole file
    is read once, so a dump cut short is found before anything is changed."""
    try:
        listing = _run([tools.pg_restore, "--list", str(source)], None, "pg_restore")
        _run([tools.pg_restore, "--file", os.devnull, str(source)], None, "pg_restore")
    except ToolMissing:
        raise
    except BackupError as error:
        raise BackupError(f"{source} is damaged or cut short. {error}") from error
    tables = set(re.findall(r" TABLE public (\w+) ", listing))
    if not tables >= OWN_TABLES:
        raise BackupError(f"{source} is a PostgreSQL dump, but not a backup of this app.")
    script = _run(
        [tools.pg_restore, "--data-only", "--table", "alembic_version", "--file", "-", str(source)],
        None,
        "pg_restore",
    )
    match = _COPY.search(script)
    rows = script[match.end() :].split("\\.", 1)[0].split() if match else []
    if len(rows) != 1:
        raise BackupError(f"{source} has no single schema version; it is not a backup of this app.")
    return rows[0]


def _pg_clear_schema(engine: Engine) -> None:
    """Drop the empty tables `flask db upgrade` may have made, and the function behind the
    history's trigger, so that the dump's own schema can be created. Only ever called after
    _check_empty: nothing with a row is dropped."""
    with engine.begin() as conn:
        existing = MetaData()
        existing.reflect(conn)
        existing.drop_all(conn)
        conn.execute(text("DROP FUNCTION IF EXISTS audit_event_append_only() CASCADE"))
