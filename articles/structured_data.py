"""Machine-readable descriptions of pages (schema.org JSON-LD).

Each function returns one JSON-LD document; templates emit each in its own
``<script type="application/ld+json">`` through the ``jsonld`` filter.
"""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from .ai_disclosure import policy_url
from .links import absolute_reverse, absolute_url
from .models import display_name
from .renditions import structured_data_images

SCHEMA_ORG = "https://schema.org"
# static/img/logo.png: a wordmark inside the 600x60 box Google asks publishers for.
LOGO_PATH = "img/logo.png"
LOGO_WIDTH, LOGO_HEIGHT = 600, 60


def image_urls(image) -> list[str]:
    """Absolute URLs of ``image``: 16:9, 4:3 and 1:1 JPEGs, else the original."""
    return structured_data_images(image)


def author_url(user) -> str:
    """The absolute URL of ``user``'s author page."""
    return absolute_reverse("articles:author", user.get_username())


def person(user) -> dict:
    """schema.org ``Person`` for a writer: byline name and author page."""
    return {"@type": "Person", "name": display_name(user), "url": author_url(user)}


def publisher() -> dict:
    """schema.org ``Organization`` for the site, with its logo."""
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": absolute_reverse("articles:home"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(static(LOGO_PATH)),
            "width": LOGO_WIDTH,
            "height": LOGO_HEIGHT,
        },
    }


def news_article(
    article, sections, *, tags=None, word_count=None, modified_at=None
) -> dict:
    """schema.org ``NewsArticle`` for ``article`` (its sections already fetched).

    ``tags``, ``word_count`` and ``modified_at`` (the newest correction) may
    be given when the caller has them, so nothing is fetched or walked twice.
    """
    tags = article.tags.all() if tags is None else tags
    if word_count is None:
        word_count = article.word_count(sections)
    if modified_at is None:
        modified_at = article.last_corrected_at()
    data = {
        "@context": SCHEMA_ORG,
        "@type": "NewsArticle",
        "mainEntityOfPage": absolute_url(article.get_absolute_url()),
        "headline": article.title[:110],
        "description": article.meta_description(),
        "datePublished": article.published_at.isoformat()
        if article.published_at
        else None,
        "dateModified": (
            modified_at or article.published_at or article.updated_at
        ).isoformat(),
        # Articles are written in one language, whatever the reader's.
        "inLanguage": settings.CONTENT_LANGUAGE,
        "author": person(article.author),
        "publisher": publisher(),
        "keywords": [tag.name for tag in tags],
        "wordCount": word_count,
    }
    if article.category_id:
        data["articleSection"] = article.category.name
    if article.hero_image and article.hero_image.file:
        data["image"] = image_urls(article.hero_image)
    if article.key_points:
        data["hasPart"] = [key_points(article)]
    return {key: value for key, value in data.items() if value is not None}


def key_points(article) -> dict:
    """The key points box: a ``CreativeWork`` whose main entity lists them.

    Machine-made points carry their IPTC ``digitalSourceType``, the
    disclosure as ``creditText``, the AI policy page as ``publishingPrinciples``
    and, once checked, the checking editor as ``editor``.
    """
    # Labels in the article's language, like the box they describe.
    with translation.override(settings.CONTENT_LANGUAGE):
        name = gettext("In short...")
        disclosure = article.ai_disclosure
        credit = disclosure.text if disclosure is not None else None
    part = {
        "@type": "CreativeWork",
        "name": name,
        "mainEntity": {
            "@type": "ItemList",
            "itemListElement": [
                {"@type": "ListItem", "position": position, "name": point}
                for position, point in enumerate(article.key_points, start=1)
            ],
        },
    }
    if disclosure is None:
        return part
    part["digitalSourceType"] = disclosure.digital_source_type
    part["creditText"] = credit
    part["publishingPrinciples"] = absolute_url(policy_url())
    if article.summary_checked_by_id is not None:
        editor = article.summary_checked_by
        part["editor"] = {"@type": "Person", "name": display_name(editor)}
    return part


def breadcrumb_list(*trail: tuple[str, str]) -> dict:
    """schema.org ``BreadcrumbList``: the front page, then ``(name, path)`` pairs."""
    crumbs = [(gettext("Home"), reverse("articles:home")), *trail]
    return {
        "@context": SCHEMA_ORG,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute_url(path),
            }
            for position, (name, path) in enumerate(crumbs, start=1)
        ],
    }


def article_breadcrumbs(article) -> dict:
    """Home › Category › Article (Home › Article without a category)."""
    trail = [(article.title, article.get_absolute_url())]
    if article.category_id:
        trail.insert(0, (article.category.name, article.category.get_absolute_url()))
    return breadcrumb_list(*trail)


def website() -> dict:
    """schema.org ``WebSite`` with the site search as its ``SearchAction``."""
    search_url = absolute_reverse("articles:search")
    return {
        "@context": SCHEMA_ORG,
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": absolute_reverse("articles:home"),
        "inLanguage": settings.LANGUAGE_CODE,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": search_url + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def profile_page(user, profile=None) -> dict:
    """schema.org ``ProfilePage`` for an author page; ``profile`` may be None."""
    entity = person(user)
    if profile is not None and profile.bio:
        entity["description"] = profile.bio
    if profile is not None and profile.avatar:
        entity["image"] = absolute_url(profile.avatar.url)
    return {
        "@context": SCHEMA_ORG,
        "@type": "ProfilePage",
        "url": entity["url"],
        "mainEntity": entity,
    }
