"""
Rolwijzer's only settings file. Everything that differs between a laptop and
a production server comes from the environment; the defaults are safe for
development (DEBUG on, embedded SQLite, local-memory cache).

Production hardening switches on with DJANGO_DEBUG=0.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0.")
    # Development only: a fixed key so sessions survive a restart of runserver.
    SECRET_KEY = "django-insecure-development-key-not-for-production-use-0123456789"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # django.contrib.admin, with the editors' site (index: what needs attention).
    "editorial.apps.RedactieAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "taggit",
    "reversion",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "csp",
    "axes",
    # The project's apps, each importing only those above it in this list.
    "editorial",
    "articles",
    "roles",
    "debates",
    "search",
    "loader",
    "portal",
    "rolwijzer",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above every middleware that may answer by itself (the NUL guard's 400),
    # so that no answer can be framed by another site.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # A NUL byte in the URL, a header or a cookie gets 400 before any view,
    # the session or the cache sees it.
    "rolwijzer.middleware.RejectNullCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Public pages from the cache; after the locale, auth and message
    # middleware, whose results it depends on.
    "editorial.cache.PublicPageCacheMiddleware",
    # Last, so it is the first to see a view's exception: a database outage
    # becomes a 503 page (handler500 in urls.py covers the rest).
    "rolwijzer.middleware.DatabaseUnavailableMiddleware",
    # Answers a locked-out login with the lockout page (AXES_* below).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rolwijzer.urls"
WSGI_APPLICATION = "rolwijzer.wsgi.application"

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
                "csp.context_processors.nonce",
            ],
        },
    },
]

# The embedded SQLite database is the default; production sets DATABASE_URL
# to PostgreSQL. CONN_HEALTH_CHECKS lets a worker recover by itself after the
# database server restarts.
# An empty DATABASE_URL means the default, as if it were not set.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE") or "60"),
        conn_health_checks=True,
    )
}
if os.environ.get("DJANGO_TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DJANGO_TEST_DATABASE_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: a login for an account or from an address that failed
# too often is refused before the password is even hashed.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface is Dutch by default with English available; the content of
# the knowledge base stays Dutch, as in the source articles.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic writes and whitenoise serves from; one per app server.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# The open-data JSON file, written once per content version (portal/downloads.py);
# each app server keeps its own.
DOWNLOADS_ROOT = Path(os.environ.get("DJANGO_DOWNLOADS_ROOT", BASE_DIR / "var" / "downloads"))
# After a committed change, rebuild in the background the downloads readers
# fetched before it (portal/downloads.py Rebuilder).
DOWNLOADS_REBUILD = env_bool("DJANGO_DOWNLOADS_REBUILD", True)
# The counts kept where the knowledge is written (editorial/counts.py) are
# recounted in a thread beside the writer after each committed change.
COUNTS_IN_BACKGROUND = env_bool("DJANGO_COUNTS_IN_BACKGROUND", True)
STATICFILES_DIRS = [BASE_DIR / "static"]
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

# Local memory by default; REDIS_URL switches to Redis (django-redis)
# backend so several app servers share one cache.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis keeps one client per process; Django's own Redis
            # backend builds a new one for every call, which costs more than
            # serving a cached page.
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "rolwijzer"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "rolwijzer",
        }
    }

TAGGIT_CASE_INSENSITIVE = True

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Rolwijzer API",
    "DESCRIPTION": (
        "Read-only open data: roles, competencies, team structures, companies and their sources."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Two models have a field named "kind" with different choices; name both enums.
    "ENUM_NAME_OVERRIDES": {
        "RelationKindEnum": "roles.models.RelationKind",
        "StatementKindEnum": "roles.models.StatementKind",
    },
}

# A strict Content-Security-Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The interface language is chosen on this site only; no script reads it.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

if not DEBUG:
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_HTTPONLY = True
    LANGUAGE_COOKIE_SECURE = True
    # A load balancer probes over plain HTTP on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    if not SECURE_HSTS_PRELOAD:
        # security.W021 (no HSTS preload) is silenced on purpose: preloading
        # is a commitment for the whole domain and all its subdomains that is
        # slow to undo, so the operator opts in with DJANGO_HSTS_PRELOAD=1
        # once the domain is ready for it.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Behind a TLS-terminating proxy, e.g. "HTTP_X_FORWARDED_PROTO,https".
_proxy_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "")
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = tuple(part.strip() for part in _proxy_header.split(",", 1))

# Password guessing: after AXES_FAILURE_LIMIT failed logins for one account,
# or from one address, logins for it are refused for AXES_COOLOFF_TIME (each
# further try starts it again). A superuser sees the lockouts in the admin
# ("Access attempts") and unlocks by deleting one.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT") or "5")
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_LOCKOUT_MINUTES") or "15"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# The address as the failed-login log names it (rolwijzer/security.py).
AXES_CLIENT_IP_CALLABLE = "rolwijzer.security.client_address"
AXES_LOCKOUT_CALLABLE = "rolwijzer.security.lockout_response"
# The failures are logged by rolwijzer.security; one row per attempt is not needed.
AXES_DISABLE_ACCESS_LOG = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        "rolwijzer.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
