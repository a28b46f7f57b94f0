"""Sitemaps (``sitemap.xml``, the Google News sitemap) and ``robots.txt``.

URLs are SITE_URL + path, whatever host the request came in on; only
published articles, and only the categories, tags and authors that have one,
are listed.

``sitemap.xml`` is a sitemap index: it names one sitemap per section
(``sitemap-<section>.xml``) and the pages of a section (``?p=2``) without
counting anything. Article, tag and author pages cover fixed id ranges
(``ARTICLES_PER_SITEMAP``, ``LISTING_PER_SITEMAP`` ids), so the page count is
the highest id over the page size, a page's content only changes with its
own items, and old pages stay cacheable. Every page is one bounded query.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from .links import absolute_url, site_domain, site_scheme
from .models import PRIVATE_USER_FIELDS, Article, Category, Correction

NEWS_SITEMAP_WINDOW = timedelta(hours=48)
# Google reads at most 1,000 URLs from one news sitemap.
NEWS_SITEMAP_LIMIT = 1000
# The protocol allows 50,000 URLs a file. Rendering costs ~0.25 ms a URL
# (Django's sitemap template), so 2,000 keep an uncached page near half a
# second; a million articles make 500 pages, which change only when one of
# their own articles does, so caches can keep them.
ARTICLES_PER_SITEMAP = 2_000
LISTING_PER_SITEMAP = 10_000


def newest_published(**filters) -> Subquery:
    """``published_at`` of the newest published article matching ``filters``."""
    return Subquery(
        Article.objects.published()
        .filter(**filters)
        .order_by("-published_at")
        .values("published_at")[:1]
    )


class SiteURLSitemap(Sitemap):
    """A sitemap whose locations start with SITE_URL (no sites framework needed)."""

    @property
    def protocol(self):
        return site_scheme()

    def get_domain(self, site=None):
        # Everything after the scheme, so that a location is SITE_URL + path.
        return site_domain()

    def lastmod(self, item):
        return item.modified_at

    def get_latest_lastmod(self):
        # Django would compute every item's lastmod for the index; the index
        # names sections without dates instead.
        return None


class IdRangePages:
    """Sitemap pages of fixed id ranges: page n holds ids ((n-1)*size, n*size].

    The page count comes from the model's highest id (one index probe), never
    from a COUNT; a range may hold fewer (or no) listed items.
    """

    def __init__(self, queryset, size: int):
        self.queryset, self.size = queryset, size

    @property
    def num_pages(self) -> int:
        rows = self.queryset.model._default_manager
        highest = rows.aggregate(highest=Max("pk"))["highest"] or 0
        return max(1, -(-highest // self.size))

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1 or number > self.num_pages:
            raise EmptyPage("That page contains no results")
        low = (number - 1) * self.size
        return IdRange(self.queryset.filter(pk__gt=low, pk__lte=low + self.size))


class IdRange:
    """One page of ``IdRangePages`` (what the sitemap views read of a page)."""

    def __init__(self, object_list):
        self.object_list = object_list


class IdRangeSitemap(SiteURLSitemap):
    """A sitemap paged by ``IdRangePages`` of ``per_page`` ids; items by id."""

    per_page = LISTING_PER_SITEMAP

    @property
    def paginator(self):
        return IdRangePages(self.items(), self.per_page)


class ArticleSitemap(IdRangeSitemap):
    def items(self):
        last_correction = (
            Correction.objects.filter(article=OuterRef("pk"))
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        return (
            Article.objects.published()
            .select_related("category")
            .only("slug", "published_at", "category__slug")
            .annotate(modified_at=Coalesce(Subquery(last_correction), "published_at"))
            .order_by("pk")
        )

    @property
    def per_page(self):
        return ARTICLES_PER_SITEMAP


class CategorySitemap(SiteURLSitemap):
    def items(self):
        return (
            Category.objects.annotate(
                modified_at=newest_published(category=OuterRef("pk"))
            )
            .filter(modified_at__isnull=False)
            .exclude(slug="")
            .order_by("name")
        )


class TagSitemap(IdRangeSitemap):
    """Tags with a published article. No lastmod: a tag's newest article
    would cost a join per tag."""

    def items(self):
        # Any one public article of the tag, as a scalar subquery: PostgreSQL
        # runs it per tag (tag index, then the article by primary key) and
        # stops at the first, where EXISTS would become a join of both tables.
        any_public = (
            Article.objects.published()
            .filter(tags=OuterRef("pk"))
            .order_by()  # any article: no walk of the date index
            .values("pk")[:1]
        )
        return (
            Tag.objects.alias(public_article=Subquery(any_public))
            .filter(public_article__isnull=False)
            .exclude(slug="")
            .only("slug")
            .order_by("pk")
        )

    def lastmod(self, tag):
        return None

    def location(self, tag):
        return reverse("articles:tag", args=[tag.slug])


class AuthorSitemap(IdRangeSitemap):
    def items(self):
        User = get_user_model()
        # The newest published article of each author, through the author index;
        # authors without one are left out.
        return (
            User.objects.annotate(modified_at=newest_published(author=OuterRef("pk")))
            .filter(modified_at__isnull=False)
            .defer(*PRIVATE_USER_FIELDS)
            .order_by("pk")
        )

    def location(self, user):
        return reverse("articles:author", args=[user.get_username()])


SITEMAPS = {
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}


def sitemap_index(request):
    """``sitemap.xml``: every section's sitemap and its further pages."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        location = absolute_url(
            reverse("articles:sitemap_section", kwargs={"section": section})
        )
        entries.append({"location": location})
        pages = sitemap_class().paginator.num_pages
        entries.extend({"location": f"{location}?p={n}"} for n in range(2, pages + 1))
    response = render(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
    )
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def _article_location(article, prefixes: dict) -> str:
    """``absolute_url(article.get_absolute_url())``, reversing the URL once per
    category instead of once per article: up to 1,000 of them here."""
    category = article.category.slug if article.category_id else None
    prefix = prefixes.get(category)
    if prefix is None:
        # The article URL with a placeholder slug, cut before the placeholder.
        path = (
            reverse("articles:article", args=[category, "x"])
            if category
            else reverse("articles:article_short", args=["x"])
        )
        prefix = prefixes[category] = absolute_url(path)[: -len("x/")]
    return f"{prefix}{article.slug}/"


