"""Default settings. No secrets and no environment reads here: see create_app for the layers."""

# Set in instance/config.py, the SECRET_KEY environment variable, or instance/secret_key.
SECRET_KEY = None

# None means SQLite in the instance folder; DATABASE_URL or instance/config.py override it.
SQLALCHEMY_DATABASE_URI = None
SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
SQLALCHEMY_RECORD_QUERIES = False
# PostgreSQL's client programs for `flask backup` and `flask restore`: a name found on PATH, or a
# full path (the same major version as the server or newer).
PG_DUMP = "pg_dump"
PG_RESTORE = "pg_restore"
# Milliseconds an SQLite connection waits for another writer before giving up.
SQLITE_BUSY_TIMEOUT_MS = 15000
# When the database cannot be read or written just now (locked, read-only, full, unreachable),
# pages and the API answer 503 with this Retry-After, in seconds (tracker.views.faults).
DATABASE_RETRY_AFTER_SECONDS = 60
# /health answers 503 ("full") when the disk of the SQLite file has less free space than this.
HEALTH_MIN_FREE_DISK_MB = 50

BABEL_DEFAULT_LOCALE = "sv"
BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
LANGUAGES = {"sv": "Svenska", "en": "English"}

# Sign-in throttling (tracker.services.sign_ins): this many failed attempts for one email, or
# from one address, within the window make sign-in wait until the oldest leaves the window.
SIGN_IN_FAILURES_PER_ACCOUNT = 10
SIGN_IN_FAILURES_PER_ADDRESS = 50
SIGN_IN_WINDOW_MINUTES = 15

# A session ends after this long without a request, and this long after sign-in at the latest
# (tracker.sessions); an open form keeps its session alive while it is being typed in.
SESSION_IDLE_MINUTES = 60
SESSION_LIFETIME_HOURS = 12

# Single sign-on with OpenID Connect (tracker/oidc.py; README "Single sign-on"). On when the
# issuer and the client id are set, each as TRACKER_OIDC_... in the environment or in
# instance/config.py: the issuer's discovery document is <issuer>/.well-known/openid-configuration.
OIDC_ISSUER = None
OIDC_CLIENT_ID = None
OIDC_CLIENT_SECRET = None
# The button says "Sign in with <label>"; None: "the municipality's account" (translated).
OIDC_LABEL = None
# The claim that links a person not yet linked, once, to their subject: "email" (only with
# email_verified true) or "preferred_username" (Microsoft Entra ID, with a single-tenant issuer).
OIDC_LINK_CLAIM = "email"
OIDC_SCOPES = "openid email profile"
# Seconds the app waits for the provider (discovery, keys, the token) before it gives up.
OIDC_TIMEOUT_SECONDS = 10
# False turns sign-in with a password off: the form is not shown and a password is refused
# (and cannot be changed on the profile page).
PASSWORD_LOGIN = True

# Behind a reverse proxy, how many proxies set X-Forwarded-For and X-Forwarded-Proto: the
# throttling then sees the client's address, not the proxy's. 0: the app faces clients itself.
TRUSTED_PROXIES = 0

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = False
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"
PERMANENT_SESSION_LIFETIME = 60 * 60 * 12

# Strict-Transport-Security, in seconds: 0 sends none (`make run` serves plain http). A deployment
# served over HTTPS sets it, for example to a year (31536000), with SESSION_COOKIE_SECURE = True.
HSTS_MAX_AGE = 0

WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
MAX_CONTENT_LENGTH = 2 * 1024 * 1024
# The import of the plan's workbook (docs/workbook.md): the largest file it reads (the upload
# to /import and /api/v1/import may be this large), the most rows a sheet may have, and the
# largest a zip (an .xlsx is one) may be unpacked.
IMPORT_MAX_BYTES = 10 * 1024 * 1024
IMPORT_MAX_ROWS = 50_000
IMPORT_MAX_UNCOMPRESSED = 100 * 1024 * 1024
# A JSON body (tracker/boundary.py): how deep it may nest, and how many digits a number may have.
JSON_MAX_DEPTH = 32
JSON_MAX_DIGITS = 20

# Werkzeug's password hash; the tests choose a faster one.
PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a method name, not a password

# Reports for a month are due by this day of the following month.
REPORT_DEADLINE_DAY = 10

# The password every demo person gets from `flask demo`.
DEMO_PASSWORD = "demo-sjovik"  # noqa: S105 - a published demo credential, not a secret

# The JSON API and its OpenAPI document (flask-smorest). No documentation UI: it would load
# scripts from elsewhere; the document itself is at /api/v1/openapi.json.
API_TITLE = "Koncernportföljen"
API_VERSION = "v1"
OPENAPI_VERSION = "3.0.3"
OPENAPI_URL_PREFIX = "/api/v1"
OPENAPI_JSON_PATH = "openapi.json"

# Reminders by email (flask --app tracker remind). Without MAIL_SERVER only --dry-run works.
BASE_URL = "http://127.0.0.1:5000"
MAIL_SERVER = None
MAIL_PORT = 25
MAIL_USE_TLS = False
MAIL_USERNAME = None
MAIL_PASSWORD = None
MAIL_FROM = "koncernportfoljen@localhost"

# Static files carry their modification time in the URL (tracker.assets), so browsers may keep
# them for a year; responses are compressed (Flask-Compress).
SEND_FILE_MAX_AGE_DEFAULT = 365 * 24 * 3600
COMPRESS_MIN_SIZE = 500
