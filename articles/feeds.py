"""RSS 2.0 and Atom 1.0 feeds: the whole site, a category, a tag, an author.

Every feed reads through ``Article.objects.published()`` (via ``for_listing``)
and links to SITE_URL, never to the Host header of the request. Django's
syndication framework leaves absolute URLs alone, so links are made absolute
here.
"""

import mimetypes
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from .caching import list_page_keys
from .links import absolute_url
from .models import PRIVATE_USER_FIELDS, Article, Category, display_name
from .page_cache import reader_page, tag_response
from .sanitize import html_to_text
from .views import public_tag_or_404

ITEMS_PER_FEED = 20
# Items with machine-made key points carry
# <ai:disclosure source="llm" digitalSourceType="http://cv.iptc.org/...">text
# </ai:disclosure> in this namespace (see articles.ai_disclosure).
AI_NAMESPACE = "urn:newsroom:ai-disclosure"


@dataclass(frozen=True)
class FeedScope:
    """What one feed covers: its title, the page it follows and its articles."""

    title: str
    description: str
    page_path: str
    feed_path: str
    articles: QuerySet


def credit_line(image) -> str:
    """The plain-text credit line of ``image``: "caption (source/credit)"."""
    attribution = f"({image.attribution})" if image.attribution else ""
    return " ".join(part for part in (image.caption, attribution) if part)


def item_description_html(article) -> SafeString:
    """Key points (with the AI disclosure), lead and hero credit as escaped HTML."""
    parts = []
    if article.key_points:
        points = format_html_join("", "<li>{}</li>", ((p,) for p in article.key_points))
        parts.append(format_html("<ul>{}</ul>", points))
        disclosure = article.ai_disclosure
        if disclosure is not None:
            parts.append(format_html("<p><em>{}</em></p>", disclosure.text))
    lead = html_to_text(article.lead)
    if lead:
        place = ", ".join(p for p in (article.dateline, settings.SITE_NAME) if p)
        parts.append(format_html("<p>{} - {}</p>", place, lead))
    if article.hero_image_id:
        parts.append(format_html("<p>{}</p>", credit_line(article.hero_image)))
    return SafeString("".join(parts))


def image_enclosure(image) -> Enclosure | None:
    """An enclosure for ``image``; length 0 when its file is gone."""
    if not image.file:
        return None
    try:
        length = image.file.size
    except Exception:
        # FileSystemStorage raises OSError, remote storages their own errors;
        # a missing file must never take the whole feed down.
        length = 0
    mime_type, _encoding = mimetypes.guess_type(image.file.name)
    return Enclosure(
        url=absolute_url(image.file.url),
        length=str(length),
        mime_type=mime_type or "application/octet-stream",
    )


class DisclosureElements:
    """A feed generator mixin: the ``ai:disclosure`` element of each item."""

    def namespaced(self, attributes: dict) -> dict:
        return {**attributes, "xmlns:ai": AI_NAMESPACE}

    def add_disclosure(self, handler, item) -> None:
        disclosure = item.get("ai_disclosure")
        if disclosure is None:
            return
        handler.addQuickElement(
            "ai:disclosure",
            disclosure.text,
            {
                "source": disclosure.source,
                "digitalSourceType": disclosure.digital_source_type,
            },
        )


class DisclosingRssFeed(DisclosureElements, Rss201rev2Feed):
    def rss_attributes(self):
        return self.namespaced(super().rss_attributes())

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        self.add_disclosure(handler, item)


class DisclosingAtomFeed(DisclosureElements, Atom1Feed):
    def root_attributes(self):
        return self.namespaced(super().root_attributes())

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        self.add_disclosure(handler, item)


