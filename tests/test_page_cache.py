"""The page cache: cacheable reader pages, exact invalidation, HTTP caching, purges."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import caching, page_cache
from articles.middleware import PageCacheMiddleware
from articles.models import Article, Category, Profile
from editorial import workflow
from editorial.revisions import record_revision
from tests.builders import (
    log_in,
    make_article,
    make_category,
    make_editor,
    make_image,
    make_user,
)

pytestmark = pytest.mark.django_db

purged: list[list[str]] = []


def record_purge(keys):
    """A CDN purge backend for tests: remembers the keys it was given."""
    purged.append(keys)


def failing_purge(keys):
    """A CDN purge backend that is down."""
    raise ConnectionError("CDN unreachable")


@pytest.fixture
def story():
    """A published article with a category, tags and a writer with a profile."""
    writer = make_user("sari")
    Profile.objects.create(user=writer, display_name="Sari W.")
    return make_article(
        title="Warga menanam pohon",
        category=make_category("Lingkungan", slug="lingkungan"),
        author=writer,
        tags=["hijau"],
        sections=2,
    )


def get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.content.decode()


def rendered(client, url):
    """True when the page was rendered for this request, not replayed from the cache."""
    return bool(client.get(url).templates)


def queries_for(client, url, **extra):
    """(response, number of SQL queries) of one GET."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


def reader_urls(story):
    tag = story.tags.get()
    return [
        story.get_absolute_url(),
        "/en" + story.get_absolute_url(),
        "/",
        "/en/",
        "/lingkungan/",
        f"/tag/{tag.slug}/",
        "/author/sari/",
        "/search/?q=pohon",
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/category/lingkungan/rss/",
        f"/feeds/tag/{tag.slug}/atom/",
        "/feeds/author/sari/rss/",
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/robots.txt",
    ]


# Cacheable by design -------------------------------------------------------


def test_anonymous_reader_pages_set_no_cookie_and_do_not_vary_on_it(client, story):
    """Every reader page type answers anonymously without Set-Cookie or any Vary."""
    for url in reader_urls(story):
        for attempt in ("miss", "hit"):
            response = client.get(url)
            assert response.status_code == 200, (url, attempt)
            assert not response.cookies, (url, attempt)
            assert "Vary" not in response, (url, attempt)  # the URL says it all
            assert response["Cache-Control"].startswith("public, "), url
            assert response["Surrogate-Key"], url


def test_reader_pages_are_served_from_the_cache_without_queries(client, story):
    """The second anonymous GET of each reader page runs no SQL query."""
    for url in reader_urls(story):
        client.get(url)
        response, count = queries_for(client, url)
        assert response.status_code == 200
        assert count == 0, url


