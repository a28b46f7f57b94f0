"""Invalidation of what reader pages show: content keys, versions, CDN purges.

How it works
------------
Every reader page names the things it shows as *keys*: ``article-12``,
``category-3``, ``tag-5``, ``author-7``, ``image-9``; list pages (home,
category, tag, author, search, feeds, sitemaps) also carry ``list``, and every
HTML page ``nav`` (the category menu). Each key has a *version* in the
configured cache (``CACHES["default"]``). Whole pages (``articles.page_cache``)
and the article page's pieces (``articles.fragments``) are stored with the
versions of their keys at render time and served only while all of them are
unchanged, so a change invalidates exactly what shows it; nothing is ever
cleared wholesale.

Versions change through ``purge(keys)``. The model layer calls it for every
change a reader could see: ``post_save``/``post_delete`` of articles,
sections, corrections, categories, images, tags, tag assignments, profiles
and users, taggit's ``m2m_changed``, and ``ArticleQuerySet.update()``
(``articles.models.articles_updated``), which sends no ``post_save``. The keys
are bumped at once and again when the transaction commits, so a page
rendered from data that was not yet committed is never kept. Every purge also
changes a global *generation*: pages and pieces are stored only if it did not
change while the request ran.

A scheduled article goes live when ``published_at`` passes, without any
write. The cache holds the time of the next scheduled publication; the first
request after it purges the keys of the articles that just went live (and
``max-age`` never reaches past it). If that record is lost (cache restart,
eviction) it is rebuilt with a new *epoch* that invalidates every stored
page, since what went live meanwhile is not known.

The CDN purge hook
------------------
``purge(keys)`` is the one function to call when content changes. Besides
bumping the page cache's versions it hands the keys to the backend named by
``PAGE_CACHE_PURGE_BACKEND``: the dotted path of a callable taking a list of
keys, e.g. one that posts them to the CDN's purge-by-tag API (a slow API is
best called from a task the backend enqueues). Backends run after the
transaction commits, once per ``purge`` call; a failing backend is logged,
never raised.

Changes made through the ORM already call ``purge`` (see above), so the
workflow needs no call of its own; call it for changes the ORM does not see
(raw SQL, ``bulk_create``/``bulk_update``, a data fix in another system).
``keys_for_article(article)`` gives the keys of an article change for
callers outside this app: ``purge(keys_for_article(article))``.

Settings: ``PAGE_CACHE`` (whole pages on/off; the article's pieces stay
cached), ``PAGE_CACHE_SECONDS`` (how long an entry may live in the cache),
``PAGE_CACHE_MAX_AGE``, ``PAGE_CACHE_S_MAXAGE``,
``PAGE_CACHE_STALE_WHILE_REVALIDATE``, ``PAGE_CACHE_PURGE_BACKEND``,
``PAGE_CACHE_RELEASE`` (part of every key: set it per deploy so new
templates never meet pages stored by the old ones).
"""

import hashlib
import logging
import math
import secrets
import threading
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min, signals
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from newsroom.background import enqueue_after_commit, retrying

logger = logging.getLogger(__name__)

PREFIX = "pagecache"
SCHEDULE_KEY = f"{PREFIX}:schedule"
# Changes with every purge: a page rendered across a purge is not stored.
GENERATION = f"{PREFIX}:generation"
NAV_KEY = "nav"
LIST_KEY = "list"
# Fields whose change can take an article in or out of the public site.
VISIBILITY_FIELDS = {"status", "published_at"}
# User fields readers see (display name fallback, the community-writer note).
USER_FIELDS = {"first_name", "last_name", "username", "is_staff"}


def now_timestamp() -> float:
    """Now as a timestamp, from the clock the ``published()`` queryset uses."""
    return timezone.now().timestamp()


def _token() -> int:
    # A random 62-bit number: Redis stores integers as they are, so a hit
    # reads its key versions without unpickling them.
    return secrets.randbits(62)


def version_key(key: str) -> str:
    """Where the version of ``key`` is kept in the cache."""
    return f"{PREFIX}:v:{key}"


def settings_fingerprint() -> str:
    """The settings that change rendered pages; part of every stored key."""
    values = (
        settings.SITE_NAME,
        settings.SITE_URL,
        settings.APP_PROMO_ENABLED,
        settings.APP_PROMO_URL,
        settings.IN_ARTICLE_AD_AFTER_SECTION,
        settings.WRITER_SIGNUP_ENABLED,
        settings.ARTICLES_PER_PAGE,
        settings.PAGE_CACHE_RELEASE,
        settings.CONTENT_LANGUAGE,
    )
    return hashlib.md5(repr(values).encode()).hexdigest()[:12]


# --- Keys --------------------------------------------------------------------