class ArticleFeed(Feed):
    """The newest published articles of a scope, as RSS 2.0."""

    feed_type = DisclosingRssFeed

    @property
    def language(self):
        return settings.LANGUAGE_CODE

    def get_object(self, request, scope):
        return scope

    # RSS readers treat titles, descriptions and the creator as HTML (Django's
    # default, see #6533), so text from names and tags is escaped for them.
    def title(self, scope):
        return escape(scope.title)

    def description(self, scope):
        return escape(scope.description)

    def link(self, scope):
        return absolute_url(scope.page_path)

    def feed_url(self, scope):
        return absolute_url(scope.feed_path)

    def items(self, scope):
        return scope.articles.prefetch_related("tags", "corrections")[:ITEMS_PER_FEED]

    def item_title(self, article):
        # RSS readers treat the title as HTML (Django's default, see #6533).
        return escape(article.title)

    def item_link(self, article):
        return absolute_url(article.get_absolute_url())

    def item_description(self, article):
        return item_description_html(article)

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.last_corrected_at() or article.published_at

    def item_author_name(self, article):
        return escape(display_name(article.author))

    def item_categories(self, article):
        names = [article.category.name] if article.category_id else []
        return names + [tag.name for tag in article.tags.all()]

    def item_extra_kwargs(self, article):
        return {"ai_disclosure": article.ai_disclosure}

    def item_enclosures(self, article):
        if not article.hero_image_id:
            return []
        enclosure = image_enclosure(article.hero_image)
        return [enclosure] if enclosure else []


class AtomArticleFeed(ArticleFeed):
    """The same feed as Atom 1.0."""

    feed_type = DisclosingAtomFeed

    # Atom's text constructs are type="text": plain text, escaped once by the XML.
    def title(self, scope):
        return scope.title

    def description(self, scope):
        return scope.description

    def subtitle(self, scope):
        return scope.description

    def item_title(self, article):
        return article.title

    def item_author_name(self, article):
        return display_name(article.author)


FEEDS = {"rss": ArticleFeed(), "atom": AtomArticleFeed()}


def _feed(kind: str) -> Feed:
    try:
        return FEEDS[kind]
    except KeyError:
        raise Http404("No such feed format.") from None


@reader_page()
def site_feed(request, kind):
    feed = _feed(kind)
    scope = FeedScope(
        title=settings.SITE_NAME,
        description=gettext("The latest articles from %(site)s")
        % {"site": settings.SITE_NAME},
        page_path=reverse("articles:home"),
        feed_path=request.path,
        articles=Article.objects.for_listing(),
    )
    return tag_response(feed(request, scope), list_page_keys("feed"))


@reader_page()
def category_feed(request, slug, kind):
    feed = _feed(kind)
    category = get_object_or_404(Category, slug=slug)
    scope = FeedScope(
        title=f"{settings.SITE_NAME}: {category.name}",
        description=category.description
        or gettext("The latest articles in %(category)s") % {"category": category.name},
        page_path=category.get_absolute_url(),
        feed_path=request.path,
        articles=Article.objects.for_listing().filter(category=category),
    )
    return tag_response(
        feed(request, scope), list_page_keys("feed", f"category-{category.pk}")
    )


@reader_page()
def tag_feed(request, slug, kind):
    feed = _feed(kind)
    tag = public_tag_or_404(slug)
    scope = FeedScope(
        title=f"{settings.SITE_NAME}: #{tag.name}",
        description=gettext("The latest articles tagged %(tag)s") % {"tag": tag.name},
        page_path=reverse("articles:tag", args=[tag.slug]),
        feed_path=request.path,
        articles=Article.objects.for_listing().filter(tags=tag),
    )
    return tag_response(feed(request, scope), list_page_keys("feed", f"tag-{tag.pk}"))


@reader_page()
def author_feed(request, username, kind):
    """An author's feed; 404 for unknown users and users with nothing published.

    Accounts that never published stay invisible, like drafts.
    """
    feed = _feed(kind)
    User = get_user_model()
    author = get_object_or_404(
        User.objects.select_related("profile").defer(*PRIVATE_USER_FIELDS),
        pk__in=Article.objects.published().values("author_id"),
        **{User.USERNAME_FIELD: username},
    )
    name = display_name(author)
    scope = FeedScope(
        title=f"{settings.SITE_NAME}: {name}",
        description=gettext("The latest articles by %(author)s") % {"author": name},
        page_path=reverse("articles:author", args=[author.get_username()]),
        feed_path=request.path,
        articles=Article.objects.for_listing().filter(author=author),
    )
    return tag_response(
        feed(request, scope), list_page_keys("feed", f"author-{author.pk}")
    )
