"""The database's passing faults: which errors mean "the database cannot be read or written just
now" (locked, read-only, full, unreachable) rather than a mistake in the code, and the health
check that asks whether the database can be read and written without leaving anything behind.

A passing fault is answered with 503 and Retry-After (tracker.views.faults); anything else stays
a 500. No Flask here: the callers pass the engine and the limits."""

import shutil
import sqlite3
from pathlib import Path

import psycopg
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# The reasons, as the health check and the log name them.
LOCKED = "locked"
READ_ONLY = "read-only"
RECOVERY = "in-recovery"
FULL = "full"
UNREACHABLE = "unreachable"

# SQLite's result codes (extended codes start with these) for a database that is there but
# cannot be used just now; SQLITE_ERROR ("no such table", a syntax error) is a mistake, not one.
SQLITE_REASONS = {
    "SQLITE_BUSY": LOCKED,
    "SQLITE_LOCKED": LOCKED,
    "SQLITE_READONLY": READ_ONLY,
    "SQLITE_FULL": FULL,
    "SQLITE_IOERR": UNREACHABLE,
    "SQLITE_CANTOPEN": UNREACHABLE,
    "SQLITE_PROTOCOL": LOCKED,
}
# PostgreSQL's SQLSTATEs (or their class, the first two characters) of the same kind.
POSTGRES_REASONS = {
    "08": UNREACHABLE,  # connection exception
    "53": FULL,  # insufficient resources: disk full, out of memory, too many connections
    "57P01": UNREACHABLE,  # admin shutdown
    "57P02": UNREACHABLE,  # crash shutdown
    "57P03": UNREACHABLE,  # cannot connect now (starting up, shutting down)
    "58": UNREACHABLE,  # system error: I/O
    "25006": READ_ONLY,  # read-only SQL transaction (a standby, default_transaction_read_only)
    "55P03": LOCKED,  # lock not available (lock_timeout)
    "40P01": LOCKED,  # deadlock detected: one of two transactions gave way; try again
    "40001": LOCKED,  # serialization failure: likewise
}


def reason(error: BaseException) -> str | None:
    """Why the database cannot be used just now, when ``error`` says so (one of the reasons
    above); None for any other error, which is a mistake and stays a 500."""
    if isinstance(error, PoolTimeout):
        return UNREACHABLE  # every connection busy: the pool waited in vain
    if isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return UNREACHABLE
        return reason(error.orig) if error.orig is not None else None
    if isinstance(error, sqlite3.Error):
        name = getattr(error, "sqlite_errorname", "") or ""
        return next((r for code, r in SQLITE_REASONS.items() if name.startswith(code)), None)
    if isinstance(error, psycopg.Error):
        state = error.sqlstate
        if state is None:
            # No answer from the server at all: refused, dropped, closed.
            is_connection = isinstance(error, psycopg.OperationalError | psycopg.InterfaceError)
            return UNREACHABLE if is_connection else None
        return POSTGRES_REASONS.get(state) or POSTGRES_REASONS.get(state[:2])
    return None


def unavailable(error: BaseException) -> bool:
    """Is ``error`` the database's passing fault (503), not a mistake (500)?"""
    return reason(error) is not None


def check(engine: Engine, *, lock_wait_ms: int, min_free_bytes: int) -> str | None:
    """Can the database be read and written now? None when it can, else the reason.

    SQLite: a read, then the write lock (waiting at most ``lock_wait_ms``) and a table made in
    a transaction that is rolled back (it needs a free page, so a database at its
    max_page_count is full), and at least ``min_free_bytes`` free on the file's disk.
    PostgreSQL: a read, and whether the server is in recovery or the transaction read-only.
    Nothing lasting is written."""
    try:
        if engine.dialect.name == "sqlite":
            return _check_sqlite(engine, lock_wait_ms, min_free_bytes)
        return _check_server(engine)
    except (SQLAlchemyError, sqlite3.Error, psycopg.Error) as error:
        return reason(error) or UNREACHABLE


def _check_sqlite(engine: Engine, lock_wait_ms: int, min_free_bytes: int) -> str | None:
    # The driver's own connection: it runs without implicit transactions
    # (tracker.extensions), so BEGIN IMMEDIATE here is the only BEGIN.
    pooled = engine.raw_connection()
    try:
        connection = pooled.driver_connection
        assert isinstance(connection, sqlite3.Connection)
        (waits,) = connection.execute("PRAGMA busy_timeout").fetchone()
        connection.execute(f"PRAGMA busy_timeout = {int(min(waits, lock_wait_ms))}")
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            listed = connection.execute("PRAGMA database_list")
            files = [file for _seq, name, file in listed if name == "main"]
            try:
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("CREATE TABLE tracker_health_check (x)")
            finally:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
        finally:
            connection.execute(f"PRAGMA busy_timeout = {int(waits)}")
    finally:
        pooled.close()
    if files and files[0] and shutil.disk_usage(Path(files[0]).parent).free < min_free_bytes:
        return FULL
    return None


def _check_server(engine: Engine) -> str | None:
    with engine.connect() as connection:
        recovery, read_only = connection.execute(
            text("SELECT pg_is_in_recovery(), current_setting('transaction_read_only')")
        ).one()
        connection.rollback()
    if recovery:
        return RECOVERY
    return READ_ONLY if read_only == "on" else None
