"""Home, category and tag pages: published-only, paginated, empty states, queries, bad names."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.builders import make_article, make_category, make_image, make_user

pytestmark = pytest.mark.django_db


def make_published(count, **fields):
    now = timezone.now()
    author = fields.pop("author", None) or make_user()
    return [
        make_article(
            author=author, published_at=now - timedelta(minutes=i + 1), **fields
        )
        for i in range(count)
    ]


def test_home_leads_with_the_newest_story(client):
    """The newest published article is the lead story, the rest follow."""
    category = make_category()
    (
        make_article(
            title="Older",
            category=category,
            published_at=timezone.now() - timedelta(days=1),
        ),
        make_article(title="Newest", category=category),
    )
    html = client.get("/").content.decode()
    assert html.index("card--lead") < html.index("Newest") < html.index("Older")


def test_home_lists_only_published_articles(client):
    """Drafts, scheduled and unpublished articles never reach the front page."""
    make_article(title="Visible story")
    make_article(title="Draft story", status=Article.Status.DRAFT)
    make_article(title="Future story", published_at=timezone.now() + timedelta(days=1))
    make_article(title="Pulled story", status=Article.Status.UNPUBLISHED)
    html = client.get("/").content.decode()
    assert "Visible story" in html
    for hidden in ("Draft story", "Future story", "Pulled story"):
        assert hidden not in html


def test_home_empty_state_reads_well(client):
    """With nothing published the front page says so politely."""
    response = client.get("/en/")
    assert response.status_code == 200
    assert "No stories published yet." in response.content.decode()


def test_home_paginates_by_twenty(client):
    """21 articles make two pages; page 2 holds the oldest; page 3 is a 404."""
    articles = make_published(21, category=make_category())
    page1 = client.get("/").content.decode()
    page2 = client.get("/?page=2").content.decode()
    assert articles[0].title in page1 and articles[19].title in page1
    assert articles[20].title not in page1
    assert articles[20].title in page2
    assert 'rel="next" href="?page=2"' in page1
    assert client.get("/?page=3").status_code == 404
    assert client.get("/?page=abc").status_code == 404


def test_category_page_lists_its_articles_only(client):
    """A category page shows its own published articles under its name."""
    economy, sport = make_category("Ekonomi"), make_category("Olahraga")
    make_article(title="Harga cabai turun", category=economy)
    make_article(title="Final bulu tangkis", category=sport)
    html = client.get(economy.get_absolute_url()).content.decode()
    assert "<h1>Ekonomi</h1>" in html
    assert "Harga cabai turun" in html
    assert "Final bulu tangkis" not in html


def test_category_page_empty_state_and_unknown_category(client):
    """An empty category explains itself; an unknown one is a 404."""
    category = make_category("Sains")
    assert (
        "No stories here yet."
        in client.get("/en" + category.get_absolute_url()).content.decode()
    )
    assert client.get("/no-such-category/").status_code == 404


def test_tag_page_lists_tagged_published_articles(client):
    """A tag page lists the published articles carrying the tag."""
    make_article(title="Tagged story", tags=["banjir"])
    make_article(title="Tagged draft", tags=["banjir"], status=Article.Status.DRAFT)
    make_article(title="Other story", tags=["kemarau"])
    response = client.get("/tag/banjir/")
    html = response.content.decode()
    assert "#banjir" in html
    assert "Tagged story" in html
    assert "Tagged draft" not in html and "Other story" not in html
    assert client.get("/tag/unknown/").status_code == 404


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # After a change, every page also asks once when the next scheduled
        # article goes live (the page cache's expiry), then caches the answer.
        # bounded count, page, categories + their blocks, navigation
        ("/", 6),
        # category, bounded count, page, navigation
        ("/cat/", 5),
        ("/cat/?page=2", 5),
        # tag, its published use, bounded count, page, navigation
        ("/tag/t/", 6),
    ],
)
def test_list_pages_query_count_is_fixed(client, url, expected):
    """List pages run the same queries for 21 and 40 cards (no per-card queries)."""
    category = make_category("Cat", slug="cat")
    image = make_image()
    counts = []
    for total in (21, 40):
        Article.objects.all().delete()
        make_published(total, category=category, hero_image=image, tags=["t"])
        cache.clear()  # both runs start cold (menu and pages not cached)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts == [expected, expected], [q["sql"] for q in queries]


def test_list_pages_stop_at_the_page_cap(client, monkeypatch):
    """Pages past MAX_LIST_PAGES are out of range (404); the count stops there."""
    monkeypatch.setattr("articles.views.MAX_LIST_PAGES", 2)
    category = make_category("Cat", slug="cat")
    make_published(45, category=category)
    response = client.get("/cat/?page=2")
    assert response.status_code == 200
    assert response.context["paginator"].count == 40
    assert response.context["paginator"].num_pages == 2
    assert client.get("/cat/?page=3").status_code == 404


@pytest.mark.parametrize(
    "url", ["/tag/a%00b/", "/author/a%00b/", "/feeds/tag/a%00b/rss/"]
)
def test_control_characters_in_names_are_404(client, url):
    """A NUL in a tag, author or tag-feed URL answers 404, never a server error."""
    assert client.get(url).status_code == 404


def test_a_tag_used_only_by_drafts_has_no_page_and_no_feed(client):
    """A draft's tag answers 404 like an unknown one, page and feed alike."""
    make_article(status=Article.Status.DRAFT, tags=["rahasia"])
    assert client.get("/tag/rahasia/").status_code == 404
    assert client.get("/feeds/tag/rahasia/rss/").status_code == 404
    make_article(tags=["rahasia"])
    assert client.get("/tag/rahasia/").status_code == 200
    assert client.get("/feeds/tag/rahasia/rss/").status_code == 200
