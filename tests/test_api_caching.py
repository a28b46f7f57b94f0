"""The API's caching: reader-page headers, validators, 304s, invalidation, query counts."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone
from django.utils.http import http_date

from api.keys import create_api_key
from articles import page_cache
from articles.middleware import _may_be_reader_path
from articles.models import Article, Correction, Profile, Section
from tests.builders import make_article, make_category, make_image

pytestmark = pytest.mark.django_db

READER_CACHE_CONTROL = "public, max-age=60, s-maxage=600, stale-while-revalidate=60"
LISTS = [
    "/api/v1/articles/",
    "/api/v1/categories/",
    "/api/v1/tags/",
    "/api/v1/authors/",
]


def test_anonymous_answers_are_cacheable_like_reader_pages(client):
    """Cache-Control as the reader pages, ETag, Last-Modified, surrogate keys, no cookie, no Vary."""
    article = make_article()
    for url in [*LISTS, f"/api/v1/articles/{article.pk}/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == READER_CACHE_CONTROL
        assert response["ETag"].startswith('"')
        assert response["Last-Modified"]
        assert (
            "list" in response["Surrogate-Key"]
            or "article-" in (response["Surrogate-Key"])
        )
        assert not response.cookies
        assert "Vary" not in response
        assert "Content-Language" not in response


def test_article_detail_names_what_it_shows_for_cdn_purges(client):
    """The detail's surrogate keys are the article page's: article, writer, category, images, tags."""
    article = make_article(hero_image=make_image(), tags=["banjir"])
    keys = client.get(f"/api/v1/articles/{article.pk}/")["Surrogate-Key"].split()
    assert f"article-{article.pk}" in keys
    assert f"author-{article.author_id}" in keys
    assert f"category-{article.category_id}" in keys
    assert f"image-{article.hero_image_id}" in keys
    assert any(key.startswith("tag-") for key in keys)


def test_conditional_requests_get_304(client):
    """If-None-Match with the ETag, or If-Modified-Since, answers 304 with no body."""
    article = make_article()
    url = f"/api/v1/articles/{article.pk}/"
    first = client.get(url)
    by_etag = client.get(url, headers={"if-none-match": first["ETag"]})
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]
    later = http_date(timezone.now().timestamp() + 60)
    by_date = client.get(url, headers={"if-modified-since": later})
    assert by_date.status_code == 304
    changed = client.get(url, headers={"if-none-match": '"something-else"'})
    assert changed.status_code == 200


def test_a_stored_answer_is_served_without_a_query(client, django_assert_num_queries):
    """The second identical request is answered from the cache."""
    article = make_article()
    for url in [*LISTS, f"/api/v1/articles/{article.pk}/"]:
        client.get(url)
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200


def test_changes_show_at_once(client):
    """Editing, publishing and unpublishing change the next answer, with a new ETag."""
    article = make_article(sections=1)
    url = f"/api/v1/articles/{article.pk}/"
    before = client.get(url)
    Article.objects.filter(pk=article.pk).update(title="A new title")
    after = client.get(url)
    assert after.json()["title"] == "A new title"
    assert after["ETag"] != before["ETag"]
    section = Section.objects.get(article=article)
    section.heading = "New heading"
    section.save()
    assert client.get(url).json()["sections"][0]["heading"] == "New heading"
    Correction.objects.create(article=article, note="Fixed.")
    assert client.get(url).json()["corrections"][0]["note"] == "Fixed."
    Profile.objects.create(user=article.author, display_name="Renamed")
    assert client.get(url).json()["author"]["display_name"] == "Renamed"
    listed = client.get("/api/v1/articles/").json()
    newer = make_article()
    assert client.get("/api/v1/articles/").json()["results"][0]["id"] == newer.pk
    assert listed["results"][0]["id"] == article.pk
    Article.objects.filter(pk=article.pk).update(status=Article.Status.UNPUBLISHED)
    assert client.get(url).status_code == 404
    assert [a["id"] for a in client.get("/api/v1/articles/").json()["results"]] == [
        newer.pk
    ]


def test_a_category_rename_shows_in_the_category_list(client):
    """Categories are listed afresh after a change."""
    category = make_category("Politik")
    client.get("/api/v1/categories/")
    category.name = "Politics"
    category.save()
    assert client.get("/api/v1/categories/").json()["results"][0]["name"] == "Politics"


def test_a_scheduled_article_appears_when_its_time_comes(client):
    """The list stored before a scheduled publication is not served after it."""
    from freezegun import freeze_time

    now = timezone.now()
    make_article(published_at=now - timedelta(hours=1))
    scheduled = make_article(published_at=now + timedelta(minutes=5))
    with freeze_time(now):
        response = client.get("/api/v1/articles/")
        assert len(response.json()["results"]) == 1
        # max-age never reaches past the scheduled publication.
        assert (
            "s-maxage=299" in response["Cache-Control"]
            or "s-maxage=300" in (response["Cache-Control"])
        )
    with freeze_time(now + timedelta(minutes=6)):
        results = client.get("/api/v1/articles/").json()["results"]
        assert results[0]["id"] == scheduled.pk
        assert client.get(f"/api/v1/articles/{scheduled.pk}/").status_code == 200


def test_answers_with_an_api_key_are_private(client):
    """A partner's answer is kept out of shared caches, yet still has validators."""
    make_article()
    _, key = create_api_key(name="app", partner="Mitra")
    response = client.get("/api/v1/articles/", headers={"x-api-key": key})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    assert "Surrogate-Key" not in response
    again = client.get(
        "/api/v1/articles/",
        headers={"x-api-key": key, "if-none-match": response["ETag"]},
    )
    assert again.status_code == 304
    assert again["Cache-Control"] == "private, no-cache"