def news_sitemap(request):
    """Google News sitemap: articles published in the last 48 hours."""
    prefixes = {}  # per category, in this request's language
    since = timezone.now() - NEWS_SITEMAP_WINDOW
    articles = (
        Article.objects.published()
        .filter(published_at__gte=since)
        .select_related("category")
        .only("slug", "title", "published_at", "category__slug")
        .order_by("-published_at", "-pk")[:NEWS_SITEMAP_LIMIT]
    )
    entries = [
        {
            "location": _article_location(article, prefixes),
            "title": article.title,
            "published": timezone.localtime(article.published_at).isoformat(
                timespec="seconds"
            ),
        }
        for article in articles
    ]
    context = {
        "entries": entries,
        "publication_name": settings.SITE_NAME,
        "publication_language": settings.LANGUAGE_CODE,
    }
    response = render(
        request,
        "articles/sitemaps/news_sitemap.xml",
        context,
        content_type="application/xml",
    )
    # Like Django's sitemap views: the sitemap itself is not a search result.
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def robots_txt(request):
    """Crawl rules: no admin, portal, previews or search; where the sitemaps are."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /write/",
        "Disallow: /preview/",
        "Disallow: /search/",
        "",
        f"Sitemap: {absolute_url(reverse('articles:sitemap'))}",
        f"Sitemap: {absolute_url(reverse('articles:news_sitemap'))}",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )
