"""Flask extensions, created unbound; create_app binds them with init_app()."""

import sqlite3

from flask import current_app, g, has_app_context, has_request_context, request
from flask_babel import Babel
from flask_compress import Compress
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api as SmorestApi
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import Engine, MetaData, event
from sqlalchemy.orm import DeclarativeBase

# One naming convention so Alembic names constraints the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Api(SmorestApi):
    """flask-smorest without its app-wide JSON error handler: tracker.views.errors answers
    errors, as pages for the pages and as problem+json under /api/."""

    def _register_error_handlers(self):
        pass


db = SQLAlchemy(model_class=Base)
api = Api()
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
compress = Compress()

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, _record):
    """WAL, foreign keys and a busy timeout on every SQLite connection.

    pysqlite's own transaction handling is switched off (isolation_level=None) so that
    _sqlite_begin below decides how each transaction begins.
    """
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None
    timeout = _busy_timeout_ms()
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(timeout)}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn):
    """Begin SQLite transactions IMMEDIATE unless the request only reads.

    A deferred transaction that reads and then writes can fail at once with "database is
    locked" when another worker writes meanwhile; the busy timeout does not help there.
    Taking the write lock at BEGIN makes concurrent writers wait for each other instead.
    """
    if conn.dialect.name != "sqlite":
        return
    # After a database fault (tracker.views.faults) the request only reads to show its page.
    if has_request_context() and (request.method in SAFE_METHODS or g.get("database_fault")):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _busy_timeout_ms():
    if has_app_context():
        return current_app.config.get("SQLITE_BUSY_TIMEOUT_MS", 15000)
    return 15000
