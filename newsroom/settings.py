"""Newsroom settings: one module, configured by environment variables.

Every variable has a default that works on a laptop (SQLite, local-memory cache,
console email). Production is ``DEBUG=False``, and then ``SECRET_KEY`` and
``ALLOWED_HOSTS`` must be given or the process refuses to start.
"""

import os
import re
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from newsroom.logs import init_sentry, logging_config
from newsroom.media_storage import media_storage, media_url

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file is optional; real deployments set variables in the process env.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
# `make run`: DEBUG off on a laptop, so readers' pages (a missing article's
# 404 included) look as in production, with a laptop's defaults: the dev key,
# loopback hosts, a local cache, plain http, and static files and media served
# by the process itself. Refused for any host but loopback (never production).
LOCAL_SERVE = env.bool("LOCAL_SERVE", default=False)
LAPTOP = DEBUG or LOCAL_SERVE
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if LAPTOP else "")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=LOOPBACK_HOSTS if LAPTOP else [])
if not LAPTOP and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY):
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
if not LAPTOP and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
if LOCAL_SERVE and set(ALLOWED_HOSTS) - set(LOOPBACK_HOSTS):
    raise ImproperlyConfigured(
        "LOCAL_SERVE is for a laptop: ALLOWED_HOSTS may only name loopback hosts."
    )

SITE_NAME = env.str("SITE_NAME", default="Newsroom")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The app promo line under the top ad slot ("Read more of our articles in the app").
APP_PROMO_ENABLED = env.bool("APP_PROMO_ENABLED", default=True)
APP_PROMO_URL = env.str("APP_PROMO_URL", default="#app")
# The in-article ad slot goes after this section number (0 switches it off).
IN_ARTICLE_AD_AFTER_SECTION = env.int("IN_ARTICLE_AD_AFTER_SECTION", default=1)
ARTICLES_PER_PAGE = 20
# Key-point suggestions (editorial/summaries): "extractive" works offline;
# "llm" asks an OpenAI-compatible chat-completions endpoint (SUMMARY_LLM_URL
# ends in /v1) and falls back to extraction; "off" hides the feature.
SUMMARY_BACKEND = env.str("SUMMARY_BACKEND", default="extractive")
SUMMARY_LLM_URL = env.str("SUMMARY_LLM_URL", default="")
SUMMARY_LLM_MODEL = env.str("SUMMARY_LLM_MODEL", default="")
SUMMARY_LLM_API_KEY = env.str("SUMMARY_LLM_API_KEY", default="")
SUMMARY_LLM_TIMEOUT = env.float("SUMMARY_LLM_TIMEOUT", default=20.0)
# Four eyes: the author of an article cannot approve it, even as an editor.
FOUR_EYES_APPROVAL = env.bool("FOUR_EYES_APPROVAL", default=True)
# Mounts the benchmark's floor page at /__bench__/floor/ (make bench only).
BENCH_FLOOR = env.bool("BENCH_FLOOR", default=False)

