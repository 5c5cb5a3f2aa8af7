"""Django settings, read from the environment through `shared_model.web.settings`.

DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS and HTTPS mean the same as in the Flask app;
the defaults are safe: DEBUG off, and no start-up without a SECRET_KEY unless DEBUG is on.

Flask counterpart: flask_app/config.py
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from shared_model.web import security, static_assets, throttling
from shared_model.web.settings import (
    MISSING_SECRET_KEY,
    POSTGRES_CONNECT_TIMEOUT_SECONDS,
    SQLITE_BUSY_TIMEOUT_SECONDS,
    database_url,
    env_flag,
    env_list,
    proxy_count,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_flag("DEBUG")

SECRET_KEY = secret_key(debug=DEBUG)
if not SECRET_KEY:
    raise ImproperlyConfigured(MISSING_SECRET_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_app.predictions",
    # Login throttling: failed logins per username and client address, in the database.
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, which answers static files itself: the stylesheet gets these headers too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_app.predictions.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below the header middleware, so its JSON errors get the headers; above the rest, so an
    # error in any of them (or in a view) answers JSON under /api/.
    "django_app.predictions.errors.ApiErrorMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_app.predictions.errors.MethodNotAllowedPageMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "django_app.config.urls"
WSGI_APPLICATION = "django_app.config.wsgi.application"

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
                "django_app.predictions.context_processors.predictor",
                "django_app.predictions.context_processors.pages",
            ],
        },
    },
]


def django_url(url: str) -> str:
    """The dj-database-url spelling: it knows `postgresql://`, not SQLAlchemy's driver suffix."""
    if url.startswith("postgresql+psycopg://"):
        return "postgresql://" + url[len("postgresql+psycopg://") :]
    return url


# Database: one URL, the same spelling the Flask app reads. A connection is kept between
# requests (CONN_MAX_AGE), without a health check before each one: on PostgreSQL that check is
# a `SELECT 1`, a round trip per request. Django still checks a connection that raised a
# database error and closes it if broken, at the end of the request that met the error
# (a 503, outages.py), so the next request connects anew.
DATABASES = {
    "default": dj_database_url.parse(
        django_url(database_url("django")), conn_max_age=600, conn_health_checks=False
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and a writer work at once; IMMEDIATE takes the write lock when a
    # transaction starts, so concurrent writers wait (up to the timeout) instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
        "transaction_mode": "IMMEDIATE",
    }
else:
    # An unreachable server fails a request quickly (503), instead of holding a worker.
    DATABASES["default"]["OPTIONS"] = {"connect_timeout": POSTGRES_CONNECT_TIMEOUT_SECONDS}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Authentication
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out username and address are refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "predict"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes), with the contract's numbers from shared_model.web.throttling.
AXES_FAILURE_LIMIT = throttling.FAILURE_LIMIT
AXES_COOLOFF_TIME = throttling.LOCKOUT
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "django_app.predictions.auth.lockout_response"
# The client's address behind PROXY_COUNT proxies (shared_model.web.settings.client_address).
PROXY_COUNT = proxy_count()
AXES_CLIENT_IP_CALLABLE = "django_app.predictions.auth.client_address"
# No log of successful logins (the Flask app keeps none either), and the admin view of
# the failures is registered on the data admin (admin.py), not on Django's default site.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False

# Internationalisation: every time is stored and shown in UTC.
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files. With DEBUG off, `collectstatic` copies them to STATIC_ROOT under names that
# hold a hash of their content, compressed (gzip, and brotli as the package is installed),
# with a manifest that `{% static %}` reads; WhiteNoise serves that folder, a hashed name
# with a year of caching. With DEBUG on, `{% static %}` names the source files and WhiteNoise
# finds them where they are.
STATIC_URL = "/static/"
STATICFILES_DIRS = [static_assets.SOURCE_DIR]
STATIC_ROOT = static_assets.COLLECTED_DIR / "django"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_ADD_HEADERS_FUNCTION = static_assets.add_cache_headers

# Security headers, on every response: pages, API, admin, static files and errors.
X_FRAME_OPTIONS = security.FRAME_OPTIONS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = security.REFERRER_POLICY
SECURE_CROSS_ORIGIN_OPENER_POLICY = security.CROSS_ORIGIN_OPENER_POLICY
# The Content-Security-Policy: predictions/security.py, from shared_model.web.security.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "django_app.predictions.errors.csrf_failure"

if env_flag("HTTPS"):
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = security.HSTS_SECONDS
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

SILENCED_SYSTEM_CHECKS = [
    # SECURE_SSL_REDIRECT stays off: the TLS proxy in front redirects to https, and the app
    # must answer plain HTTP from that proxy (and from the health check) without a redirect.
    "security.W008",
    # HSTS preloading commits the whole domain to browsers' built-in lists: a decision for
    # whoever owns the domain, not a default of the app.
    "security.W021",
]

# Django's default logs errors only to the console with DEBUG on (else it mails ADMINS):
# send them, tracebacks included, to stderr, where gunicorn collects them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_outage": {"()": "django_app.predictions.outages.OneLineOutageLog"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # `django.request` logs every 4xx as a warning (a 403 with its traceback), but here a
        # 4xx is the app's answer to bad input or missing rights: only 5xx errors are logged.
        # A database outage is one line a request, without its traceback (outages.py).
        "django.request": {"level": "ERROR", "filters": ["one_line_outage"]},
    },
}
