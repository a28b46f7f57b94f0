"""Reader pages read the archive through indexes (PostgreSQL plans).

A module fixture generates a realistic archive (``generate_articles``, about
21,000 rows with sections and tags) and ANALYZEs it; each test requests a
reader page, then EXPLAINs every query the page ran and asserts that none
scans ``articles_article`` sequentially or reads more than a bounded number of
its rows (EXPLAIN ANALYZE). The data is committed for the module
and removed after it.
"""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import sitemaps
from articles.models import Article, Category
from articles.search import uses_full_text_search
from articles.synthetic import COMMON_WORD, RARE_WORD

pytestmark = [
    pytest.mark.skipif(
        not uses_full_text_search(),
        reason="query plans are PostgreSQL's; SQLite plans say nothing about them",
    ),
    pytest.mark.django_db,
]

ARCHIVE_SIZE = 20_000
SEQ_SCAN = "Seq Scan on articles_article"
# An index can be walked from end to end too, or once per row of another
# table: no query may read more article rows than this (a quarter of the
# archive; bounded queries read a page, a capped count or a sitemap page).
MAX_ARTICLE_ROWS_READ = 5_000


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """A generated archive of ARCHIVE_SIZE published articles, analysed."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
    ):
        call_command("generate_articles", count=ARCHIVE_SIZE, no_progress=True)
        yield
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE articles_articletag, articles_section, articles_article, "
                "articles_profile, articles_category, articles_image, taggit_tag "
                "CASCADE"
            )
        from django.contrib.auth import get_user_model

        get_user_model().objects.filter(username__startswith="gen-").delete()


def article_queries(client, url, params=None) -> list[str]:
    """The SQL of every query that ``url`` runs against the article table."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return [q["sql"] for q in queries if "articles_article" in q["sql"]]


def article_rows_read(node: dict) -> int:
    """Rows of articles_article that a plan node and its children read (ANALYZE)."""
    rows = 0
    if node.get("Relation Name") == "articles_article":
        per_loop = node["Actual Rows"] + node.get("Rows Removed by Filter", 0)
        rows += per_loop * node["Actual Loops"]
    return rows + sum(article_rows_read(child) for child in node.get("Plans", []))


def assert_uses_indexes(client, url, params=None) -> None:
    """No query of ``url`` scans the article table or reads much of it."""
    sqls = article_queries(client, url, params)
    assert sqls, url
    with connection.cursor() as cursor:
        for sql in sqls:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert SEQ_SCAN not in plan, f"{url}\n{sql}\n{plan}"
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            read = article_rows_read(cursor.fetchone()[0][0]["Plan"])
            assert read < MAX_ARTICLE_ROWS_READ, f"{url}: {read} rows\n{sql}\n{plan}"


def a_public_article() -> Article:
    return Article.objects.published().select_related("category").order_by("pk")[500]


def test_home_page_uses_indexes(archive, client):
    """The front page (latest stories, category blocks) walks indexes only."""
    assert_uses_indexes(client, "/")


def test_category_pages_use_indexes(archive, client):
    """A category's first and deepest pages walk the category index."""
    category = Category.objects.order_by("pk").first()
    assert_uses_indexes(client, category.get_absolute_url())
    assert_uses_indexes(client, category.get_absolute_url(), {"page": 50})


def test_tag_pages_use_indexes(archive, client):
    """A popular and a rare tag's pages go through the tag index."""
    tags = (
        Article.tags.through.objects.values("tag__slug").order_by("tag_id").distinct()
    )
    popular, rare = tags.first()["tag__slug"], tags.last()["tag__slug"]
    for slug in (popular, rare):
        assert_uses_indexes(client, reverse("articles:tag", args=[slug]))


def test_author_page_uses_indexes(archive, client):
    """An author's page walks the author index."""
    author = a_public_article().author
    assert_uses_indexes(client, reverse("articles:author", args=[author.username]))


def test_article_page_related_articles_use_indexes(archive, client):
    """The article page, related articles included, reads by index."""
    assert_uses_indexes(client, a_public_article().get_absolute_url())


def test_feeds_use_indexes(archive, client):
    """The site and category feeds read the newest items by index."""
    category = Category.objects.order_by("pk").first()
    assert_uses_indexes(client, "/feeds/rss/")
    assert_uses_indexes(client, f"/feeds/category/{category.slug}/rss/")


def test_sitemaps_use_indexes(archive, client, monkeypatch):
    """The sitemap index and its sections read by index.

    Article pages shrink to 1,000 ids here, 5% of this small archive (a
    sequential scan could rightly win for a larger share).
    """
    monkeypatch.setattr(sitemaps, "ARTICLES_PER_SITEMAP", 1000)
    assert_uses_indexes(client, reverse("articles:sitemap"))
    for section in ("articles", "categories", "tags", "authors"):
        url = reverse("articles:sitemap_section", kwargs={"section": section})
        assert_uses_indexes(client, url, {"p": 3} if section == "articles" else {})


@pytest.mark.parametrize("word", [COMMON_WORD, "banjir"])
def test_search_uses_indexes(archive, client, word):
    """Search for a common word walks the date index and reads a bounded part."""
    assert_uses_indexes(client, reverse("articles:search"), {"q": word})


def test_rare_word_search_can_use_the_text_index(archive, client):
    """A rare word's matches come from the GIN index when scanning is costly.

    At this test's 21,000 rows a sequential scan of a rare word is cheap and
    PostgreSQL may rightly choose it; at a million rows it never would. So the
    plan is taken with sequential scans priced out, which shows that the
    query's form can use the index (it would not if, say, the vector were
    wrapped in a function the index does not cover).
    """
    sqls = article_queries(client, reverse("articles:search"), {"q": RARE_WORD})
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in sqls:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert SEQ_SCAN not in plan, plan


def test_desk_home_and_scheduled_today_use_indexes(archive, editor_client):
    """The desk home's counts and oldest submission, and the "scheduled today"
    list a count links to, read the archive by index. (The unfiltered list's
    capped count reads at most 10,000 rows by design: CappedCountPaginator.)"""
    assert_uses_indexes(editor_client, reverse("admin:index"))
    assert_uses_indexes(
        editor_client,
        reverse("admin:articles_article_changelist"),
        {"scheduled": "today"},
    )


def test_json_api_lists_use_indexes(archive, client, settings):
    """The API's article lists (first page, a deep cursor, filters) and the
    tag and author lists read by index, like the reader pages."""
    from api.pagination import encode_cursor

    settings.API_ANON_RATE = None
    middle = Article.objects.published().order_by("-published_at", "-pk")[10_000]
    cursor = encode_cursor([middle.published_at, middle.pk])
    category = Category.objects.order_by("pk").first()
    tag = Article.tags.through.objects.order_by("tag_id").first().tag
    for params in [
        {},
        {"cursor": cursor, "page_size": 100},
        {"category": category.slug, "cursor": cursor},
        {"tag": tag.slug},
        {"author": middle.author_id},
        {"published_since": middle.published_at.isoformat()},
    ]:
        assert_uses_indexes(client, "/api/v1/articles/", params)
    assert_uses_indexes(client, f"/api/v1/articles/{middle.pk}/")
    assert_uses_indexes(client, "/api/v1/tags/", {"page_size": 100})
    assert_uses_indexes(client, "/api/v1/authors/", {"page_size": 100})
