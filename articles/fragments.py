"""Pieces of reader pages kept below the page cache, for every visitor.

The article page keeps its pieces, each valid while the versions of what it
shows are unchanged (``articles.caching``): the article row
(``page_article``), its own parts — head tags, JSON-LD and the ``<article>``
element (``article_parts``) — and the related-articles block
(``related_block``); the category menu is kept per ``nav`` version
(``nav_categories``). A page-cache miss with warm pieces runs no query.
Pieces are stored only if no purge happened while the request ran (the
*generation*), so nothing read before a concurrent change is kept. They stay
cached when ``PAGE_CACHE`` turns whole pages off.

Reading them costs two cache round trips in all (``prefetch_article_page``):
one for the pieces and the menu's version, one for the versions of everything
they show; the functions below then find them in the request's memo.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from .caching import (
    GENERATION,
    NAV_KEY,
    PREFIX,
    settings_fingerprint,
    version_key,
    versions,
)


def page_article(request, slug: str, fetch: Callable[[], object]):
    """``fetch()``'s published article ``slug``, kept while it is unchanged.

    The stored article (with its category, writer, editor and hero image)
    is used while the versions of those keys are unchanged: any edit,
    unpublishing or rename bumps one of them. An article is only stored
    once live, and a live article stays live until a write, so a page miss
    needs no query. ``fetch()`` raising (404) stores nothing.
    """
    key = _slug_key(slug)
    entry = _read(request, key)
    if entry is not None and _is_current(request, entry["versions"]):
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
    key = _fragment_key("article", article.slug)
    entry = _read(request, key)
    if entry is not None and entry.get("pk") == article.pk:
        if _is_current(request, entry["versions"]):
            return entry["parts"]
    parts = render()
    entry = {"pk": article.pk, "parts": parts, "versions": versions(parts["keys"])}
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
    key = _fragment_key("related", article.slug)
    entry = _read(request, key)
    if entry is not None and entry.get("pk") == article.pk:
        if _is_current(request, entry["versions"]):
            return entry["html"], entry["cards"]
    html, cards = render()
    keys = [
        key
        for key in own_keys
        if key.startswith(("category-", "tag-")) or key == f"article-{article.pk}"
    ]
    entry = {
        "pk": article.pk,
        "html": html,
        "cards": cards,
        "versions": versions([*keys, *cards]),
    }
    _store_if_unchanged(request, key, entry)
    return html, cards


def _slug_key(slug: str) -> str:
    return f"{PREFIX}:slug:{slug}"


def _fragment_key(name: str, slug: str) -> str:
    # By slug, so that all pieces can be asked for before the article is
    # known; each entry names its article, and a slug taken over by another
    # article (the first one deleted) finds an entry for the wrong pk.
    return ":".join(
        (f"{PREFIX}:{name}", slug, translation.get_language(), settings_fingerprint())
    )


def _nav_key(version: int) -> str:
    return f"{PREFIX}:nav:{translation.get_language()}:{version}"


# --- Reading every piece of a page at once ----------------------------------------


def prefetch_article_page(request, slug: str) -> None:
    """Read the pieces of the article page ``slug`` into the request's memo.

    Two round trips: the stored pieces and the menu's version, then the
    current versions of every key they were stored with and the menu's
    items. What is missing is read (and rebuilt) piece by piece as before.
    """
    names = [
        _slug_key(slug),
        _fragment_key("article", slug),
        _fragment_key("related", slug),
        version_key(NAV_KEY),
    ]
    found = cache.get_many(names)
    memo = {name: found.get(name) for name in names}
    wanted = set()
    for name in names[:3]:
        if memo[name] is not None:
            wanted.update(version_key(key) for key in memo[name]["versions"])
    nav_version = memo[version_key(NAV_KEY)]
    if nav_version is not None:
        wanted.add(_nav_key(nav_version))
    # A version not found stays unknown; _is_current then asks versions().
    memo.update(cache.get_many(sorted(wanted)))
    request.fragment_memo = memo


def _read(request, name: str):
    memo = getattr(request, "fragment_memo", None)
    if memo is not None and name in memo:
        return memo[name]
    return cache.get(name)


def _is_current(request, stored: dict[str, int]) -> bool:
    """Whether the ``stored`` versions of some keys are still the current ones."""
    memo = getattr(request, "fragment_memo", None) or {}
    names = {version_key(key): value for key, value in stored.items()}
    if all(memo.get(name) is not None for name in names):
        return all(memo[name] == value for name, value in names.items())
    return versions(stored) == stored


def _store_if_unchanged(request, key: str, value) -> None:
    """Store ``value`` unless a purge happened since this request started
    (``request.page_cache_generation``): it may hold data read before it."""
    started = getattr(request, "page_cache_generation", None)
    if started is not None and cache.get(GENERATION) == started:
        cache.set(key, value, timeout=settings.PAGE_CACHE_SECONDS)


def nav_categories(request=None) -> list[dict]:
    """The category menu as ``{"name", "url"}`` items; one query per change."""
    from .models import Category

    memo = getattr(request, "fragment_memo", None) or {}
    version = memo.get(version_key(NAV_KEY)) or versions([NAV_KEY])[NAV_KEY]
    key = _nav_key(version)
    items = _read(request, key)
    if items is None:
        items = [
            {"name": category.name, "url": category.get_absolute_url()}
            for category in Category.objects.all()
        ]
        cache.set(key, items, timeout=settings.PAGE_CACHE_SECONDS)
    return items