def test_the_reader_page_cache_leaves_api_urls_alone():
    """The page-cache middleware never stores or serves API answers (no double caching)."""
    factory = RequestFactory()
    for url in [*LISTS, "/api/v1/articles/1/", "/api/v1/openapi.json"]:
        assert not _may_be_reader_path(factory.get(url).path_info)


@pytest.mark.parametrize("url", ["/api/v1/articles/12345/", "/api/v1/tags/?cursor=x"])
def test_errors_are_not_stored(client, url):
    """A 400 or 404 is never kept in the cache."""
    assert client.get(url).status_code in (400, 404)
    assert cache.get(page_cache.entry_key(RequestFactory().get(url))) is None
    assert client.get("/api/v1/tags/").status_code == 200
    stored = cache.get(page_cache.entry_key(RequestFactory().get("/api/v1/tags/")))
    assert stored is not None


# --- Query counts ------------------------------------------------------------


def _populate():
    category = make_category()
    for n in range(4):
        article = make_article(
            category=category,
            hero_image=make_image(),
            tags=[f"tag{n}", "common"],
            sections=2,
        )
        Profile.objects.create(user=article.author, display_name=f"Writer {n}")
        Correction.objects.create(article=article, note="Fixed.")
    return article


@pytest.mark.parametrize(
    ("url", "queries", "items"),
    [
        ("/api/v1/articles/", 2, 4),
        ("/api/v1/articles/?tag=common", 3, 4),
        ("/api/v1/categories/", 2, 1),
        ("/api/v1/tags/", 2, 5),
        ("/api/v1/authors/", 2, 4),
    ],
)
def test_lists_run_a_fixed_number_of_queries_whatever_the_page_size(
    client, django_assert_num_queries, url, queries, items
):
    """Page size 1 and 100 cost the same queries from a cold cache (the
    next-publication lookup, the tag for a tag filter, then the page)."""
    _populate()
    separator = "&" if "?" in url else "?"
    for size in (1, 100):
        cache.clear()
        with django_assert_num_queries(queries):
            response = client.get(f"{url}{separator}page_size={size}")
        assert response.status_code == 200
        assert len(response.json()["results"]) == min(size, items)


def test_article_detail_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    """Detail from a cold cache: next publication, article, sections, tags, corrections."""
    article = _populate()
    cache.clear()
    with django_assert_num_queries(5):
        assert client.get(f"/api/v1/articles/{article.pk}/").status_code == 200
    cache.clear()
    with django_assert_num_queries(5):
        assert client.get(f"/api/v1/articles/by-slug/{article.slug}/").status_code == (
            200
        )


def test_renditions_made_after_a_request_are_listed_within_a_minute(client):
    """An answer showing an image without renditions is kept only briefly."""
    from freezegun import freeze_time

    from articles.models import Image
    from articles.renditions import ensure_renditions

    hero = make_image()
    Image.objects.filter(pk=hero.pk).update(renditions={})  # not made yet
    article = make_article(hero_image=hero)
    url = f"/api/v1/articles/{article.pk}/"
    now = timezone.now()
    with freeze_time(now):
        assert client.get(url).json()["hero"]["renditions"] == []
        ensure_renditions(Image.objects.get(pk=hero.pk))  # the background task
        assert client.get(url).json()["hero"]["renditions"] == []
    with freeze_time(now + timedelta(seconds=61)):
        assert client.get(url).json()["hero"]["renditions"] != []


def test_a_keyed_request_never_makes_an_anonymous_answer_private(client):
    """Keyed and anonymous clients share the stored data, each with its own headers."""
    make_article()
    _, key = create_api_key(name="app", partner="Mitra")
    keyed = client.get("/api/v1/articles/", headers={"x-api-key": key})
    anonymous = client.get("/api/v1/articles/")
    assert anonymous.content == keyed.content
    assert anonymous["Cache-Control"] == READER_CACHE_CONTROL
    assert "Surrogate-Key" in anonymous
    again = client.get("/api/v1/articles/", headers={"x-api-key": key})
    assert again["Cache-Control"] == "private, no-cache"


def test_without_the_page_cache_answers_are_fresh_but_keep_validators(
    client, settings, django_assert_num_queries
):
    """PAGE_CACHE=False renders every request, still with ETag and 304s."""
    settings.PAGE_CACHE = False
    make_article()
    first = client.get("/api/v1/articles/")
    with django_assert_num_queries(1):
        again = client.get(
            "/api/v1/articles/", headers={"if-none-match": first["ETag"]}
        )
    assert again.status_code == 304


def test_a_logged_in_editor_gets_the_same_public_answer(editor_client):
    """A session cookie neither changes the answer nor adds Vary: Cookie."""
    make_article()
    response = editor_client.get("/api/v1/articles/")
    assert response.status_code == 200
    assert response["Cache-Control"] == READER_CACHE_CONTROL
    assert "Vary" not in response
    assert not response.cookies