INSTALLED_APPS = [
    "editorial.desk.site.DeskAdminConfig",  # django.contrib.admin, desk home
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "taggit",
    "ckeditor",
    "django_ratelimit",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "articles",
    "editorial",
    "api",
    # Project-wide commands (task_worker) and static-file rules; no models.
    "newsroom.apps.NewsroomConfig",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id, even a refused host's.
    "newsroom.request_id.RequestIDMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # CORS for the JSON API only, and only for the origins in API_CORS_ORIGINS.
    "corsheaders.middleware.CorsMiddleware",
    "newsroom.db_outage.DatabaseOutageMiddleware",
    # Outside CSP, sessions, CSRF and messages: a cached page skips them all
    # (their headers are stored with it), and a response they add a cookie or
    # "Vary: Cookie" to is never stored.
    "articles.middleware.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "newsroom.security.EditingScreensPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # API answers are the same in every language: no Vary on Accept-Language.
    "api.middleware.ApiHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "articles.middleware.ReaderLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

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
                "articles.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite for a multi-user site: readers never wait for the writer (WAL),
    # a writer waits up to 20 s for another instead of failing ("database is
    # locked"), and a transaction takes the write lock when it begins, so two
    # of them never deadlock upgrading a read lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A kept connection is checked before reuse, so the site recovers by itself
# after the database restarts (without CONN_MAX_AGE each request connects anew).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["CONN_MAX_AGE"] > 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis outage degrades to cache misses (newsroom/cache.py), and a dead
    # Redis is noticed in half a second instead of hanging a request.
    CACHES["default"]["BACKEND"] = "newsroom.cache.ResilientRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    )
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Room for pages and their key versions (Django's default is 300).
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 10_000)
# The page cache for anonymous reader pages (articles/page_cache.py): entries
# live in CACHES["default"] and are invalidated exactly by content changes.
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60 * 60 * 24)
# Pages each worker process keeps its own copy of (served only while their
# versions in the shared cache are unchanged): a hit then fetches no page.
PAGE_CACHE_LOCAL_ENTRIES = env.int("PAGE_CACHE_LOCAL_ENTRIES", default=300)
# Set to the release (e.g. the git commit) so a deploy with new templates
# never serves pages stored by the previous one from a shared cache.
PAGE_CACHE_RELEASE = env.str("PAGE_CACHE_RELEASE", default="")
# Cache-Control of anonymous reader pages: browsers, shared caches (a CDN
# purged through PAGE_CACHE_PURGE_BACKEND), and how long a stale copy may be
# served while a fresh one is fetched.
PAGE_CACHE_MAX_AGE = env.int("PAGE_CACHE_MAX_AGE", default=60)
PAGE_CACHE_S_MAXAGE = env.int("PAGE_CACHE_S_MAXAGE", default=60 * 10)
PAGE_CACHE_STALE_WHILE_REVALIDATE = env.int(
    "PAGE_CACHE_STALE_WHILE_REVALIDATE", default=60
)
# Dotted path of a callable taking a list of keys ("article-12", ...) that
# purges them at the CDN; empty for none.
PAGE_CACHE_PURGE_BACKEND = env.str("PAGE_CACHE_PURGE_BACKEND", default="")
# Login, sign-up and upload limits (django-ratelimit) count in this cache.
# Django's own Redis backend increments atomically (Redis INCR), although
# django-ratelimit does not list it. A per-process local-memory cache is fine
# for one laptop process; in production (DEBUG off) the ratelimit check stays
# an error until CACHE_URL names a shared cache, so counts hold across workers.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
# Behind a proxy REMOTE_ADDR is the proxy's: name the header your own proxy
# sets to the client address (e.g. HTTP_X_REAL_IP) so limits count visitors.
RATELIMIT_IP_META_KEY = env.str("RATELIMIT_IP_META_KEY", default=None)
if LAPTOP:
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# Background work (newsroom/background.py) through Django's task framework API
# (django-tasks): "db" queues in the database, run by `manage.py db_worker`
# (the default: no new service); "rq" queues in Redis (REDIS_URL), run by
# `manage.py rqworker default --with-scheduler` on as many machines as needed;
# "immediate" runs each task at once, in the request (tests).
TASKS_BACKEND = env.str("TASKS_BACKEND", default="db")
REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
TASK_BACKENDS = {
    "db": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
# Tasks are enqueued once the saving transaction commits; tests turn this off
# so that tasks run at once inside the test's transaction.
TASKS_ENQUEUE_ON_COMMIT = True
# A task still RUNNING after this long lost its worker (ours take seconds).
TASK_LEASE_SECONDS = env.int("TASK_LEASE_SECONDS", default=600)
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 300}}

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="id")
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
# The language articles are written in: it marks the <article> element and
# speaks its labels ("Intinya sih..."), whatever the reader's UI language.
CONTENT_LANGUAGE = env.str("CONTENT_LANGUAGE", default=LANGUAGE_CODE)
LOCALE_PATHS = [BASE_DIR / "newsroom" / "locale"]
# Reader-facing date formats per language (newsroom/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["newsroom.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
MEDIA_URL = media_url(os.environ, default="/media/")
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(BASE_DIR / "media"))
# On a laptop (make run, make dev) WhiteNoise serves static files from their
# folders, no collectstatic: whitenoise.runserver_nostatic hands them to it.
WHITENOISE_USE_FINDERS = LAPTOP
WHITENOISE_AUTOREFRESH = LAPTOP
STORAGES = {
    # MEDIA_ROOT, or an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set.
    "default": media_storage(os.environ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not LAPTOP
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Email: console by default; EMAIL_URL (smtp://user:pass@host:587, with ?ssl or
# ?tls) switches to a real server.
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <newsroom@localhost>"
)

# A failed CSRF check (e.g. an old form after logging in again in another tab)
# gets a page in the site's frame that says how to recover.
CSRF_FAILURE_VIEW = "articles.errors.csrf_failure"

LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "articles:home"
# Community writers may sign up themselves (email confirmation first).
WRITER_SIGNUP_ENABLED = env.bool("WRITER_SIGNUP_ENABLED", default=True)

# CKEditor is only the editing widget: everything it submits is sanitised by
# articles.sanitize before it is stored. Its own upload view is never mounted;
# images dropped or pasted into the text go to our endpoint (portal:upload)
# through static/js/ckeditor-uploads.js, in the portal and the admin alike.
CKEDITOR_BASEPATH = "/static/ckeditor/ckeditor/"
CKEDITOR_CONFIGS = {
    "default": {
        "toolbar": "Custom",
        "toolbar_Custom": [
            ["Format", "Bold", "Italic"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["Link", "Unlink"],
            ["Image", "Table", "HorizontalRule"],
            ["RemoveFormat", "Source"],
        ],
        "format_tags": "p;h2;h3;h4",
        "height": 240,
        "width": "100%",
        # Explicitly not fullPage and not allowedContent=true: CKEditor's own
        # filter stays on as a first line; the server-side nh3 pass is the real one.
        "fullPage": False,
        "removePlugins": "exportpdf",
    },
}

# The JSON API (api/, README "JSON API"): anonymous clients get API_ANON_RATE
# per address ("<n>/<second|minute|hour|day>"); a partner's key its own rate.
API_ANON_RATE = env.str("API_ANON_RATE", default="60/minute") or None
if API_ANON_RATE and not re.fullmatch(r"\d+/[smhd][a-z]*", API_ANON_RATE):
    raise ImproperlyConfigured(
        f"API_ANON_RATE must look like 60/minute, not {API_ANON_RATE!r}."
    )
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["api.renderers.EscapedJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.keys.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonymousThrottle",
        "api.throttling.ApiKeyThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_METADATA_CLASS": None,
    "UNAUTHENTICATED_USER": None,
    "URL_FORMAT_OVERRIDE": None,
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    # TITLE and DESCRIPTION: api/schema.py (SCHEMA_TEXT).
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# Origins (scheme://host[:port]) whose pages may call the API from a browser;
# none by default (CORS off).
API_CORS_ORIGINS = env.list("API_CORS_ORIGINS", default=[])
CORS_ALLOWED_ORIGINS = API_CORS_ORIGINS
CORS_URLS_REGEX = r"^/api/" if API_CORS_ORIGINS else r"^$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["x-api-key", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]

# Content-Security-Policy (django-csp; newsroom/security.py explains the one
# relaxation, for CKEditor 4 on the editing screens).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [
            SELF,
            "data:",
            "blob:",
            *(
                f"https://{host}"
                for host in env.list("RICH_TEXT_IMAGE_HOSTS", default=[])
            ),
        ],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

if MEDIA_URL.startswith(("https://", "http://")):
    # Media on S3 or a CDN (newsroom/media_storage.py): images come from there.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(MEDIA_URL)

TAGGIT_CASE_INSENSITIVE = True
# Hosts whose https images may appear in rich text; by default only our own media.
RICH_TEXT_IMAGE_HOSTS = env.list("RICH_TEXT_IMAGE_HOSTS", default=[])

if not LAPTOP:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    # A load balancer probes over plain http.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# One line per event: JSON lines in production (or LOG_FORMAT=json), text
# while debugging; each line carries the request id (newsroom/request_id.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if LAPTOP else "json")
LOGGING = logging_config(
    log_format=LOG_FORMAT, level=env.str("LOG_LEVEL", default="WARNING")
)

# Errors to Sentry only when SENTRY_DSN is set; no personal data is sent.
if env.str("SENTRY_DSN", default=""):
    init_sentry(
        env.str("SENTRY_DSN"),
        environment=env.str("SENTRY_ENVIRONMENT", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
