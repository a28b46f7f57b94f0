"""Sitemaps (``sitemap.xml``, the Google News sitemap) and ``robots.txt``.

URLs are SITE_URL + path, whatever host the request came in on; only
published articles, and only the categories, tags and authors that have one,
are listed.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from .links import absolute_url, site_domain, site_scheme
from .models import Article, Category, Correction

NEWS_SITEMAP_WINDOW = timedelta(hours=48)
# Google reads at most 1,000 URLs from one news sitemap.
NEWS_SITEMAP_LIMIT = 1000


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


class ArticleSitemap(SiteURLSitemap):
    def items(self):
        last_correction = (
            Correction.objects.filter(article=OuterRef("pk"))
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        return (
            Article.objects.published()
            .select_related("category")
            .annotate(modified_at=Coalesce(Subquery(last_correction), "published_at"))
            .order_by("-published_at", "-pk")
        )


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


class TagSitemap(SiteURLSitemap):
    def items(self):
        return (
            Tag.objects.annotate(modified_at=newest_published(tags=OuterRef("pk")))
            .filter(modified_at__isnull=False)
            .exclude(slug="")
            .order_by("name")
        )

    def location(self, tag):
        return reverse("articles:tag", args=[tag.slug])


class AuthorSitemap(SiteURLSitemap):
    def items(self):
        User = get_user_model()
        return (
            User.objects.annotate(modified_at=newest_published(author=OuterRef("pk")))
            .filter(modified_at__isnull=False)
            .order_by(User.USERNAME_FIELD)
        )

    def location(self, user):
        return reverse("articles:author", args=[user.get_username()])


SITEMAPS = {
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}


def news_sitemap(request):
    """Google News sitemap: articles published in the last 48 hours."""
    since = timezone.now() - NEWS_SITEMAP_WINDOW
    articles = (
        Article.objects.published()
        .filter(published_at__gte=since)
        .select_related("category")
        .order_by("-published_at", "-pk")[:NEWS_SITEMAP_LIMIT]
    )
    entries = [
        {
            "location": absolute_url(article.get_absolute_url()),
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