def article_keys(article, tags, sections) -> list[str]:
    """Keys of what an article's own parts show: the article, its category,
    writer, editor, tags and images."""
    keys = [f"article-{article.pk}", f"author-{article.author_id}"]
    if article.category_id:
        keys.append(f"category-{article.category_id}")
    if article.approved_by_id:
        keys.append(f"author-{article.approved_by_id}")
    keys += [f"tag-{tag.pk}" for tag in tags]
    image_ids = {article.hero_image_id} | {section.image_id for section in sections}
    keys += [f"image-{pk}" for pk in sorted(i for i in image_ids if i)]
    return list(dict.fromkeys(keys))


def card_keys(articles) -> list[str]:
    """Keys of article cards: each article and its hero image."""
    keys = []
    for article in articles:
        keys.append(f"article-{article.pk}")
        if article.hero_image_id:
            keys.append(f"image-{article.hero_image_id}")
    return keys


def article_page_keys(own_keys, related_keys=()) -> list[str]:
    """Keys of an article page: its own (``article_keys``), the related
    articles' cards (``card_keys``), and the menu."""
    return list(dict.fromkeys([*own_keys, *related_keys, NAV_KEY]))


def list_page_keys(*own: str, articles=()) -> list[str]:
    """Keys of a list page: ``list``, its own keys, the articles it shows, the menu."""
    keys = [LIST_KEY, *own, *(f"article-{article.pk}" for article in articles)]
    keys.append(NAV_KEY)
    return list(dict.fromkeys(keys))


def keys_for_article(article) -> list[str]:
    """The keys to purge when ``article`` changes (for callers outside ``articles``)."""
    return _article_change_keys([article.pk])


def _article_change_keys(pks: Iterable[int]) -> list[str]:
    """Keys of a change to the articles ``pks``: each article, its category,
    writer and tags (pages sharing them show it as related), and ``list``.

    One query.
    """
    from .models import Article

    pks = list(pks)
    keys = [LIST_KEY]
    rows = Article.objects.filter(pk__in=pks).values_list(
        "pk", "category_id", "author_id", "tags"
    )
    for pk, category_id, author_id, tag_id in rows:
        keys += [f"article-{pk}", f"author-{author_id}"]
        if category_id:
            keys.append(f"category-{category_id}")
        if tag_id:
            keys.append(f"tag-{tag_id}")
    keys += [f"article-{pk}" for pk in pks]
    return list(dict.fromkeys(keys))


# --- Versions and purging ------------------------------------------------------


def versions(keys: Iterable[str]) -> dict[str, int]:
    """The current version of each key; a key without one gets a fresh one."""
    keys = list(keys)
    names = {version_key(key): key for key in keys}
    found = cache.get_many(names)
    missing = {name: _token() for name in names if name not in found}
    if missing:
        # A fresh token matches no stored entry; overwriting one another
        # process set meanwhile only makes its entries misses, never stale.
        cache.set_many(missing, timeout=None)
        found.update(missing)
    return {names[name]: found[name] for name in names}


def generation(found: int | None) -> int:
    """The purge generation ``found`` in the cache, started if there is none."""
    if found is None:
        cache.add(GENERATION, _token(), timeout=None)
        found = cache.get(GENERATION)
    return found


def _bump(keys: Iterable[str]) -> None:
    bumped = {version_key(key): _token() for key in keys}
    cache.set_many({**bumped, GENERATION: _token()}, timeout=None)


def purge(keys: Iterable[str]) -> None:
    """Invalidate every page showing one of ``keys``, here and at the CDN.

    Safe to call from anywhere at any time; the CDN backend
    (``PAGE_CACHE_PURGE_BACKEND``) is called after the current transaction
    commits, so the CDN refetches committed content, and once for all the
    keys purged in it (a save touches several rows, each purging).
    """
    keys = list(dict.fromkeys(keys))
    if not keys:
        return
    _bump(keys)
    transaction.on_commit(lambda: _bump(keys))
    if settings.PAGE_CACHE_PURGE_BACKEND:
        _backend_keys.__dict__.setdefault("pending", set()).update(keys)
        transaction.on_commit(_call_backend)


# Keys waiting for the CDN backend, per thread. Every purge() schedules a
# call; the first one after commit sends them all, the others find nothing.
# Keys of a rolled-back transaction go with the next call: a spare purge.
_backend_keys = threading.local()


def _call_backend() -> None:
    keys = sorted(getattr(_backend_keys, "pending", ()))
    _backend_keys.pending = set()
    if not keys:
        return
    enqueue_after_commit(purge_cdn, keys)


