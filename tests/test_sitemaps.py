"""sitemap.xml, the Google News sitemap and robots.txt."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from tests.builders import (
    SITE_URL,
    make_article,
    make_category,
    make_small_newsroom,
    make_writer,
)

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def sitemap_locations(response):
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")}


def test_sitemap_lists_articles_categories_tags_and_authors(client):
    """sitemap.xml parses and lists every public URL kind on SITE_URL."""
    newsroom = make_small_newsroom()
    article = Article.objects.get(title="Harga cabai turun")
    locations = sitemap_locations(client.get(reverse("articles:sitemap")))
    assert locations == {
        SITE_URL + article.get_absolute_url(),
        SITE_URL + newsroom["category"].get_absolute_url(),
        SITE_URL + reverse("articles:tag", args=["pasar"]),
        SITE_URL + reverse("articles:author", args=["siti"]),
    }


def test_sitemap_leaves_out_what_has_nothing_published(client):
    """Drafts, and categories, tags and authors with only drafts, are not listed."""
    writer = make_writer("hidden")
    category = make_category("Rahasia")
    make_article(
        title="Draft",
        author=writer,
        category=category,
        tags=["secret"],
        status=Article.Status.DRAFT,
    )
    make_article(
        author=writer,
        category=category,
        tags=["secret"],
        published_at=timezone.now() + timedelta(hours=2),
    )
    assert sitemap_locations(client.get(reverse("articles:sitemap"))) == set()


def test_sitemap_lastmod_of_corrected_article_is_the_correction(client):
    """A corrected article's lastmod is the day of its newest correction."""
    article = make_article(published_at=timezone.now() - timedelta(days=10))
    corrected_at = timezone.now() - timedelta(days=2)
    Correction.objects.create(article=article, note="Fix.", created_at=corrected_at)
    root = ET.fromstring(client.get(reverse("articles:sitemap")).content)
    lastmods = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.findall(f"{SITEMAP}url")
    }
    expected = timezone.localtime(corrected_at).date().isoformat()
    assert lastmods[SITE_URL + article.get_absolute_url()] == expected


def news_entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {
        url.findtext(f"{SITEMAP}loc"): url.find(f"{NEWS}news")
        for url in root.findall(f"{SITEMAP}url")
    }


def test_news_sitemap_covers_the_last_48_hours(client):
    """Articles from the last 48 hours are in; older, scheduled and drafts are out."""
    fresh = make_article(published_at=timezone.now() - timedelta(hours=1))
    old = make_article(published_at=timezone.now() - timedelta(days=3))
    scheduled = make_article(published_at=timezone.now() + timedelta(hours=1))
    draft = make_article(status=Article.Status.DRAFT)
    entries = news_entries(client.get(reverse("articles:news_sitemap")))
    assert SITE_URL + fresh.get_absolute_url() in entries
    for hidden in (old, scheduled, draft):
        assert SITE_URL + hidden.get_absolute_url() not in entries


def test_news_sitemap_entry_has_publication_date_and_title(client):
    """Each entry names the publication, its language, the date and the title."""
    article = make_article(title="Harga cabai turun")
    [news] = news_entries(client.get(reverse("articles:news_sitemap"))).values()
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Newsroom"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "id"
    assert news.findtext(f"{NEWS}title") == "Harga cabai turun"
    published = news.findtext(f"{NEWS}publication_date")
    assert datetime.fromisoformat(published) == article.published_at.replace(
        microsecond=0
    )


def test_news_sitemap_escapes_titles(client):
    """A title with & and < is escaped in the XML and reads back unchanged."""
    make_article(title="Untung & rugi <2025>")
    response = client.get(reverse("articles:news_sitemap"))
    assert b"Untung &amp; rugi &lt;2025&gt;" in response.content
    [news] = news_entries(response).values()
    assert news.findtext(f"{NEWS}title") == "Untung & rugi <2025>"


def test_robots_txt_points_to_sitemaps_and_keeps_crawlers_out(client):
    """robots.txt names both sitemaps and disallows previews, search, admin, portal."""
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/write/", "/preview/", "/search/"):
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in lines
    assert f"Sitemap: {SITE_URL}/news-sitemap.xml" in lines
