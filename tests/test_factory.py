"""The app factory: configuration layers, the secret, the database set-up."""

import functools
import time
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, text

import tracker
from tests.conftest import together
from tracker import create_app
from tracker.extensions import db
from tracker.models import Organisation, OrganisationKind


def test_test_config_wins_over_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_REPORT_DEADLINE_DAY", "12")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 32})
    assert app.config["REPORT_DEADLINE_DAY"] == 12
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.db")
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 32, "REPORT_DEADLINE_DAY": 8})
    assert app.config["REPORT_DEADLINE_DAY"] == 8


@pytest.mark.parametrize(
    ("word", "on"), [("False", False), ("no", False), (" OFF ", False), ("0", False), ("Yes", True)]
)
def test_an_on_off_setting_is_read_in_any_case(monkeypatch, tmp_path, word, on):
    monkeypatch.setenv("TRACKER_PASSWORD_LOGIN", word)
    monkeypatch.setenv("TRACKER_SESSION_COOKIE_SECURE", word)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 32})
    assert app.config["PASSWORD_LOGIN"] is on and app.config["SESSION_COOKIE_SECURE"] is on


def test_an_on_off_setting_that_is_neither_stops_the_app(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_PASSWORD_LOGIN", "nej")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    with pytest.raises(RuntimeError, match="PASSWORD_LOGIN must be true or false, not 'nej'"):
        create_app({"TESTING": True, "SECRET_KEY": "x" * 32})


def test_environment_secret_and_postgres_url(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.internal/tracker")
    app = create_app()
    assert app.config["SECRET_KEY"] == "s" * 40
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.internal/tracker"


@pytest.mark.parametrize("secret", [None, "", "dev", "short"])
def test_refuses_to_start_without_a_real_secret(monkeypatch, tmp_path, secret):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    # An instance folder without a generated secret.
    monkeypatch.setattr("tracker.ROOT", tmp_path)
    config = {} if secret is None else {"SECRET_KEY": secret}
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(config)


def test_generated_development_secret_in_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr("tracker.ROOT", tmp_path)
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "secret_key").write_text("a" * 64 + "\n")
    app = create_app()
    assert app.config["SECRET_KEY"] == "a" * 64
    assert app.instance_path == str(tmp_path / "instance")


def test_instance_config_file_is_a_layer(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("TRACKER_REPORT_DEADLINE_DAY", raising=False)
    monkeypatch.setattr("tracker.ROOT", tmp_path)
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "config.py").write_text(
        "SECRET_KEY = 'from-instance-config-0123456789'\nREPORT_DEADLINE_DAY = 5\n"
    )
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-instance-config-0123456789"
    assert app.config["REPORT_DEADLINE_DAY"] == 5
    # The environment overrides the instance file.
    monkeypatch.setenv("TRACKER_REPORT_DEADLINE_DAY", "7")
    assert create_app().config["REPORT_DEADLINE_DAY"] == 7


def test_default_database_is_sqlite_in_instance(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 32})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///" + app.instance_path + "/tracker.db"


def test_checkout_serves_its_top_level_folders():
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 32})
    root = Path(tracker.__file__).resolve().parent.parent
    assert app.instance_path == str(root / "instance")
    assert app.template_folder == str(root / "templates")
    assert app.static_folder == str(root / "static")
    assert app.extensions["migrate"].directory == str(root / "migrations")


def test_installed_package_serves_the_folders_inside_it(monkeypatch, tmp_path):
    """What setup.py builds: templates, static files and migrations inside the package."""
    for name in ("templates", "static", "migrations"):
        (tmp_path / name).mkdir()
    monkeypatch.setattr("tracker.PACKAGE", tmp_path)
    monkeypatch.setattr(
        Flask, "auto_find_instance_path", lambda app: str(tmp_path / "flask-default")
    )
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 32})
    assert app.template_folder == str(tmp_path / "templates")
    assert app.static_folder == str(tmp_path / "static")
    assert app.extensions["migrate"].directory == str(tmp_path / "migrations")
    # Flask's own instance folder (<prefix>/var/tracker-instance), not one beside the package.
    assert app.instance_path == str(tmp_path / "flask-default")


def test_instance_folder_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRACKER_INSTANCE_PATH", "var/tracker")
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 32})
    assert app.instance_path == str(tmp_path / "var" / "tracker")
    # The default SQLite database goes there, and its folder is made.
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/var/tracker/tracker.db"
    assert (tmp_path / "var" / "tracker").is_dir()


def test_sqlite_connection_settings(tmp_path):
    """The embedded default, whichever backend the rest of the suite runs on."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x" * 32,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'pragmas.db'}",
        }
    )
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == 15000


def test_concurrent_read_then_write_transactions_wait_instead_of_failing(app):
    """Two workers that each read and then write at once: both succeed, one after the other."""
    errors = []

    def worker(n):
        try:
            with app.app_context():
                db.session.scalar(select(Organisation).limit(1))  # read first...
                time.sleep(0.2)  # ...while the others read too...
                db.session.add(
                    Organisation(code=f"W{n}", name=f"Org {n}", kind=OrganisationKind.COMPANY)
                )
                db.session.commit()  # ...then write
        except Exception as exc:
            errors.append(exc)

    together(*(functools.partial(worker, n) for n in range(4)))
    assert errors == []
    with app.app_context():
        codes = db.session.scalars(select(Organisation.code).order_by(Organisation.code)).all()
    assert codes == ["W0", "W1", "W2", "W3"]
