"""The page cache for anonymous readers, HTTP caching headers and CDN purges.

How it works
------------
Every reader page names the things it shows as *keys*: ``article-12``,
``category-3``, ``tag-5``, ``author-7``, ``image-9``; list pages (home,
category, tag, author, search, feeds, sitemaps) also carry ``list``, and every
HTML page ``nav`` (the category menu). Each key has a *version* in the
configured cache (``CACHES["default"]``). A page is stored with the versions of
its keys at render time and served only while all of them are unchanged, so
a change invalidates exactly the pages that show what changed; nothing is
ever cleared wholesale.

Versions change through ``purge(keys)``. The model layer calls it for every
change a reader could see: ``post_save``/``post_delete`` of articles,
sections, corrections, categories, images, tags, tag assignments, profiles
and users, taggit's ``m2m_changed``, and ``ArticleQuerySet.update()``
(``articles.models.articles_updated``), which sends no ``post_save``. The keys
are bumped at once and again when the transaction commits, so a page
rendered from data that was not yet committed is never kept.

A scheduled article goes live when ``published_at`` passes, without any
write. The cache holds the time of the next scheduled publication; the first
request after it purges the keys of the articles that just went live (and
``max-age`` never reaches past it). If that record is lost (cache restart,
eviction) it is rebuilt with a new *epoch* that invalidates every stored
page, since what went live meanwhile is not known.

Below the page cache, the article page keeps its pieces the same way, each
valid while the versions of what it shows are unchanged: the article row
(``page_article``), its own parts — head tags, JSON-LD and the ``<article>``
element (``article_parts``) — and the related-articles block
(``related_block``); the category menu is kept per ``nav`` version
(``nav_categories``). A page-cache miss with warm pieces runs no query.
Pages and pieces are stored only if no purge happened while the request ran
(a global *generation*), so nothing read before a concurrent change is kept.

Only anonymous ``GET``/``HEAD`` requests are served from or stored in the
cache: a request carrying a session or messages cookie bypasses it, and a
response that sets a cookie, varies on ``Cookie``, is not a 200, or says
``private``/``no-store`` (previews) is never stored.

Headers
-------
Anonymous reader pages get ``Cache-Control: public, max-age=<PAGE_CACHE_MAX_AGE>,
s-maxage=<PAGE_CACHE_S_MAXAGE>, stale-while-revalidate=<...>``, an ``ETag``
(hash of the body) and ``Last-Modified`` (render time); a conditional ``GET``
that matches is answered ``304 Not Modified``. ``Surrogate-Key`` (space
separated, Fastly) and ``Cache-Tag`` (comma separated, Cloudflare) carry the
page's keys. Reader pages for a logged-in visitor get ``Cache-Control:
private, no-cache``.

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
import threading
import uuid
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min, signals
from django.utils import timezone, translation
from django.utils.cache import has_vary_header
from django.utils.http import http_date
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

PREFIX = "pagecache"
SCHEDULE_KEY = f"{PREFIX}:schedule"
# Changes with every purge: a page rendered across a purge is not stored.
GENERATION = f"{PREFIX}:generation"
NAV_KEY = "nav"
LIST_KEY = "list"
# Headers of a stored page that are replayed with it.
KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag", "X-Frame-Options")
# Fields whose change can take an article in or out of the public site.
VISIBILITY_FIELDS = {"status", "published_at"}
# User fields readers see (display name fallback, the community-writer note).
USER_FIELDS = {"first_name", "last_name", "username", "is_staff"}


def _now() -> float:
    """Now as a timestamp, from the clock the ``published()`` queryset uses."""
    return timezone.now().timestamp()


def _token() -> str:
    return uuid.uuid4().hex[:12]


def _version_key(key: str) -> str:
    return f"{PREFIX}:v:{key}"


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


def versions(keys: Iterable[str]) -> dict[str, str]:
    """The current version of each key; a key without one gets a fresh one."""
    keys = list(keys)
    names = {_version_key(key): key for key in keys}
    found = cache.get_many(names)
    missing = {name: _token() for name in names if name not in found}
    if missing:
        # A fresh token matches no stored entry; overwriting one another
        # process set meanwhile only makes its entries misses, never stale.
        cache.set_many(missing, timeout=None)
        found.update(missing)
    return {names[name]: found[name] for name in names}


def generation(found: str | None) -> str:
    """The purge generation ``found`` in the cache, started if there is none."""
    if found is None:
        cache.add(GENERATION, _token(), timeout=None)
        found = cache.get(GENERATION)
    return found


def _bump(keys: Iterable[str]) -> None:
    bumped = {_version_key(key): _token() for key in keys}
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
    try:
        import_string(settings.PAGE_CACHE_PURGE_BACKEND)(keys)
    except Exception:
        logger.exception("CDN purge of %s failed", " ".join(keys))


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


def schedule(record: tuple[float, str] | None) -> tuple[float, str]:
    """``(next publication timestamp, epoch)`` from the cached ``record``;
    releases the articles that are due.

    No query while nothing is due and the record is in the cache.
    """
    if record is None:
        # Lost: what went live meanwhile is unknown, so start a new epoch.
        record = (_next_scheduled_at(), _token())
        cache.set(SCHEDULE_KEY, record, timeout=None)
        return record
    if _now() >= record[0]:
        record = _release_due(record)
    return record


def _release_due(record: tuple[float, str]) -> tuple[float, str]:
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


# --- Marking reader responses --------------------------------------------------


def tag_response(response, keys: Iterable[str]):
    """Mark ``response`` as a cacheable reader page showing ``keys``."""
    response.page_cache_keys = list(keys)
    return response


def reader_page(keys: Callable | None = None):
    """Decorate a reader view: its responses may be cached for anonymous readers.

    ``keys(request, response, **kwargs)`` names what the page shows when the
    view did not call ``tag_response`` itself; without it the page carries
    the list keys of the view's template context (see ``keys_from_context``).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            if getattr(response, "page_cache_keys", None) is None:
                finder = keys or keys_from_context
                tag_response(response, finder(request, response, **kwargs))
            return response

        return wrapped

    return decorator


