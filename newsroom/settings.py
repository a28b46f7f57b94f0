"""Newsroom settings: one module, configured by environment variables.

Every variable has a default that works on a laptop (SQLite, local-memory cache,
console email). Production is ``DEBUG=False``, and then ``SECRET_KEY`` and
``ALLOWED_HOSTS`` must be given or the process refuses to start.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file is optional; real deployments set variables in the process env.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY):
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")

SITE_NAME = env.str("SITE_NAME", default="Newsroom")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The app promo line under the top ad slot ("Read more of our articles in the app").
APP_PROMO_ENABLED = env.bool("APP_PROMO_ENABLED", default=True)
APP_PROMO_URL = env.str("APP_PROMO_URL", default="#app")
# The in-article ad slot goes after this section number (0 switches it off).
IN_ARTICLE_AD_AFTER_SECTION = env.int("IN_ARTICLE_AD_AFTER_SECTION", default=1)
ARTICLES_PER_PAGE = 20

INSTALLED_APPS = [
    "django.contrib.admin",
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
    "articles",
    "editorial",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside sessions, CSRF and messages: a cached page skips them all, and
    # a response they add a cookie or "Vary: Cookie" to is never stored.
    "articles.middleware.PageCacheMiddleware",
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
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Room for pages and their key versions (Django's default is 300).
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 10_000)
# The page cache for anonymous reader pages (articles/caching.py): entries
# live in CACHES["default"] and are invalidated exactly by content changes.
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60 * 60 * 24)
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
if DEBUG:
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

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
LOCALE_PATHS = [BASE_DIR / "newsroom" / "locale"]
# Reader-facing date formats per language (newsroom/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["newsroom.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
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

TAGGIT_CASE_INSENSITIVE = True

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
