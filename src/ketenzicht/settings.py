"""Settings, read from the environment so one build runs in demo, test and production.

Environment variables:
- DATABASE_URL: `sqlite:///path` (default: var/ketenzicht.sqlite3) or `postgres://...`
- KETENZICHT_DB_POOL_MAX: connections per process in a psycopg pool (PostgreSQL; default 0: no pool)
- KETENZICHT_REPLICA_URL: `postgres://...` of a streaming replica for figures and exports (default: none)
- KETENZICHT_REPLICA_MAX_LAG: seconds the replica may be behind before the primary takes over (default 30)
- KETENZICHT_SECRET_KEY: required when KETENZICHT_DEBUG is off
- KETENZICHT_DEBUG: "1" for development (default on only with the embedded database and no secret key)
- KETENZICHT_DEMO: "1" enables demo conveniences (printing TOTP codes); default follows DEBUG
- KETENZICHT_ALLOWED_HOSTS: comma-separated host names
- KETENZICHT_ENCRYPTION_KEYS: Fernet keys for data at rest, newest first (required when DEBUG is off)
- KETENZICHT_LINKAGE_KEY: secrets for the record-linkage encodings, newest first (required when DEBUG is off)
- KETENZICHT_PUBLIC_RATE: submissions per minute per address on public endpoints (default 10)
- KETENZICHT_TRUSTED_PROXIES: comma-separated addresses/networks of the reverse proxies whose
  X-Forwarded-For is believed for the client address (default: none)
- KETENZICHT_LOGIN_FAILURES_PER_ADDRESS: failed logins per minute per client address (default 10)
- KETENZICHT_LOG_FORMAT: "json" (one JSON object per line; the default when DEBUG is off) or "text"
- KETENZICHT_METRICS_TOKEN: bearer token for /metrics (without one, /metrics does not exist)
- KETENZICHT_OUTBOX_MAX_LAG: seconds the oldest e-mail may wait before /health/ready fails (default 900)
- KETENZICHT_JOB_MAX_LAG: seconds a due background job may wait before /health/ready fails (default 600)
- KETENZICHT_EMAIL_HOST, _PORT, _USER, _PASSWORD, _STARTTLS: the SMTP relay (default localhost:25, no login)
- KETENZICHT_FROM_EMAIL, KETENZICHT_BASE_URL: the sender of e-mails and the address links in them point to
- KETENZICHT_BEHIND_PROXY: "1" when a TLS-terminating proxy sets X-Forwarded-Proto
"""
import base64
import hashlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("KETENZICHT_VAR_DIR", PROJECT_DIR / "var"))


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'ketenzicht.sqlite3'}"
DATABASE_URL = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
# PostgreSQL connections are kept for a minute and checked before reuse: after a database restart
# no server thread fails a request on its dead connection. SQLite's are not kept (below).
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time. A transaction that began by reading cannot wait for the write
    # lock and fails at once with "database is locked"; IMMEDIATE takes the lock when the transaction
    # begins, where the busy timeout (20 s) applies. WAL lets readers go on beside the writer.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=20, init_command="PRAGMA journal_mode=WAL")
    DATABASES["default"]["CONN_MAX_AGE"] = 0
POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# Connection pooling for threaded servers (gunicorn --threads): Django's psycopg pool, at most this
# many connections per process; pooled connections replace kept ones. Off (0) by default.
DB_POOL_MAX = int(os.environ.get("KETENZICHT_DB_POOL_MAX", "0"))
if DB_POOL_MAX and POSTGRESQL:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": DB_POOL_MAX, "timeout": 10}
# A PostgreSQL streaming replica for figures, dashboards and exports (lib/replica.py); the primary
# takes over while it is down or more than REPLICA_MAX_LAG seconds behind.
REPLICA_URL = os.environ.get("KETENZICHT_REPLICA_URL", "").strip()
REPLICA_MAX_LAG = float(os.environ.get("KETENZICHT_REPLICA_MAX_LAG", "30"))
if REPLICA_URL:
    if not POSTGRESQL:
        raise RuntimeError("KETENZICHT_REPLICA_URL needs a PostgreSQL primary (DATABASE_URL).")
    DATABASES["replica"] = dj_database_url.parse(REPLICA_URL, conn_max_age=60, conn_health_checks=True)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}

# Development mode is the default only for the embedded demo: with no secret key and no database of
# its own. An installation with its own database that forgot its secret key stops (below) instead of
# running in development mode with the demo's conveniences.
DEBUG = env_flag("KETENZICHT_DEBUG", default=not ({"KETENZICHT_SECRET_KEY", "DATABASE_URL"} & set(os.environ)))
DEMO = env_flag("KETENZICHT_DEMO", default=DEBUG)
SECRET_KEY = os.environ.get("KETENZICHT_SECRET_KEY") or (
    "insecure-development-key-only-for-the-embedded-demo" if DEBUG else None
)
if not SECRET_KEY:
    raise RuntimeError("Set KETENZICHT_SECRET_KEY (or KETENZICHT_DEBUG=1 for development).")
# Keys for encryption at rest (see privacy/crypto.py): newest first, comma-separated Fernet keys.
ENCRYPTION_KEYS = os.environ.get("KETENZICHT_ENCRYPTION_KEYS", "").strip() or (
    base64.urlsafe_b64encode(hashlib.sha256(f"ketenzicht-dev:{SECRET_KEY}".encode()).digest()).decode() if DEBUG else ""
)
# Without keys in production the system check ketenzicht.E001 stops every command but key generation.
# Secrets for the record-linkage encodings (see linkage/keys.py), newest first; check ketenzicht.E002.
LINKAGE_KEYS = os.environ.get("KETENZICHT_LINKAGE_KEY", "").strip() or (
    hashlib.sha256(f"ketenzicht-linkage-dev:{SECRET_KEY}".encode()).hexdigest() if DEBUG else ""
)

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("KETENZICHT_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
if DEBUG:
    ALLOWED_HOSTS += ["testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes, each usable once
    "axes",
    "rest_framework",
    "drf_spectacular",
    "procrastinate.contrib.django",  # the job queue (ketenzicht.jobs); ready before the apps register their jobs
    "ketenzicht.regions",
    "ketenzicht.accounts",
    "ketenzicht.sso",
    "ketenzicht.jobs",
    "ketenzicht.privacy",
    "ketenzicht.route",
    "ketenzicht.intake",
    "ketenzicht.cases",
    "ketenzicht.care",
    "ketenzicht.permits",
    "ketenzicht.wijzer",
    "ketenzicht.linkage",
    "ketenzicht.approach",
    "ketenzicht.measures",
    "ketenzicht.inspections",
    "ketenzicht.prevention",
    "ketenzicht.survey",
    "ketenzicht.costs",
    "ketenzicht.plan",
    "ketenzicht.imports",
    "ketenzicht.notifications",
    "ketenzicht.webhooks",
    "ketenzicht.insights",
    "ketenzicht.setup",
    "ketenzicht.demo",
    "ketenzicht.ratelimit",
    "ketenzicht.ops",
]

MIDDLEWARE = [
    "ketenzicht.ops.middleware.RequestLogMiddleware",  # first: request id and timing cover all
    "django.middleware.security.SecurityMiddleware",
    "ketenzicht.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ketenzicht.accounts.idle.SessionLimitsMiddleware",  # after messages: it says why a session ended
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "ketenzicht.api.middleware.ApiVersionMiddleware",
]

ROOT_URLCONF = "ketenzicht.urls"
WSGI_APPLICATION = "ketenzicht.wsgi.application"
APPEND_SLASH = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "ketenzicht.accounts.context.navigation",
            ],
            "libraries": {"pages": "ketenzicht.pages"},
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Baseline Informatiebeveiliging Overheid: long passwords rather than composition rules.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "ketenzicht.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "ketenzicht.accounts.passwords.DutchCommonWordsValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "intake:inbox"

# Messages can carry a receipt code: keep them server-side, not in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_AGE = 60 * 60 * 8  # a working day at most, counted from login (accounts/idle.py)
KETENZICHT_EMERGENCY_HOURS = int(os.environ.get("KETENZICHT_EMERGENCY_HOURS", 8))  # break-the-glass grant
KETENZICHT_IDLE_TIMEOUT = int(os.environ.get("KETENZICHT_IDLE_TIMEOUT", 30 * 60))  # seconds without activity
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_flag("KETENZICHT_SSL_REDIRECT", default=not DEBUG)
# A load balancer probes over plain HTTP, behind the TLS it terminates itself.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = 0 if DEBUG else 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_flag("KETENZICHT_BEHIND_PROXY") else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Lock the account, whatever the address: the login view also rate-limits per address.
AXES_LOCKOUT_PARAMETERS = ["username"]
# models.W040: SQLite ignores an index's INCLUDE columns (the figures' covering index on PostgreSQL);
# the index itself still serves there.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Ketenzicht"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # no second-factor secret on any admin page

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# The product's own stylesheets and the vendored NL Design System: the package is not an installed
# app, so the finders need to be told (without this `make run` served every page unstyled).
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "uploads"  # never served directly: attachments go through the policy
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ketenzicht",
    }
}