def keys_from_context(request, response, **kwargs) -> list[str]:
    """List keys of a ``TemplateResponse`` of a list view: its category, tag
    or author and the articles on the page."""
    context = getattr(response, "context_data", None) or {}
    view = context.get("view")
    own = []
    for name in ("category", "tag", "author"):
        obj = getattr(view, name, None)
        if obj is not None:
            own.append(f"{name}-{obj.pk}")
    page = context.get("page_obj")
    articles = page.object_list if page is not None else ()
    return list_page_keys(*own, articles=articles)


# --- The page cache ------------------------------------------------------------


def is_anonymous_request(request) -> bool:
    """A GET/HEAD without session or messages cookie: may use the page cache."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and getattr(settings, "MESSAGES_COOKIE_NAME", "messages") not in cookies
    )


def entry_key(request) -> str:
    """Where the page for ``request`` (scheme, host, path and query) is stored."""
    raw = "|".join(
        (
            "https" if request.is_secure() else "http",
            request.META.get("HTTP_HOST", ""),
            request.get_full_path(),
            settings_fingerprint(),
        )
    )
    return f"{PREFIX}:page:" + hashlib.md5(raw.encode()).hexdigest()


def is_storable(response) -> bool:
    """A complete 200 that sets no cookie, varies not on it, and is not private."""
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def make_entry(response, keys, epoch) -> dict:
    """What is stored for a page: body, headers, validators, key versions.

    ``generation`` (popped before storing) is the purge generation read with
    the versions.
    """
    current = versions(keys)
    generation = cache.get(GENERATION)
    return {
        "epoch": epoch,
        "versions": current,
        "generation": generation,
        "content": response.content,
        "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
        "etag": f'"{hashlib.md5(response.content).hexdigest()}"',
        "last_modified": int(_now()),
    }


def public_headers(response, entry, next_at) -> None:
    """``Cache-Control``, validators and surrogate keys of an anonymous page."""
    max_age = settings.PAGE_CACHE_MAX_AGE
    s_maxage = settings.PAGE_CACHE_S_MAXAGE
    until_next = next_at - _now()
    if until_next < s_maxage:
        # A scheduled article goes live then: no cache may keep the page past it.
        s_maxage = max(0, int(until_next))
        max_age = min(max_age, s_maxage)
    response["Cache-Control"] = (
        f"public, max-age={max_age}, s-maxage={s_maxage}, "
        f"stale-while-revalidate={settings.PAGE_CACHE_STALE_WHILE_REVALIDATE}"
    )
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["last_modified"])
    keys = list(entry["versions"])
    response["Surrogate-Key"] = " ".join(keys)
    response["Cache-Tag"] = ",".join(keys)


# --- Fragments: the article's own parts and the site chrome ----------------------


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
    )
    return hashlib.md5(repr(values).encode()).hexdigest()[:12]


def page_article(request, slug: str, fetch: Callable[[], object]):
    """``fetch()``'s published article ``slug``, kept while it is unchanged.

    The stored article (with its category, writer, editor and hero image)
    is used while the versions of those keys are unchanged: any edit,
    unpublishing or rename bumps one of them. An article is only stored
    once live, and a live article stays live until a write, so a page miss
    needs no query. ``fetch()`` raising (404) stores nothing.
    """
    key = f"{PREFIX}:slug:{slug}"
    entry = cache.get(key)
    if entry is not None and versions(entry["versions"]) == entry["versions"]:
        return entry["article"]
    article = fetch()
    keys = [f"article-{article.pk}", f"author-{article.author_id}"]
    keys += [
        f"{name}-{pk}"
        for name, pk in (
            ("category", article.category_id),
            ("author", article.approved_by_id),
            ("image", article.hero_image_id),
        )
        if pk
    ]
    _store_if_unchanged(request, key, {"article": article, "versions": versions(keys)})
    return article


def article_parts(request, article, render: Callable[[], dict]) -> dict:
    """``render()``'s parts of ``article``'s page, kept per article version.

    ``render()`` returns the parts with ``keys``, what they show
    (``article_keys``); they are served while the versions of those keys are
    unchanged. Stored only when no purge happened since the page cache
    middleware started this request (``request.page_cache_generation``), so
    data read before a concurrent change is never kept.
    """
    key = _fragment_key("article", article)
    entry = cache.get(key)
    if entry is not None and versions(entry["versions"]) == entry["versions"]:
        return entry["parts"]
    parts = render()
    entry = {"parts": parts, "versions": versions(parts["keys"])}
    _store_if_unchanged(request, key, entry)
    return parts


def related_block(
    request, article, own_keys, render: Callable[[], tuple[str, list[str]]]
) -> tuple[str, list[str]]:
    """``render()``'s related-articles block of ``article`` and the keys of
    its cards (``card_keys``).

    Kept until the article, its category or tags (a new article there), or
    one of the articles shown changes: one query and four cards saved on
    every page render in between.
    """
    key = _fragment_key("related", article)
    entry = cache.get(key)
    if entry is not None and versions(entry["versions"]) == entry["versions"]:
        return entry["html"], entry["cards"]
    html, cards = render()
    keys = [
        key
        for key in own_keys
        if key.startswith(("category-", "tag-")) or key == f"article-{article.pk}"
    ]
    entry = {"html": html, "cards": cards, "versions": versions([*keys, *cards])}
    _store_if_unchanged(request, key, entry)
    return html, cards


def _fragment_key(name: str, article) -> str:
    return ":".join(
        (
            f"{PREFIX}:{name}",
            str(article.pk),
            translation.get_language(),
            settings_fingerprint(),
        )
    )


def _store_if_unchanged(request, key: str, value) -> None:
    """Store ``value`` unless a purge happened since this request started
    (``request.page_cache_generation``): it may hold data read before it."""
    started = getattr(request, "page_cache_generation", None)
    if started is not None and cache.get(GENERATION) == started:
        cache.set(key, value, timeout=settings.PAGE_CACHE_SECONDS)


def nav_categories() -> list[dict]:
    """The category menu as ``{"name", "url"}`` items; one query per change."""
    from .models import Category

    version = versions([NAV_KEY])[NAV_KEY]
    key = f"{PREFIX}:nav:{translation.get_language()}:{version}"
    items = cache.get(key)
    if items is None:
        items = [
            {"name": category.name, "url": category.get_absolute_url()}
            for category in Category.objects.all()
        ]
        cache.set(key, items, timeout=settings.PAGE_CACHE_SECONDS)
    return items


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