def test_head_is_served_from_the_stored_get(client, story):
    """A HEAD request uses the page a GET stored."""
    client.get(story.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        response = client.head(story.get_absolute_url())
    assert response.status_code == 200
    assert len(queries) == 0


def test_cached_page_keeps_the_headers_of_the_rendered_one(client, story):
    """A hit carries the same type, language and framing headers as the miss."""
    miss = client.get("/news-sitemap.xml")
    hit = client.get("/news-sitemap.xml")
    for header in ("Content-Type", "Content-Length", "X-Robots-Tag", "X-Frame-Options"):
        assert hit[header] == miss[header], header
    assert client.get("/en/")["Content-Language"] == "en"
    assert client.get("/en/")["Content-Language"] == "en"


def test_languages_are_stored_separately(client, story):
    """/en/... and the Indonesian URL are two pages, each in its language."""
    _, indonesian = get(client, story.get_absolute_url())
    _, english = get(client, "/en" + story.get_absolute_url())
    assert 'lang="id"' in get(client, story.get_absolute_url())[1]
    assert 'lang="en"' in get(client, "/en" + story.get_absolute_url())[1]
    assert indonesian != english


# HTTP caching ------------------------------------------------------------------


def test_cache_control_for_anonymous_pages(client, story, settings):
    """Public, with browser and shared max-age and stale-while-revalidate."""
    settings.PAGE_CACHE_MAX_AGE = 30
    settings.PAGE_CACHE_S_MAXAGE = 900
    settings.PAGE_CACHE_STALE_WHILE_REVALIDATE = 45
    response = client.get(story.get_absolute_url())
    assert response["Cache-Control"] == (
        "public, max-age=30, s-maxage=900, stale-while-revalidate=45"
    )


def test_article_page_names_article_category_tags_and_author(client, story):
    """Surrogate-Key and Cache-Tag carry the article, category, tag and author keys."""
    tag = story.tags.get()
    response = client.get(story.get_absolute_url())
    keys = response["Surrogate-Key"].split(" ")
    expected = [
        f"article-{story.pk}",
        f"category-{story.category_id}",
        f"tag-{tag.pk}",
        f"author-{story.author_id}",
    ]
    assert set(expected) <= set(keys)
    assert response["Cache-Tag"] == ",".join(keys)


def test_list_pages_name_their_own_keys(client, story):
    """A category page carries ``list``, its category and the articles it lists."""
    keys = client.get("/lingkungan/")["Surrogate-Key"].split(" ")
    assert {"list", f"category-{story.category_id}", f"article-{story.pk}"} <= set(keys)
    assert f"author-{story.author_id}" in client.get("/author/sari/")["Surrogate-Key"]


def test_conditional_get_with_etag_answers_304(client, story):
    """If-None-Match with the page's ETag gets 304 Not Modified, cached or not."""
    etag = client.get(story.get_absolute_url())["ETag"]
    response = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert not response.content


def test_conditional_get_with_last_modified_answers_304(client, story):
    """If-Modified-Since at the page's Last-Modified gets 304 Not Modified."""
    last_modified = client.get("/")["Last-Modified"]
    response = client.get("/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304


def test_changed_page_answers_200_to_an_old_etag(client, story):
    """After an edit the old ETag no longer matches: the new page comes back."""
    etag = client.get(story.get_absolute_url())["ETag"]
    story.title = "Judul baru"
    story.save()
    response = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Judul baru" in response.content.decode()


def test_max_age_never_reaches_past_the_next_scheduled_publication(client, story):
    """With an article going live in 20 s, no cache may keep a page longer."""
    make_article(published_at=timezone.now() + timedelta(seconds=20))
    cache_control = client.get("/")["Cache-Control"]
    assert "s-maxage=600" not in cache_control
    s_maxage = int(cache_control.split("s-maxage=")[1].split(",")[0])
    assert 0 <= s_maxage <= 20


# Never cached --------------------------------------------------------------------


def test_logged_in_readers_are_neither_served_nor_stored(client, story):
    """A logged-in reader's page is private, rendered fresh and not stored."""
    url = story.get_absolute_url()
    log_in(client, make_user())
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "Surrogate-Key" not in response
    assert rendered(client, url)
    client.logout()
    client.cookies.clear()
    assert rendered(client, url)  # the anonymous page was never stored


def test_preview_is_private_and_never_stored(client):
    """The editorial preview sets private, no-store and leaves nothing in the cache."""
    editor = make_editor()
    draft = make_article(status=Article.Status.DRAFT, title="Secret draft")
    log_in(client, editor)
    response = client.get(f"/preview/{draft.pk}/")
    assert response["Cache-Control"] == "private, no-store"
    assert "Surrogate-Key" not in response
    assert page_cache.entry_key(response.wsgi_request) not in caching.cache


def test_post_is_never_cached(client, story):
    """A POST to a reader URL is not answered from nor stored in the cache."""
    url = story.get_absolute_url()
    response = client.post(url)
    assert "public" not in response.get("Cache-Control", "")
    assert rendered(client, url)


def test_requests_with_messages_bypass_the_cache(client, story):
    """A visitor with pending messages gets a fresh page, never a shared one."""
    url = story.get_absolute_url()
    client.get(url)
    client.cookies["messages"] = "pending"
    response = client.get(url)
    assert response.templates  # rendered, not replayed
    assert "public" not in response.get("Cache-Control", "")


def test_page_rendered_across_a_purge_is_not_stored():
    """A purge while a page renders (data may be older) keeps it out of the cache."""

    def view(request):
        caching.purge(["article-1"])  # a change commits mid-render
        return page_cache.tag_response(HttpResponse("old"), ["article-1"])

    middleware = PageCacheMiddleware(view)
    middleware(RequestFactory().get("/x/"))
    request = RequestFactory().get("/x/")
    assert page_cache.entry_key(request) not in caching.cache


# Exact, immediate invalidation ------------------------------------------------------


def test_publishing_shows_on_article_lists_and_feeds(client):
    """An article published through the workflow appears at the next request."""
    editor = make_editor()
    category = make_category("Sains", slug="sains")
    make_article(title="Older story", category=category)
    article = make_article(
        title="Fresh story",
        category=category,
        status=Article.Status.APPROVED,
        approved_by=editor,
    )
    pages = ["/", "/sains/", "/feeds/rss/", "/feeds/category/sains/rss/"]
    for url in pages:
        assert "Fresh story" not in get(client, url)[1]
    workflow.apply(article, "publish", editor, notify=False)
    assert client.get(article.get_absolute_url()).status_code == 200
    for url in pages:
        assert "Fresh story" in get(client, url)[1], url


def test_unpublishing_removes_it_everywhere(client, story):
    """An unpublished article is gone from its page, the lists and the feeds."""
    editor = make_editor()
    url = story.get_absolute_url()
    pages = ["/", "/lingkungan/", "/feeds/rss/", "/author/sari/"]
    assert client.get(url).status_code == 200
    for page in pages:
        assert "Warga menanam pohon" in get(client, page)[1]
    workflow.apply(story, "unpublish", editor, note="Wrong facts", notify=False)
    assert client.get(url).status_code == 404
    for page in pages[:3]:
        assert "Warga menanam pohon" not in get(client, page)[1], page
    assert client.get("/author/sari/").status_code == 404


def test_editing_shows_on_article_lists_and_feeds(client, story):
    """An edit saved like the desk does (save, then record_revision) shows at once."""
    pages = [story.get_absolute_url(), "/", "/lingkungan/", "/feeds/rss/"]
    for page in pages:
        get(client, page)
    story.title = "Warga menanam seribu pohon"
    story.save(update_fields=["title"])
    record_revision(story, story.author)
    for page in pages:
        assert "Warga menanam seribu pohon" in get(client, page)[1], page


def test_section_edit_shows_on_the_article(client, story):
    """Changing a section's body changes the cached article page."""
    get(client, story.get_absolute_url())
    section = story.sections.first()
    section.body = "<p>Kalimat baru.</p>"
    section.save()
    assert "Kalimat baru." in get(client, story.get_absolute_url())[1]


def test_queryset_update_is_seen(client, story):
    """``Article.objects.filter(...).update(...)`` (no post_save) still invalidates."""
    get(client, story.get_absolute_url())
    get(client, "/")
    Article.objects.filter(pk=story.pk).update(title="Judul lewat update")
    assert "Judul lewat update" in get(client, story.get_absolute_url())[1]
    assert "Judul lewat update" in get(client, "/")[1]


def test_correction_shows_on_the_article(client, story):
    """A correction added through the workflow appears on the cached page."""
    get(client, story.get_absolute_url())
    workflow.add_correction(story, make_editor(), "Nama narasumber diperbaiki.")
    assert "Nama narasumber diperbaiki." in get(client, story.get_absolute_url())[1]


def test_schedule_passing_shows_without_any_write(client, story):
    """When published_at passes the article appears, though nothing was saved."""
    go_live = timezone.now() + timedelta(hours=1)
    article = make_article(
        title="Scheduled story", category=story.category, published_at=go_live
    )
    url = article.get_absolute_url()
    pages = ["/", "/lingkungan/", "/feeds/rss/", story.get_absolute_url()]
    assert client.get(url).status_code == 404
    for page in pages:
        assert "Scheduled story" not in get(client, page)[1]
    later = go_live + timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        with CaptureQueriesContext(connection) as writes:
            assert client.get(url).status_code == 200
            for page in pages:
                assert "Scheduled story" in get(client, page)[1], page
    assert not [q for q in writes if q["sql"].startswith(("UPDATE", "INSERT"))]


def test_category_change_shows_on_article_and_lists(client, story):
    """Renaming a category changes the article's kicker, the menu and the lists."""
    pages = [story.get_absolute_url(), "/", "/lingkungan/", "/feeds/rss/"]
    for page in pages:
        get(client, page)
    category = Category.objects.get(pk=story.category_id)
    category.name = "Alam"
    category.save()
    for page in pages:
        assert "Alam" in get(client, page)[1], page
    assert ">Lingkungan</a>" not in get(client, story.get_absolute_url())[1]


def test_author_display_name_change_shows_everywhere(client, story):
    """A new display name shows on the byline, the author page and the feeds."""
    pages = [story.get_absolute_url(), "/author/sari/", "/feeds/rss/"]
    for page in pages:
        get(client, page)
    profile = Profile.objects.get(user=story.author)
    profile.display_name = "Sari Wulandari"
    profile.save()
    for page in pages:
        assert "Sari Wulandari" in get(client, page)[1], page


def test_image_credit_change_shows_on_article_and_related_cards(client, story):
    """A corrected credit or alt text shows on the article and where it is a card."""
    image = make_image(credit="Jane Doe")
    story.hero_image = image
    story.save()
    sibling = make_article(title="Sister story", tags=["hijau"], hero_image=image)
    get(client, story.get_absolute_url())
    get(client, sibling.get_absolute_url())
    image.credit = "Budi Santoso"
    image.alt_text = "Bibit pohon di taman"
    image.save()
    assert "Budi Santoso" in get(client, story.get_absolute_url())[1]
    related = get(client, sibling.get_absolute_url())[1].split('class="related"')[1]
    assert 'alt="Bibit pohon di taman"' in related


def test_new_tag_shows_on_the_tag_page_and_article(client, story):
    """Tagging an article adds it to the tag page and the tag to its page."""
    get(client, story.get_absolute_url())
    story.tags.add("banjir")
    assert "#banjir" in get(client, story.get_absolute_url())[1]
    assert "Warga menanam pohon" in get(client, "/tag/banjir/")[1]


def test_publishing_refreshes_related_blocks_of_articles_sharing_a_tag(client, story):
    """A new article sharing a tag appears among the related articles at once."""
    editor = make_editor()
    get(client, story.get_absolute_url())
    sibling = make_article(
        title="Sister story",
        tags=["hijau"],
        status=Article.Status.APPROVED,
        approved_by=editor,
    )
    workflow.apply(sibling, "publish", editor, notify=False)
    assert "Sister story" in get(client, story.get_absolute_url())[1]


def test_a_change_does_not_invalidate_unrelated_pages(client, story):
    """Editing one article leaves another article's cached page in place."""
    other = make_article(title="Unrelated", category=make_category("Olahraga"))
    client.get(other.get_absolute_url())
    story.title = "Judul baru"
    story.save()
    assert queries_for(client, other.get_absolute_url())[1] == 0
    assert rendered(client, "/")  # the front page lists the edited one


def test_lost_schedule_record_starts_a_new_epoch(client, story):
    """Without the schedule record (evicted) no stored page is trusted."""
    client.get("/")
    caching.cache.delete(caching.SCHEDULE_KEY)
    assert rendered(client, "/")


# The CDN purge hook -------------------------------------------------------------


def test_purge_backend_gets_the_keys_after_commit(
    story, settings, django_capture_on_commit_callbacks
):
    """A content change hands its keys to PAGE_CACHE_PURGE_BACKEND on commit."""
    settings.PAGE_CACHE_PURGE_BACKEND = "tests.test_page_cache.record_purge"
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(story, "unpublish", make_editor(), note="x", notify=False)
    keys = {key for call in purged for key in call}
    assert {f"article-{story.pk}", f"category-{story.category_id}", "list"} <= keys


def test_purge_backend_is_called_once_per_transaction(
    story, settings, django_capture_on_commit_callbacks
):
    """The many purges of one save (article, sections, tags) reach the CDN as one call."""
    settings.PAGE_CACHE_PURGE_BACKEND = "tests.test_page_cache.record_purge"
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            story.title = "Judul baru"
            story.save()
            story.sections.first().save()
            story.tags.add("banjir")
    assert len(purged) == 1
    assert purged[0] == sorted(set(purged[0]))
    assert {f"article-{story.pk}", "list"} <= set(purged[0])


def test_purge_can_be_called_directly(client, story):
    """``purge(keys_for_article(article))`` invalidates the article's pages."""
    client.get(story.get_absolute_url())
    client.get("/")
    caching.purge(caching.keys_for_article(story))
    assert queries_for(client, story.get_absolute_url())[1] > 0
    assert rendered(client, "/")


def test_a_failing_purge_backend_never_breaks_a_save(
    story, settings, django_capture_on_commit_callbacks
):
    """A CDN outage is logged; the editor's change is saved."""
    settings.PAGE_CACHE_PURGE_BACKEND = "tests.test_page_cache.failing_purge"
    with django_capture_on_commit_callbacks(execute=True):
        story.title = "Tetap tersimpan"
        story.save()
    assert Article.objects.get(pk=story.pk).title == "Tetap tersimpan"


def test_page_cache_can_be_switched_off(client, story, settings):
    """PAGE_CACHE=False renders every request."""
    settings.PAGE_CACHE = False
    client.get("/")
    assert rendered(client, "/")


def test_bulk_update_and_locked_update_are_seen(client, story):
    """``bulk_update`` and an update on a ``select_for_update`` queryset invalidate."""
    get(client, story.get_absolute_url())
    story.title = "Lewat bulk_update"
    Article.objects.bulk_update([story], ["title"])
    assert "Lewat bulk_update" in get(client, story.get_absolute_url())[1]
    Article.objects.select_for_update().filter(pk=story.pk).update(title="Terkunci")
    assert "Terkunci" in get(client, story.get_absolute_url())[1]
