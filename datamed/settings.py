"""DataMed settings.

Every setting that differs between a laptop and a production host is read from the
environment (see README, "Configuración"). The defaults are safe for local use: DEBUG on,
SQLite in ./data, loopback hosts only.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY es obligatorio cuando DEBUG está desactivado.")
    SECRET_KEY = "django-insecure-solo-para-desarrollo-local-no-usar-en-produccion"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_migration_linter",
    "import_export",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "users",
    "patients",
    "exams",
    "dashboard",
    "operations",
    "therapy",
    "documents",
    "summaries",
    "reports",
    "rips",
    "legacy",
    "careplan",
    "api",
    "benchmarks",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "datamed.sessions.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A view that meets a database still locked by other writers answers 503, not 500.
    "datamed.database_busy.DatabaseBusyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After the login wall: a signed-in member of DATAMED_MFA_REQUIRED_GROUPS without a second
    # factor is sent to enrol (reads a flag the sign-in left in the session: no query).
    "users.middleware.MfaEnrolmentMiddleware",
    # Last, as django-axes requires: it turns a flagged login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "datamed.urls"

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
            ],
            "libraries": {"page": "users.templatetags.page"},
        },
    },
]

WSGI_APPLICATION = "datamed.wsgi.application"

DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "data"))
if "DATABASE_URL" not in os.environ:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'datamed.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "PG_PREPARED_STATEMENTS", True
):
    # Parameters bound by the server, and a statement prepared from its fifth use on a
    # connection: PostgreSQL then stops parsing and planning a page's repeated queries (its CPU
    # per dashboard at 100,000 patients: 11 → 7 ms). Off behind a connection pooler that
    # cannot keep prepared statements (PG_PREPARED_STATEMENTS=false).
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        # Several gunicorn workers write one file. A transaction takes the write lock when it
        # begins, so a second writer waits for it (up to the busy timeout) instead of failing at
        # once with "database is locked": SQLite's default DEFERRED transaction reads first and
        # cannot then upgrade its lock while another writer holds it, and the busy timeout does
        # not apply to that case (docs/benchmarks.md, "Escrituras concurrentes").
        transaction_mode="IMMEDIATE",
        # Seconds a write waits for another to commit before giving up (a transaction lasts
        # milliseconds); the page then says nothing was saved (datamed.database_busy).
        timeout=env_float("SQLITE_BUSY_TIMEOUT", 10),
        # The write-ahead log: readers never wait for a writer nor a writer for readers, and a
        # commit appends to the log instead of rewriting pages; with synchronous=NORMAL it is
        # synced to disk at checkpoints, not at every commit (a power cut may lose the last
        # commits, never corrupt the file). WAL is a property of the file: the first connection
        # switches it. A larger page cache and memory-mapped reads: SQLite's defaults (2 MB, no
        # mmap) make every index walk over 100,000 cycles read pages through system calls.
        init_command=(
            "PRAGMA journal_mode = WAL; "
            "PRAGMA synchronous = NORMAL; "
            f"PRAGMA cache_size = -{env_int('SQLITE_CACHE_MB', 64) * 1024}; "
            f"PRAGMA mmap_size = {env_int('SQLITE_MMAP_MB', 256) * 1024 * 1024}"
        ),
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes checks every authenticate() call first; ModelBackend then does the real work.
# A side effect: authenticate() must receive the request (client.force_login is unaffected).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Self-service password reset by e-mail (README, "Cuentas"): the console backend prints the
# message in the server's output, which is what the demo needs; production sets SMTP.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "DataMed <no-responder@localhost>")
# A reset link works once (it is bound to the password it replaces) and for this long.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_MINUTES", 60) * 60

# Two-factor sign-in (django-otp, TOTP of RFC 6238 plus single-use recovery codes). Members of
# these groups must enrol at their next sign-in; an empty list forces nobody.
DATAMED_MFA_REQUIRED_GROUPS = env_list("DATAMED_MFA_REQUIRED_GROUPS", "Administrador,Coordinador")
# Minutes a user has to type the code after the password before signing in again.
DATAMED_MFA_PENDING_MINUTES = 5
OTP_TOTP_ISSUER = "DataMed"

LOGIN_URL = "users:login"
LOGIN_REDIRECT_URL = "dashboard:index"
LOGOUT_REDIRECT_URL = "users:login"

LANGUAGE_CODE = "es-co"
LANGUAGES = [("es-co", "Español (Colombia)")]
TIME_ZONE = "America/Bogota"
USE_I18N = True
# Wins over every app's translations: see locale/es/LC_MESSAGES/django.po.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
# build/static: Bootstrap's CSS trimmed to the classes used and the icons used, made by
# scripts/build_static.mjs (run by scripts/setup.sh) and served as static/build/….
STATICFILES_DIRS = [
    BASE_DIR / "static",
    BASE_DIR / "build" / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security -------------------------------------------------------------------------------

# Login throttling (django-axes). Failures are counted per username *and* client IP, so one
# shared IP (a clinic's NAT) does not lock out everyone behind it. The client IP is
# REMOTE_ADDR (axes' default, django-ipware is not installed): behind a reverse proxy that is
# the proxy's address, and the lock then works per username alone.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(hours=env_float("AXES_COOLOFF_TIME", 0.5))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"

# Sessions end after SESSION_IDLE_MINUTES without a request or when the browser closes,
# whichever comes first. The expiry slides forward at most once every SESSION_REFRESH_SECONDS
# (datamed.sessions.SessionRefreshMiddleware) rather than with a session write per request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_REFRESH_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie: every form carries {% csrf_token %}.
CSRF_COOKIE_HTTPONLY = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# HTTPS only in production. TLS ends at the reverse proxy / load balancer, which must set
# X-Forwarded-Proto (and overwrite any value sent by the client).
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Platform health checks often probe over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Content-Security-Policy (django-csp 4): every asset is served by the application itself
# (SPEC §3: no CDN), so nothing outside 'self' is allowed and no inline script may run.
# img-src allows data: for the SVG icons embedded in Bootstrap's CSS and in build/icons.css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- API (Django REST framework, SPEC §9) ---------------------------------------------------

# Token first: an unauthenticated request then answers 401 with ``WWW-Authenticate: Token``.
# Session requests (the docs page, a signed-in browser) keep DRF's CSRF check on writes.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.DataMedPermission"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonThrottle", "api.throttling.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "30/min"),
        "user": os.environ.get("API_THROTTLE_USER", "600/min"),
    },
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 50)
API_MAX_PAGE_SIZE = 200

SPECTACULAR_SETTINGS = {
    "TITLE": "API de DataMed",
    "DESCRIPTION": (
        "API REST del programa de medicina del sueño: pacientes, ciclos de 18 meses, registros "
        "clínicos, bitácora de atenciones y tablero. Aplica las mismas reglas y permisos que las "
        "páginas. Autenticación: encabezado `Authorization: Bearer <clave>` o `Authorization: "
        "Token <clave>` (un administrador crea la clave de cada usuario en el admin) o la sesión "
        "del navegador."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The contract describes no patient data: it is readable without signing in.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.drop_component_descriptions",
    ],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No call to the public validator service (the page must work offline, under the CSP).
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True},
    "ENUM_NAME_OVERRIDES": {
        "ModoVentilatorioEnum": "exams.choices.ModoVentilatorio",
        "TipoMascaraEnum": "exams.choices.TipoMascara",
        "TallaMascaraEnum": "exams.choices.TallaMascara",
        "EstadoIngresoEnum": "patients.choices.EstadoIngreso",
        "MotivoCierreEnum": "patients.choices.MotivoCierre",
        "EntidadSaludEnum": "patients.choices.EntidadSalud",
    },
}

# --- Operations: backups and migration safety ----------------------------------------------

# Where `manage.py backup` writes its archives (and `--keep N` prunes). Keep it on a disk or
# volume that survives the application host.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", DATA_DIR / "backups"))

# django-migration-linter (`manage.py lintmigrations`, and datamed/tests/test_migration_lint.py,
# which lints every app of this repository with these options). Warnings fail like errors, so
# every exception is written here, with its reason, and in docs/migrations.md:
# - exams 0003_monitoreo_latest_valid_index: a plain CREATE INDEX (it blocks writes to
#   exams_monitoreo while it builds; reads go on). Accepted: the table holds a few rows per
#   patient and cycle, so the build is short at a clinic's size. An index on a table that is
#   large in production uses AddIndexConcurrently in a non-atomic migration instead.
# - exams 0004_monitoreo_device_window: NOT NULL column `fuente` added with a default that
#   Django then drops (PostgreSQL ≥ 11 adds it without rewriting the table). Risk: code of the
#   previous release that inserts a Monitoreo between `migrate` and the restart fails. Accepted
#   because the release phase migrates before the new code serves and monitorings are entered
#   by hand; the safer form for a next time is `db_default=` on the field.
# - patients 0003_cycle_summaries_and_indexes: adds the cycle's copied EPS and program as NOT
#   NULL columns with a default Django then drops (same risk and reason as above: only the
#   services write cycles, after `migrate`), and builds indexes on patients_ingreso and
#   patients_patient with a plain CREATE INDEX (the SQLite table rebuild reads as a unique
#   constraint to the linter). Accepted: one row per cycle, built in seconds at 100,000 patients.
MIGRATION_LINTER_OPTIONS = {
    "exclude_apps": ["admin", "auth", "contenttypes", "sessions", "simple_history", "axes", "import_export"],
    "ignore_name": [
        "0003_monitoreo_latest_valid_index",
        "0004_monitoreo_device_window",
        "0003_cycle_summaries_and_indexes",
        # Copies of the patient's names on the cycle: NOT NULL columns with a database default
        # (old code keeps inserting cycles), and an index that SQLite builds by rebuilding the
        # table (read by the linter as a unique constraint). See docs/migrations.md.
        "0006_cycle_patient_name_copy",
        # Copies of the device verdict and last night on the cycle: same forms and reasons as
        # 0006 (a NOT NULL column with a database default; SQLite's table rebuild). See
        # docs/migrations.md.
        "0007_cycle_device_verdict_copy",
        # The database's counts: drops the index only the adherence figure read (DROP INDEX
        # takes the table's lock for the moment of the drop, as in 0007). See docs/migrations.md.
        "0008_cycle_counts",
        # The kind of each clinical access: a NOT NULL column with a database default (rows
        # of earlier code get HISTORIA, which is what they were); SQLite adds it by rebuilding
        # the table. See docs/migrations.md.
        "0003_clinical_access_tipo",
        # The cycle's latest usage and its count key renamed for what they hold (old code that
        # reads the old names fails until the restart), the rule's share of nights added as a
        # NOT NULL column with a database default, the usage count's key widened (SQLite's
        # table rebuild). See docs/migrations.md.
        "0011_cycle_usage_named_for_the_rule",
        # A monitoring's basal IAH made nullable, and the device window's order as a CHECK: on
        # PostgreSQL neither rewrites the table (DROP NOT NULL; ADD CONSTRAINT ... CHECK) and the
        # linter passes them; SQLite rebuilds the table, which it reads as NOT NULL columns. See
        # docs/migrations.md.
        "0006_monitoreo_basal_empty_without_study",
        "0007_monitoreo_window_in_order",
    ],
    "all_warnings_as_errors": True,
    "no_cache": True,
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Clinical thresholds, tunable per contract.
DATAMED_NO_ATTENTION_DAYS = env_int("DATAMED_NO_ATTENTION_DAYS", 15)
DATAMED_ADHERENCE_THRESHOLD_PCT = env_int("DATAMED_ADHERENCE_THRESHOLD_PCT", 70)
DATAMED_PAGE_SIZE = 10
# A search lists at most this many patients (the most recently registered ones) and says when
# more match: the page then stays as fast at 100,000 patients as at 1,000 (docs/benchmarks.md).
# The search's export always carries every match.
DATAMED_SEARCH_LIMIT = env_int("DATAMED_SEARCH_LIMIT", 100)
# Largest device file (STR.edf, SD-card .zip or CSV) accepted by the upload, in megabytes.
DATAMED_DEVICE_UPLOAD_MAX_MB = env_int("DATAMED_DEVICE_UPLOAD_MAX_MB", 20)
# Nights without device data after which an active cycle is listed on the dashboard.
DATAMED_DEVICE_SILENCE_NIGHTS = env_int("DATAMED_DEVICE_SILENCE_NIGHTS", 14)
# The provider's name in the header of generated documents (the clinical summary PDF) and as the
# FHIR export's organization. The default is a fictitious demo name.
DATAMED_IPS_NOMBRE = os.environ.get("DATAMED_IPS_NOMBRE", "IPS Sueño Sano (demostración)")
# Base of the URIs naming DataMed's identifiers and local codes in the FHIR export (document
# numbers per type, cycles, local observation codes). The default is a placeholder in the
# reserved example.com domain: set the IPS's own (or the national guide's) before exchanging.
DATAMED_FHIR_SYSTEM_BASE = os.environ.get("DATAMED_FHIR_SYSTEM_BASE", "https://datamed.example.com/fhir")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