EMAIL_BACKEND = os.environ.get(
    "KETENZICHT_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEMO else "django.core.mail.backends.smtp.EmailBackend",
)
# The mail server (the SMTP backend): an installation names its relay; mail leaves through the outbox.
EMAIL_HOST = os.environ.get("KETENZICHT_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("KETENZICHT_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("KETENZICHT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("KETENZICHT_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_flag("KETENZICHT_EMAIL_STARTTLS", default=False)
EMAIL_TIMEOUT = 10  # seconds: a mail server that hangs holds a worker no longer than this
DEFAULT_FROM_EMAIL = os.environ.get("KETENZICHT_FROM_EMAIL", "ketenzicht@localhost")
KETENZICHT_BASE_URL = os.environ.get("KETENZICHT_BASE_URL", "http://127.0.0.1:8000")
KETENZICHT_DEFAULT_REGION = os.environ.get("KETENZICHT_DEFAULT_REGION", "ijsselland")
KETENZICHT_PUBLIC_RATE = int(os.environ.get("KETENZICHT_PUBLIC_RATE", "10"))
# E-mails wait in the outbox (notifications/delivery.py) and each process sends them after its commit;
# switch it off where `ketenzicht deliver_outbox --every 30` (or the job queue) delivers instead.
KETENZICHT_DELIVER_IN_PROCESS = env_flag("KETENZICHT_DELIVER_IN_PROCESS", default=True)
# Webhooks (ketenzicht.webhooks) go to public https addresses only; tests and a developer's machine may
# allow http to 127.0.0.1 (loopback) with this. Never in production.
KETENZICHT_WEBHOOK_ALLOW_LOOPBACK = env_flag("KETENZICHT_WEBHOOK_ALLOW_LOOPBACK", default=False)
# The job queue (procrastinate, ketenzicht.jobs) lives in PostgreSQL; on SQLite its migrations do nothing.
DATABASE_ROUTERS = ["ketenzicht.jobs.routers.QueueOnPostgresOnly", "ketenzicht.lib.replica.Router"]
# Reverse proxies (addresses or networks) whose X-Forwarded-For names the client; none by default.
KETENZICHT_TRUSTED_PROXIES = os.environ.get("KETENZICHT_TRUSTED_PROXIES", "")
# Failed logins one client address may make per minute, over all accounts (each account is also
# locked after AXES_FAILURE_LIMIT failures, from whatever address).
KETENZICHT_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("KETENZICHT_LOGIN_FAILURES_PER_ADDRESS", "10"))
KETENZICHT_API_TOKEN_DAYS = int(os.environ.get("KETENZICHT_API_TOKEN_DAYS", "90"))
# Operations (ketenzicht.ops, docs/operations.md): /metrics's bearer token, the outbox lag at which
# /health/ready fails, and where pg_dump/pg_restore are when not on PATH.
KETENZICHT_METRICS_TOKEN = os.environ.get("KETENZICHT_METRICS_TOKEN", "")
KETENZICHT_OUTBOX_MAX_LAG = int(os.environ.get("KETENZICHT_OUTBOX_MAX_LAG", "900"))
KETENZICHT_JOB_MAX_LAG = int(os.environ.get("KETENZICHT_JOB_MAX_LAG", "600"))
KETENZICHT_PG_BIN = os.environ.get("KETENZICHT_PG_BIN", "")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ketenzicht.accounts.authentication.ApiTokenAuthentication",
        "ketenzicht.accounts.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["ketenzicht.api.parsers.StrictJSONParser"],  # the API takes JSON only
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "ketenzicht.lib.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Ketenzicht API",
    "DESCRIPTION": "Signals, cases and figures of the regional chain approach to human trafficking.",
    "VERSION": "1.0.0",
    "CONTACT": {"name": "Ketenzicht", "email": "ketenzicht@example.org", "url": "https://example.org/ketenzicht"},
    "LICENSE": {"name": "EUPL-1.2"},
    "SERVERS": [{"url": "https://ketenzicht.example.org/api/v1"}],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    # two choice sets share the field name "kind": name them
    "ENUM_NAME_OVERRIDES": {"SignalKindEnum": "ketenzicht.intake.models.Kind",
                            "PlaceKindEnum": "ketenzicht.care.models.PlaceKind",
                            "MeasureKindEnum": "ketenzicht.measures.models.Kind",
                            "PermitKindEnum": "ketenzicht.permits.models.Kind",
                            # the names these had before the linkage's own gender and status came in
                            "GenderEnum": "ketenzicht.intake.models.Gender",
                            "StatusEnum": "ketenzicht.plan.models.Status",
                            "LinkageGenderEnum": "ketenzicht.linkage.models.Gender",  # linkage API
                            "MatchStatusEnum": "ketenzicht.linkage.models.SuggestionStatus"},  # linkage API
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ketenzicht.api.schema.add_adr_conventions",
    ],
}

# Logs (ops/logs.py): one JSON object per line, with the request id, in production; plain text in development.
LOG_FORMAT = os.environ.get("KETENZICHT_LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise RuntimeError("KETENZICHT_LOG_FORMAT is json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ketenzicht.ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "ketenzicht.ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Request URLs can carry receipt codes: Django's request logger for errors only; the request line of
        # ketenzicht.ops names the route instead of the path.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "ketenzicht": {"level": os.environ.get("KETENZICHT_LOG_LEVEL", "INFO")},
    },
}
