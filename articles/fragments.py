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
"""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from .caching import GENERATION, NAV_KEY, PREFIX, settings_fingerprint, versions


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
