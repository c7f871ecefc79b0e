"""Settings, read from the environment (see .env.example). SQLite when DATABASE_URL is unset."""

import datetime
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from xiushan_jobs.lib.env import (
    check_secret_key,
    env_bool,
    env_date,
    env_int,
    env_list,
    env_str,
    running_tests,
)
from xiushan_jobs.lib.xlsx import InertXLSX

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
# pytest runs with DEBUG off, as in production, but with a throwaway SECRET_KEY.
RUNNING_TESTS = running_tests()

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example)")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
elif not DEBUG and not RUNNING_TESTS:
    # Sessions, password-reset tokens and signed values all rest on it (see env.py).
    check_secret_key(SECRET_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# --- HTTPS, cookies and proxies (see docs/deployment.md) --------------------------------
# HTTPS: the site is served over TLS (directly or by a proxy). Default: on unless DEBUG.
HTTPS = env_bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=HTTPS)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Number of trusted reverse proxies in front of the app (0: none). With 1 or more, the
# proxy's X-Forwarded-Proto says whether the request came over HTTPS, and the client
# address is taken from X-Forwarded-For (xiushan_jobs/lib/net.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", default=False)

INSTALLED_APPS = [
    "xiushan_jobs.admin_site.CountyAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_filters",
    "import_export",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    # project apps: lower layers first (dependencies point up this list)
    "accounts",
    "audit",
    "laborers",
    "workshops",
    "transfer",
    "training",
    "rectification",
    "cases",
    "survey_sync",
    "dashboard",
    "bulletins",
    "vacancies",
    "ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # last, as django-axes requires
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy on every response that does not set its own (downloads of
# uploaded files send a stricter sandbox). Scripts only from this site's static files:
# no inline <script> or on…= handlers (static/js/app.js reads data attributes instead; a
# test keeps templates free of them). Style attributes stay allowed (progress bars take
# their width from the data); <style> blocks and other sites' styles do not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "xiushan_jobs.urls"
WSGI_APPLICATION = "xiushan_jobs.wsgi.application"

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
                "xiushan_jobs.context_processors.site",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the import worker write while pages keep reading; IMMEDIATE transactions
    # turn "database is locked" surprises mid-transaction into a wait at BEGIN.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # first, as django-axes requires: refuses logins while an address/user is locked out
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.RoleBackend",
]
# Login throttling: after LOGIN_FAILURE_LIMIT failures for one user name from one address,
# that pair is locked out for LOGIN_COOLOFF_MINUTES. Locking the pair (not the user name
# alone) stops guessing without letting anyone lock an officer out from everywhere.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "xiushan_jobs.lib.net.client_ip"
AXES_VERBOSE = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator"},  # its message in Chinese
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Chinese only, whatever the browser asks for (so no LocaleMiddleware).
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names and compressed copies, served by WhiteNoise with far-future caching;
    # needs `collectstatic` (make serve runs it). The development server serves plain files.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "var" / "media")

# A file cache shared by the web processes (gunicorn workers): the dashboards' counts,
# remembered until a record changes (dashboard/cache.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("CACHE_DIR") or str(BASE_DIR / "var" / "cache"),
    }
}
# Upper bound on how long a dashboard count is reused (0: count on every request).
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 300, minimum=0)

# The business date (see xiushan_jobs/lib/clock.py); unset: today in Asia/Shanghai.
XJ_TODAY = env_date("XJ_TODAY")
# The county this deployment serves: on bulletins, the municipal sync file and page titles.
XJ_COUNTY_NAME = env_str("XJ_COUNTY_NAME") or "秀山县"
XJ_COUNTY_SHORT_NAME = env_str("XJ_COUNTY_SHORT_NAME") or "秀山"
# Its six-digit division code: the first digits of every village code and household number.
XJ_COUNTY_CODE = env_str("XJ_COUNTY_CODE") or "500241"
if not (len(XJ_COUNTY_CODE) == 6 and XJ_COUNTY_CODE.isascii() and XJ_COUNTY_CODE.isdigit()):
    raise ImproperlyConfigured(f"XJ_COUNTY_CODE must be six digits, not {XJ_COUNTY_CODE!r}")

# Spreadsheet imports (laborers/imports): limits, and whether uploads are processed in the
# request (tests, the command line) instead of by a background task.
XJ_IMPORT_MAX_BYTES = env_int("XJ_IMPORT_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
XJ_IMPORT_MAX_ROWS = env_int("XJ_IMPORT_MAX_ROWS", 100_000, minimum=1)
XJ_IMPORT_MAX_UNZIPPED_BYTES = env_int(
    "XJ_IMPORT_MAX_UNZIPPED_BYTES", 200 * 1024 * 1024, minimum=1024
)
XJ_IMPORT_INLINE = env_bool("XJ_IMPORT_INLINE", default=False)

# Background work runs on Django's task framework (the django-tasks backport): tasks are
# rows in this database, run by `manage.py db_worker` processes on one or more machines
# (docs/deployment.md); periodic work is enqueued by `manage.py enqueue_periodic`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Rectification evidence uploads (rectification/evidence.py): per-file size limit in MB.
RECTIFICATION_EVIDENCE_MAX_MB = env_int("RECTIFICATION_EVIDENCE_MAX_MB", 20, minimum=1)

IMPORT_EXPORT_USE_TRANSACTIONS = True
# The admin exports xlsx only, written as inert text (docs/exports-and-text.md).
EXPORT_FORMATS = [InertXLSX]
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "xiushan_jobs.lib.logging.RedactPersonalData"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]},
        # Django's own handler for the development server's request lines, which carry
        # query strings (?q=<ID number>): the same redaction as every other log line.
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # django-axes narrates every login at INFO; failures and lockouts are WARNING.
        "axes": {"level": "WARNING"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
