"""Strategic-area portfolio tracker for a municipal group leadership team."""

import os
import secrets
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from tracker import assets, boundary, cli, guard, headers, language, oidc, sessions
from tracker.api import init_app as init_api
from tracker.extensions import compress, csrf, db, login_manager, migrate
from tracker.services import versions
from tracker.views import register_blueprints

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
# Values that are never a real secret, even when someone sets them.
PLACEHOLDER_SECRETS = frozenset({"", "dev", "secret", "changeme", "change-me", "development"})
MIN_SECRET_LENGTH = 16


def create_app(test_config=None):
    """Build the app. Configuration in layers, each overriding the one before it:

    1. tracker/config.py (defaults), 2. instance/config.py, 3. the environment (SECRET_KEY,
    DATABASE_URL and TRACKER_* through from_prefixed_env), 4. test_config.
    """
    home = _app_folders()
    app = Flask(
        __name__,
        instance_path=_instance_path(installed=home == PACKAGE),
        instance_relative_config=True,
        template_folder=str(home / "templates"),
        static_folder=str(home / "static"),
    )
    app.config.from_object("tracker.config")
    app.config.from_pyfile("config.py", silent=True)
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    app.config.from_prefixed_env("TRACKER")
    # Texts that JSON would turn into something else: a client id "0.10" is not a number.
    for name in ("OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_LABEL", "OIDC_ISSUER"):
        if (raw := os.environ.get(f"TRACKER_{name}")) is not None:
            app.config[name] = raw
    if test_config is not None:
        app.config.from_mapping(test_config)

    _configure_switches(app)
    _configure_database(app)
    _configure_secret(app)
    if proxies := int(app.config["TRUSTED_PROXIES"]):
        # The client's address and scheme as the trusted proxies saw them.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]

    boundary.init_app(app)  # first: its check runs before every other hook
    db.init_app(app)
    versions.init_app(app)
    migrate.init_app(app, db, directory=str(home / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    sessions.init_app(app)
    oidc.init_app(app)
    language.init_app(app)
    guard.init_app(app)
    assets.init_app(app)
    headers.init_app(app)
    compress.init_app(app)
    assets.init_compression(app)
    register_blueprints(app)
    init_api(app)
    cli.init_app(app)
    return app


def _app_folders():
    """Where templates/, static/ and migrations/ are: beside the package in a checkout (ROOT),
    inside it in an installed wheel (setup.py copies them in)."""
    return PACKAGE if (PACKAGE / "templates").is_dir() else ROOT


def _instance_path(installed):
    """TRACKER_INSTANCE_PATH if set; else instance/ in a checkout, and for an installed app
    Flask's own choice, <prefix>/var/tracker-instance (prefix: the virtual environment)."""
    if os.environ.get("TRACKER_INSTANCE_PATH"):
        return os.path.abspath(os.environ["TRACKER_INSTANCE_PATH"])
    return None if installed else str(ROOT / "instance")


_TRUE, _FALSE = {"true", "yes", "on", "1"}, {"false", "no", "off", "0"}


def _configure_switches(app):
    """Every on/off setting (a bool in tracker/config.py) as a bool. The environment's values
    are read as JSON, so ``TRACKER_PASSWORD_LOGIN=False`` would stay the text "False", which
    counts as on: true/false, yes/no, on/off and 1/0 are read in any case, and anything else
    stops the app at start rather than leave a switch the other way than meant."""
    from tracker import config

    for name, default in vars(config).items():
        value = app.config.get(name)
        if not isinstance(default, bool) or isinstance(value, bool):
            continue
        word = str(value).strip().lower()
        if word not in _TRUE | _FALSE:
            raise RuntimeError(f"{name} must be true or false, not {value!r}.")
        app.config[name] = word in _TRUE


def _configure_database(app):
    uri = app.config.get("SQLALCHEMY_DATABASE_URI")
    if not uri:
        # An installed app's instance folder may not exist yet: SQLite makes a file, not a folder.
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        uri = "sqlite:///" + str(Path(app.instance_path) / "tracker.db")
    # Accept the URLs hosting platforms hand out; psycopg 3 is the driver.
    for prefix in ("postgres://", "postgresql://"):
        if uri.startswith(prefix):
            uri = "postgresql+psycopg://" + uri[len(prefix) :]
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    if uri.startswith("sqlite"):
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options.setdefault("connect_args", {})
        # Python's own wait for a lock, in seconds; the busy_timeout pragma is set as well.
        options["connect_args"].setdefault("timeout", app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000)
        options["connect_args"].setdefault("check_same_thread", False)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _configure_secret(app):
    """Outside debug and testing, refuse to start without a real SECRET_KEY.

    A generated development secret in instance/secret_key (written by `make run`) counts as
    real; in debug mode the app writes one itself when there is none.
    """
    if app.config.get("SECRET_KEY"):
        key = str(app.config["SECRET_KEY"])
    else:
        path = Path(app.instance_path) / "secret_key"
        if not path.exists() and (app.debug or app.testing):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_hex(32))
            path.chmod(0o600)
        key = path.read_text().strip() if path.exists() else ""
        app.config["SECRET_KEY"] = key or None
    if app.testing:
        return
    if key.lower() in PLACEHOLDER_SECRETS or len(key) < MIN_SECRET_LENGTH:
        raise RuntimeError(
            "SECRET_KEY is missing or not a real secret. Set the SECRET_KEY environment "
            f"variable to a random value of at least {MIN_SECRET_LENGTH} characters, for "
            "example: python -c 'import secrets; print(secrets.token_hex(32))'"
        )
