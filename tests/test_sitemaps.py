"""sitemap.xml, the Google News sitemap and robots.txt."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import sitemaps
from articles.models import Article, Correction
from tests.builders import (
    SITE_URL,
    make_article,
    make_category,
    make_small_newsroom,
    make_writer,
)

pytestmark = pytest.mark.django_db
SITE = SITE_URL


@pytest.fixture
def newsroom():
    return make_small_newsroom()


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"

# sitemap.xml


def sitemap_entries(client) -> dict[str, str | None]:
    """Every URL of every sitemap that sitemap.xml (the index) names: its lastmod."""
    response = client.get(reverse("articles:sitemap"))
    assert response.status_code == 200
    index = ET.fromstring(response.content)
    assert index.tag == f"{SITEMAP}sitemapindex"
    entries = {}
    for location in index.iter(f"{SITEMAP}loc"):
        assert location.text.startswith(SITE + "/sitemap-")
        part = client.get(location.text.removeprefix(SITE))
        assert part.status_code == 200
        for url in ET.fromstring(part.content).findall(f"{SITEMAP}url"):
            entries[url.findtext(f"{SITEMAP}loc")] = url.findtext(f"{SITEMAP}lastmod")
    return entries


def sitemap_locations(client):
    return set(sitemap_entries(client))


def test_sitemap_lists_articles_categories_tags_and_authors(client, newsroom):
    """sitemap.xml parses and lists every public URL kind on SITE_URL."""
    article = Article.objects.get(title="Harga cabai turun")
    locations = sitemap_locations(client)
    assert locations == {
        SITE + article.get_absolute_url(),
        SITE + newsroom["category"].get_absolute_url(),
        SITE + reverse("articles:tag", args=["pasar"]),
        SITE + reverse("articles:author", args=["siti"]),
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
    assert sitemap_locations(client) == set()


def test_sitemap_lastmod_of_corrected_article_is_the_correction(client):
    """A corrected article's lastmod is the day of its newest correction."""
    article = make_article(published_at=timezone.now() - timedelta(days=10))
    corrected_at = timezone.now() - timedelta(days=2)
    Correction.objects.create(article=article, note="Fix.", created_at=corrected_at)
    lastmods = sitemap_entries(client)
    expected = timezone.localtime(corrected_at).date().isoformat()
    assert lastmods[SITE + article.get_absolute_url()] == expected


# news-sitemap.xml


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
    assert SITE + fresh.get_absolute_url() in entries
    for hidden in (old, scheduled, draft):
        assert SITE + hidden.get_absolute_url() not in entries


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


# robots.txt


def test_robots_txt_points_to_sitemaps_and_keeps_crawlers_out(client):
    """robots.txt names both sitemaps and disallows previews, search, admin, portal."""
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/write/", "/preview/", "/search/"):
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert f"Sitemap: {SITE}/news-sitemap.xml" in lines


def test_sitemap_index_pages_articles_by_id_range(client, monkeypatch):
    """Article sitemaps hold fixed id ranges; together they list every article once."""
    monkeypatch.setattr(sitemaps, "ARTICLES_PER_SITEMAP", 2)
    articles = [make_article() for _ in range(5)]
    index = ET.fromstring(client.get(reverse("articles:sitemap")).content)
    pages = [
        loc.text
        for loc in index.iter(f"{SITEMAP}loc")
        if "sitemap-articles.xml" in loc.text
    ]
    assert len(pages) == -(-max(a.pk for a in articles) // 2)
    listed = []
    for page in pages:
        root = ET.fromstring(client.get(page.removeprefix(SITE)).content)
        urls = [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]
        assert len(urls) <= 2
        listed += urls
    assert sorted(listed) == sorted(SITE + a.get_absolute_url() for a in articles)


def test_sitemap_page_out_of_range_is_not_found(client):
    """A sitemap page past the last id range answers 404."""
    make_article()
    response = client.get("/sitemap-articles.xml?p=999999")
    assert response.status_code == 404


def test_sitemap_sections_run_a_fixed_number_of_queries(client):
    """The index and each section cost the same queries for 2 or 8 articles."""

    def queries_for(count):
        Article.objects.all().delete()
        for n in range(count):
            make_article(tags=[f"t{n}"])
        with CaptureQueriesContext(connection) as queries:
            sitemap_entries(client)
        return len(queries)

    assert queries_for(2) == queries_for(8)


def test_news_sitemap_locations_are_the_articles_own_urls(client):
    """Locations built once per category match every article's own URL, with
    and without a category, in the page's language."""
    from tests.builders import make_category

    economy = make_category("Ekonomi", slug="ekonomi")
    sport = make_category("Olahraga", slug="olahraga")
    articles = [
        make_article(category=economy),
        make_article(category=economy),
        make_article(category=sport),
        make_article(category=None),
    ]
    paths = {article.get_absolute_url() for article in articles}
    entries = news_entries(client.get(reverse("articles:news_sitemap")))
    assert set(entries) == {SITE + path for path in paths}
    english = news_entries(client.get("/en" + reverse("articles:news_sitemap")))
    assert set(english) == {SITE + "/en" + path for path in paths}