@task()
def purge_cdn(keys: list[str], attempt: int = 1, request_id=None) -> None:
    """Hand ``keys`` to the CDN's purge API (PAGE_CACHE_PURGE_BACKEND), with retries."""
    with retrying(purge_cdn, keys, attempt=attempt, request_id=request_id):
        import_string(settings.PAGE_CACHE_PURGE_BACKEND)(keys)


# --- Scheduled publication ---------------------------------------------------------


def _next_scheduled_at() -> float:
    """When the next scheduled article goes live (a timestamp), or infinity."""
    from .models import Article

    first = Article.objects.filter(
        status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
    ).aggregate(first=Min("published_at"))["first"]
    return first.timestamp() if first else math.inf


def refresh_schedule() -> None:
    """Record the next scheduled publication, keeping the current epoch."""
    record = cache.get(SCHEDULE_KEY)
    epoch = record[1] if record else _token()
    cache.set(SCHEDULE_KEY, (_next_scheduled_at(), epoch), timeout=None)


def schedule(record: tuple[float, int] | None) -> tuple[float, int]:
    """``(next publication timestamp, epoch)`` from the cached ``record``;
    releases the articles that are due.

    No query while nothing is due and the record is in the cache.
    """
    if record is None:
        # Lost: what went live meanwhile is unknown, so start a new epoch.
        record = (_next_scheduled_at(), _token())
        cache.set(SCHEDULE_KEY, record, timeout=None)
        return record
    if now_timestamp() >= record[0]:
        record = _release_due(record)
    return record


def _release_due(record: tuple[float, int]) -> tuple[float, int]:
    from datetime import UTC, datetime

    from .models import Article

    due_since = datetime.fromtimestamp(record[0], tz=UTC)
    due = list(
        Article.objects.filter(
            status=Article.Status.PUBLISHED,
            published_at__gte=due_since,
            published_at__lte=timezone.now(),
        ).values_list("pk", flat=True)
    )
    if due:
        purge(_article_change_keys(due))
    record = (_next_scheduled_at(), record[1])
    cache.set(SCHEDULE_KEY, record, timeout=None)
    return record


# --- Invalidation from the model layer -------------------------------------------


def _on_save(sender, instance, created=False, update_fields=None, **kwargs):
    from taggit.models import ItemBase, TagBase

    from .models import Article, Category, Correction, Image, Profile, Section

    fields = set(update_fields) if update_fields is not None else None
    if isinstance(instance, Article):
        if kwargs.get("signal") is signals.post_delete:
            keys = [f"article-{instance.pk}", f"author-{instance.author_id}"]
            if instance.category_id:
                keys.append(f"category-{instance.category_id}")
            purge([*keys, LIST_KEY])
        else:
            purge(_article_change_keys([instance.pk]))
        if fields is None or fields & VISIBILITY_FIELDS:
            refresh_schedule()
            transaction.on_commit(refresh_schedule)
    elif isinstance(instance, (Section, Correction)):
        purge([f"article-{instance.article_id}", LIST_KEY])
    elif isinstance(instance, Category):
        purge([f"category-{instance.pk}", NAV_KEY, LIST_KEY])
    elif isinstance(instance, Image):
        if fields is None or fields - {"renditions"}:
            purge([f"image-{instance.pk}", LIST_KEY])
    elif isinstance(instance, Profile):
        purge([f"author-{instance.user_id}", LIST_KEY])
    elif isinstance(instance, TagBase):
        purge([f"tag-{instance.pk}", LIST_KEY])
    elif isinstance(instance, ItemBase):
        article_id = getattr(instance, "object_id", None) or getattr(
            instance, "content_object_id", None
        )
        purge([f"article-{article_id}", f"tag-{instance.tag_id}", LIST_KEY])
    elif isinstance(instance, get_user_model()):
        if fields is None or fields & USER_FIELDS:
            purge([f"author-{instance.pk}", LIST_KEY])


def _on_tags_changed(sender, instance, action, pk_set=None, **kwargs):
    from .models import Article

    if isinstance(instance, Article) and action.startswith("post_"):
        purge(
            [f"article-{instance.pk}", *(f"tag-{pk}" for pk in pk_set or ()), LIST_KEY]
        )


def _on_articles_updated(sender, pks, fields, **kwargs):
    purge(_article_change_keys(pks))
    if fields & VISIBILITY_FIELDS:
        refresh_schedule()
        transaction.on_commit(refresh_schedule)


def connect_signals() -> None:
    """Called once from ``ArticlesConfig.ready``."""
    from .models import articles_updated

    signals.post_save.connect(_on_save, dispatch_uid="pagecache-save")
    signals.post_delete.connect(_on_save, dispatch_uid="pagecache-delete")
    signals.m2m_changed.connect(_on_tags_changed, dispatch_uid="pagecache-m2m")
    articles_updated.connect(_on_articles_updated, dispatch_uid="pagecache-update")
