"""Settings of Kulturschatz Merseburg, read from the environment with safe defaults.

Every mutable file lives under ``var/`` (database, secret key, search index, task
queue) or ``media/`` (image masters and derivatives); both are kept out of git.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KULTURSCHATZ_VAR_DIR", BASE_DIR / "var"))
MEDIA_ROOT = Path(os.environ.get("KULTURSCHATZ_MEDIA_ROOT", BASE_DIR / "media"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_flag(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


def read_or_create_secret_key(path: Path) -> str:
    """A secret key generated once per installation and kept under var/."""
    if not path.exists():
        # O_EXCL: two processes starting at once must not write different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or read_or_create_secret_key(
    VAR_DIR / "secret_key"
)
DEBUG = env_flag("DJANGO_DEBUG")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "nested_admin",
    # django.contrib.admin with our admin site (password, then a TOTP code).
    "kulturschatz.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
    "huey.contrib.djhuey",
    "reversion",  # versions of catalogue objects (kulturschatz.collections.history)
    "kulturschatz.apps.LoginSecurityConfig",  # django-axes
    "django_otp",
    "kulturschatz.apps.TwoFactorConfig",  # django_otp.plugins.otp_totp
    "kulturschatz.collections",
    "kulturschatz.iiif",
    "kulturschatz.search",
    "kulturschatz.metadata",
    "kulturschatz.contributions",
    # Django REST framework is used but not installed as an app: the API renders
    # JSON only (no templates, no static files), and its German catalogue would
    # override Django's own wording of five form errors in the admin ("Upload a
    # valid image …"). drf-spectacular brings no catalogue.
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "kulturschatz.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kulturschatz.collections.accounts.SessionLimitsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kulturschatz.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kulturschatz" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "kulturschatz.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kulturschatz.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers share the file: WAL lets readers run beside the
    # writer, IMMEDIATE transactions take the write lock up front instead of failing
    # with "database is locked" when a read transaction later wants to write.
    # Connections are kept like PostgreSQL's (DJANGO_CONN_MAX_AGE): outside a
    # transaction an idle SQLite connection holds no lock, and reconnecting cost
    # every request 0.8 ms CPU and a cold page cache (bench/load.py: with
    # CONN_MAX_AGE 0, 217-301 requests/s and p99 444-524 ms; kept, 394-516 and
    # 253-310 ms).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "kulturschatz" / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("KULTURSCHATZ_STATIC_ROOT", BASE_DIR / "staticfiles"))
# Masters are private: nothing in urls.py serves MEDIA_URL. Images reach the public
# only through the IIIF views, which check that the object is published.
MEDIA_URL = "/media/"

# Viewers from the npm registry (package.json, `npm ci` in the Makefile), served
# as our own static files: nothing is loaded from a CDN.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    (prefix, path)
    for prefix, path in [
        ("vendor/mirador", NODE_MODULES / "mirador" / "dist"),
        ("vendor/openseadragon", NODE_MODULES / "openseadragon" / "build" / "openseadragon"),
    ]
    if path.is_dir()
]

STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    },
    "iiif_derivatives": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT / "derivatives"},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kulturschatz",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "kulturschatz",
        }
    }

# Rate limits (django-ratelimit) must be shared by all workers: Redis when
# configured, otherwise files under var/ (one server).
CACHES["ratelimit"] = (
    {**CACHES["default"], "KEY_PREFIX": "kulturschatz-ratelimit"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "ratelimit"),
    }
)
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_IP_META_KEY = "kulturschatz.collections.accounts.client_ip_address"

# Mail (contributors hear when their contribution is published): SMTP when
# DJANGO_EMAIL_HOST is set, otherwise each message is written to var/mail/.
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Kulturschatz Merseburg <archiv@example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("DJANGO_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["DJANGO_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_flag("DJANGO_EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")

# The archive's public address, for what is built without a request (manifests
# pre-built by the task queue; later OAI-PMH and exports).
KULTURSCHATZ_PUBLIC_URL = os.environ.get(
    "KULTURSCHATZ_PUBLIC_URL", "http://127.0.0.1:8000"
).rstrip("/")

LOGIN_URL = "admin:login"
# Where the admin lives: any path, e.g. "verwaltung" (nothing else names it).
ADMIN_PATH = os.environ.get("KULTURSCHATZ_ADMIN_PATH", "admin").strip("/")

# Staff accounts (README, "Running on a municipal server"). Django's validators
# bring their German messages with them.
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out login before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock-out after repeated failures. Counted per user name *and* address: one
# address typing wrong passwords for every staff name locks only itself out of
# those names, and a colleague elsewhere (or behind the same town-hall NAT with
# her own name) can still log in. By user name alone, anybody could lock all
# staff out; by address alone, one office would lock out its whole building.
# Spreading guesses over many names is slowed by nginx's rate limit on the
# login (deploy/nginx), and 12-character passwords make guessing hopeless anyway.
AXES_FAILURE_LIMIT = int(os.environ.get("KULTURSCHATZ_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("KULTURSCHATZ_LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "kulturschatz.collections.accounts.lockout_response"
AXES_CLIENT_IP_CALLABLE = "kulturschatz.collections.accounts.client_ip_address"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
# The header naming the client behind a trusted reverse proxy (set below).
KULTURSCHATZ_CLIENT_IP_HEADER = None
# Two-factor login (TOTP, django-otp): whoever set up an app always gives a code;
# with this on, superusers and the group Administration must.
KULTURSCHATZ_REQUIRE_TOTP_FOR_ADMINISTRATION = env_flag(
    "KULTURSCHATZ_REQUIRE_TOTP_FOR_ADMINISTRATION"
)
OTP_TOTP_ISSUER = "Kulturschatz Merseburg"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # administrators never see others' keys

# Security headers that cost nothing behind plain HTTP; the HTTPS-only ones are
# switched on with DJANGO_HTTPS=1 (README, "Running on a municipal server").
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A staff session ends after a working day in all (SESSION_COOKIE_AGE), after
# KULTURSCHATZ_SESSION_IDLE_TIMEOUT seconds without a request (0: never), and,
# unless switched off, when the browser closes (accounts.SessionLimitsMiddleware).
SESSION_COOKIE_AGE = int(os.environ.get("KULTURSCHATZ_SESSION_AGE", str(8 * 3600)))
KULTURSCHATZ_SESSION_IDLE_TIMEOUT = int(
    os.environ.get("KULTURSCHATZ_SESSION_IDLE_TIMEOUT", str(2 * 3600))
)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_flag(
    "KULTURSCHATZ_SESSION_EXPIRE_AT_BROWSER_CLOSE", True
)
CSRF_COOKIE_HTTPONLY = True
if env_flag("DJANGO_HTTPS"):
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host-: browsers accept these cookies only over HTTPS, for this host alone.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    # The "preload" token alone changes nothing: only a request at
    # hstspreload.org, which accepts registrable domains only, puts a domain
    # into the browsers' lists (README).
    SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", True)
if env_flag("DJANGO_TRUST_X_FORWARDED"):
    # Only behind a proxy that sets these headers itself (deploy/nginx), with
    # gunicorn reachable from nowhere else: clients could forge them otherwise.
    USE_X_FORWARDED_HOST = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    KULTURSCHATZ_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"

# Content-Security-Policy: everything from our own origin only (DSGVO: no
# third-party host is ever contacted). Inline styles are allowed because
# Mirador's UI toolkit injects style elements; scripts never run inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "kulturschatz": {"level": os.environ.get("KULTURSCHATZ_LOG_LEVEL", "INFO")},
    },
}

# Editorial workflow (README, "Workflow, history and trash"). Four-eyes: whoever
# last changed an object's data, or submitted it for review, may not publish it
# (superusers excepted). Deleted objects stay restorable this many days.
KULTURSCHATZ_FOUR_EYES = env_flag("KULTURSCHATZ_FOUR_EYES", True)
KULTURSCHATZ_TRASH_DAYS = int(os.environ.get("KULTURSCHATZ_TRASH_DAYS", "30"))

# Size at which loaddemo renders its demonstration images (1.0: realistic scans).
KULTURSCHATZ_DEMO_IMAGE_SCALE = float(os.environ.get("KULTURSCHATZ_DEMO_IMAGE_SCALE", "1"))
# Pillow refuses images above this many pixels (decompression bombs); the demo
# archive's largest rendering has 78 million.
KULTURSCHATZ_MAX_IMAGE_PIXELS = int(
    os.environ.get("KULTURSCHATZ_MAX_IMAGE_PIXELS", str(250_000_000))
)
# Uploaded image files (admin, bulk upload, LIDO ingest) larger than this are
# refused before they are read (kulturschatz.iiif.uploads). 1 GiB holds an
# uncompressed 8-bit TIFF at the pixel limit.
KULTURSCHATZ_MAX_UPLOAD_BYTES = int(
    os.environ.get("KULTURSCHATZ_MAX_UPLOAD_BYTES", str(1024 * 1024 * 1024))
)
# The admin's bulk image upload works within the request: at most this many
# image files (several files, or the members of a zip) and this many bytes
# (unpacked) per upload. Django refuses more files than that in one request.
KULTURSCHATZ_BULK_UPLOAD_MAX_FILES = int(
    os.environ.get("KULTURSCHATZ_BULK_UPLOAD_MAX_FILES", "500")
)
KULTURSCHATZ_BULK_UPLOAD_MAX_BYTES = int(
    os.environ.get("KULTURSCHATZ_BULK_UPLOAD_MAX_BYTES", str(4 * 1024 * 1024 * 1024))
)
DATA_UPLOAD_MAX_NUMBER_FILES = KULTURSCHATZ_BULK_UPLOAD_MAX_FILES
# Mitmachen (kulturschatz.contributions): citizens' treasures and hints.
# Personal data of contributions is kept this many days after submission (an
# accepted contribution keeps its public credit); purge_contributions runs nightly.
KULTURSCHATZ_CONTRIBUTION_RETENTION_DAYS = int(
    os.environ.get("KULTURSCHATZ_CONTRIBUTION_RETENTION_DAYS", "180")
)
KULTURSCHATZ_CONTRIBUTION_MAX_PHOTOS = int(
    os.environ.get("KULTURSCHATZ_CONTRIBUTION_MAX_PHOTOS", "10")
)
# Per photo; the staff limit (KULTURSCHATZ_MAX_UPLOAD_BYTES) applies as well.
KULTURSCHATZ_CONTRIBUTION_MAX_UPLOAD_BYTES = int(
    os.environ.get("KULTURSCHATZ_CONTRIBUTION_MAX_UPLOAD_BYTES", str(30 * 1024 * 1024))
)
# Rate limits per client address (django-ratelimit syntax: count/period).
KULTURSCHATZ_CONTRIBUTION_RATE = os.environ.get("KULTURSCHATZ_CONTRIBUTION_RATE", "5/h")
KULTURSCHATZ_HINT_RATE = os.environ.get("KULTURSCHATZ_HINT_RATE", "20/h")
KULTURSCHATZ_CONTRIBUTION_ATTEMPT_RATE = os.environ.get(
    "KULTURSCHATZ_CONTRIBUTION_ATTEMPT_RATE", "30/h"
)
# Where accepted treasures go: the collection's URL key, and the institution's
# for creating it on first use.
KULTURSCHATZ_CONTRIBUTION_COLLECTION = os.environ.get(
    "KULTURSCHATZ_CONTRIBUTION_COLLECTION", "buergerschaetze"
)
KULTURSCHATZ_CONTRIBUTION_INSTITUTION = os.environ.get(
    "KULTURSCHATZ_CONTRIBUTION_INSTITUTION", "kulturschatz-merseburg"
)
# Named in the privacy notice (DSGVO Art. 13): who is responsible for the
# processing, and the data protection officer if there is one; "|" separates lines.
KULTURSCHATZ_PRIVACY_CONTROLLER = [
    line.strip()
    for line in os.environ.get(
        "KULTURSCHATZ_PRIVACY_CONTROLLER", "Kulturschatz Merseburg|Redaktion|archiv@example.org"
    ).split("|")
    if line.strip()
]
KULTURSCHATZ_DATA_PROTECTION_OFFICER = [
    line.strip()
    for line in os.environ.get("KULTURSCHATZ_DATA_PROTECTION_OFFICER", "").split("|")
    if line.strip()
]
# Who hears of new contributions (comma-separated; empty: nobody is mailed).
KULTURSCHATZ_MODERATION_EMAILS = env_list("KULTURSCHATZ_MODERATION_EMAILS", "")

# IIIF Image API limits, declared in info.json (maxWidth, maxHeight, maxArea):
# "max" is scaled down to them, larger explicit sizes are refused with 400.
KULTURSCHATZ_IIIF_MAX_WIDTH = int(os.environ.get("KULTURSCHATZ_IIIF_MAX_WIDTH", "12000"))
KULTURSCHATZ_IIIF_MAX_HEIGHT = int(os.environ.get("KULTURSCHATZ_IIIF_MAX_HEIGHT", "12000"))
KULTURSCHATZ_IIIF_MAX_AREA = int(os.environ.get("KULTURSCHATZ_IIIF_MAX_AREA", "40000000"))

# OAI-PMH at /oai (kulturschatz.metadata.oai). Identifiers are
# oai:<repository identifier>:<object identifier>: the repository identifier is a
# domain name of the archive (oai-identifier.xsd) and must not change once
# harvested. Resumption tokens are signed with SECRET_KEY and carry the list's
# state; they stay valid for TOKEN_LIFETIME seconds.
KULTURSCHATZ_OAI_REPOSITORY_NAME = os.environ.get(
    "KULTURSCHATZ_OAI_REPOSITORY_NAME", "Kulturschatz Merseburg"
)
KULTURSCHATZ_OAI_REPOSITORY_IDENTIFIER = os.environ.get(
    "KULTURSCHATZ_OAI_REPOSITORY_IDENTIFIER", "kulturschatz.example.org"
)
KULTURSCHATZ_OAI_ADMIN_EMAILS = env_list(
    "KULTURSCHATZ_OAI_ADMIN_EMAILS", "archiv@example.org"
)
KULTURSCHATZ_OAI_PAGE_SIZE = int(os.environ.get("KULTURSCHATZ_OAI_PAGE_SIZE", "100"))
KULTURSCHATZ_OAI_TOKEN_LIFETIME = int(
    os.environ.get("KULTURSCHATZ_OAI_TOKEN_LIFETIME", str(24 * 3600))
)

# Background tasks (image derivatives): huey with a SQLite queue under var/, or
# Redis when REDIS_URL is set. `make run` starts the consumer beside gunicorn.
HUEY = {
    "name": "kulturschatz",
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "immediate": env_flag("KULTURSCHATZ_TASKS_IMMEDIATE"),
    "results": False,
    # Poll at least every second (SQLite queue), so a saved change is searchable
    # within about two seconds; Redis delivers at once.
    "consumer": {"workers": 2, "worker_type": "thread", "max_delay": 1.0},
}
if REDIS_URL:
    HUEY["url"] = REDIS_URL
else:
    HUEY["filename"] = str(VAR_DIR / "tasks.sqlite3")

# Search: Whoosh on disk (one server), or PostgreSQL full-text search for
# deployments with several application servers (needs DATABASE_URL to name
# PostgreSQL). KULTURSCHATZ_SEARCH_BACKEND=whoosh|postgres.
SEARCH_BACKEND_CLASSES = {
    "whoosh": "kulturschatz.search.backends.whoosh.WhooshBackend",
    "postgres": "kulturschatz.search.backends.postgres.PostgresBackend",
}
_search_backend = os.environ.get("KULTURSCHATZ_SEARCH_BACKEND", "whoosh")
KULTURSCHATZ_SEARCH_BACKENDS = {
    "default": {
        "BACKEND": SEARCH_BACKEND_CLASSES.get(_search_backend, _search_backend),
        "OPTIONS": {"index_dir": VAR_DIR / "whoosh"} if _search_backend == "whoosh" else {},
    },
}

# The read-only JSON API under /api/v1/ (kulturschatz.api): anonymous, JSON only
# (no browsable forms), errors as {"error", "parameter"}, schema by drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": "kulturschatz.api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "kulturschatz.api.errors.handle_exception",
    "UNAUTHENTICATED_USER": None,
    "UNICODE_JSON": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kulturschatz Merseburg API",
    "DESCRIPTION": (
        "Read-only JSON API of the open digital archive of the cultural heritage of "
        "Merseburg: published objects, collections, institutions, persons, places "
        "and the full-text search. Metadata are open data (see each object's "
        "metadata_rights); images carry their own rights."
    ),
    "VERSION": "1.0.0",
    # OpenAPI 3.1: a nullable nested object is a plain oneOf with null, which
    # validators read alike (3.0's "nullable" beside allOf they do not).
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice labels are translated; the schema stays one English document.
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"tryItOutEnabled": True, "supportedSubmitMethods": ["get"]},
}
