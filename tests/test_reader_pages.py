"""Front page blocks, author pages, feed links and the error pages."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, path
from django.utils import timezone, translation

import newsroom.urls
from articles.models import Article, Profile
from tests.builders import (
    image_bytes,
    make_article,
    make_category,
    make_image,
    make_user,
)


def _boom(request):
    raise RuntimeError("boom")


# Used as the URLconf of the end-to-end 500 test: the site plus a failing view.
urlpatterns = [path("boom/", _boom), *newsroom.urls.urlpatterns]
handler500 = newsroom.urls.handler500


def published(count, *, start=0, **fields):
    """``count`` published articles, newest first, one minute apart."""
    now = timezone.now()
    return [
        make_article(published_at=now - timedelta(minutes=start + i + 1), **fields)
        for i in range(count)
    ]


def category_blocks(html):
    """{category heading: [card titles]} of the front page's category blocks."""
    blocks = re.findall(r'<section class="category-block".*?</section>', html, re.S)
    result = {}
    for block in blocks:
        heading = re.search(r'<h2 class="section-title"[^>]*><a [^>]*>(.*?)</a>', block)
        titles = re.findall(r'<h3 class="card__title"><a [^>]*>(.*?)</a>', block)
        result[heading.group(1)] = titles
    return result


def assert_site_frame(html, prefix=""):
    assert '<header class="site-header">' in html
    assert f'<a class="site-name" href="{prefix}/">Newsroom</a>' in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert '<footer class="site-footer">' in html


# Front page ---------------------------------------------------------------


@pytest.mark.django_db
def test_home_has_a_block_per_category_with_its_four_newest(client):
    """Each category gets a block of its four newest stories, linked to its page."""
    economy, sport = make_category("Ekonomi"), make_category("Olahraga")
    make_category("Kosong")
    economy_stories = published(6, category=economy)
    sport_stories = published(2, start=10, category=sport)
    make_article(title="Draft in economy", category=economy, status="draft")
    html = client.get("/").content.decode()
    blocks = category_blocks(html)
    assert list(blocks) == ["Ekonomi", "Olahraga"]  # no block for an empty one
    assert blocks["Ekonomi"] == [a.title for a in economy_stories[:4]]
    assert blocks["Olahraga"] == [a.title for a in sport_stories]
    block = html[html.index('<section class="category-block"') :]
    assert 'href="/ekonomi/"' in block and 'href="/olahraga/"' in block


@pytest.mark.django_db
def test_home_keeps_lead_and_latest_stories_above_the_blocks(client):
    """The lead story and the latest list come first, then the category blocks."""
    published(3, category=make_category("Ekonomi"))
    html = client.get("/").content.decode()
    lead = html.index("card--lead")
    latest = html.index('<h2 class="section-title">')
    assert lead < latest < html.index('<section class="category-block"')


@pytest.mark.django_db
def test_home_page_two_is_only_the_list(client):
    """Later pages of the front page list stories without lead or blocks."""
    stories = published(21, category=make_category())
    html = client.get("/?page=2").content.decode()
    assert stories[20].title in html
    assert "card--lead" not in html
    assert "category-block" not in html


@pytest.mark.django_db
def test_home_query_count_is_fixed_for_categories_and_cards(client):
    """The front page runs as many queries for 2 categories and 2 stories as for
    6 categories and 20 stories."""
    image = make_image()
    author = make_user()
    counts = []
    for category_count, story_count in ((2, 2), (6, 20)):
        Article.objects.all().delete()
        categories = [make_category() for _ in range(category_count)]
        for i in range(story_count):
            published(
                1,
                start=i,
                category=categories[i % category_count],
                author=author,
                hero_image=image,
                tags=["t"],
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    # bounded count, page, categories and their blocks (one bounded index walk
    # each, in one query), navigation categories
    assert counts[0] == 5


# Author pages -------------------------------------------------------------


@pytest.fixture
def profiled_writer(writer):
    """``writer`` with a display name and a two-line bio."""
    Profile.objects.create(
        user=writer,
        display_name="Sari W.",
        bio="Penulis warga dari Bogor.\nSuka menanam.",
    )
    return writer


@pytest.mark.django_db
def test_author_page_shows_name_badge_bio_and_published_articles(
    client, profiled_writer
):
    """The author page names the writer, shows badge and bio, lists their stories."""
    published(2, author=profiled_writer, title="Pohon untuk kota")
    make_article(author=profiled_writer, title="Unfinished draft", status="draft")
    make_article(title="Someone else's story")
    response = client.get("/en/author/sari/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Sari W.</h1>" in html
    assert '<span class="badge badge--writer">writer</span>' in html
    assert "Penulis warga dari Bogor.<br>Suka menanam." in html
    assert html.count("Pohon untuk kota") >= 2
    assert "Unfinished draft" not in html
    assert "Someone else&#x27;s story" not in html
    canonical = "https://news.example.org/en/author/sari/"  # each language its own
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert "<title>Sari W. | Newsroom</title>" in html


@pytest.mark.django_db
def test_author_page_badge_label_is_translated(client, profiled_writer):
    """The badge reads "penulis" in Indonesian."""
    make_article(author=profiled_writer)
    html = client.get("/author/sari/").content.decode()
    assert '<span class="badge badge--writer">penulis</span>' in html


@pytest.mark.django_db
def test_author_page_avatar_is_a_decorative_sized_image(client, profiled_writer):
    """The avatar is a plain <img> with width, height and an empty alt."""
    from django.core.files.base import ContentFile

    profiled_writer.profile.avatar.save(
        "me.jpg", ContentFile(image_bytes(size=(80, 60)))
    )
    make_article(author=profiled_writer)
    html = client.get("/author/sari/").content.decode()
    assert re.search(
        r'<img class="avatar author-header__avatar" src="/media/avatars/[^"]+" '
        r'alt="" width="80" height="60">',
        html,
    )


@pytest.mark.django_db
def test_author_page_without_profile_uses_full_name(client):
    """A writer without a profile is named by their full name, without avatar."""
    user = make_user("budi", first_name="Budi", last_name="Santoso")
    make_article(author=user)
    html = client.get("/author/budi/").content.decode()
    assert "<h1>Budi Santoso</h1>" in html
    assert "author-header__avatar" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "setup",
    ["unknown", "no articles", "only a draft", "only scheduled", "only unpublished"],
)
def test_author_page_is_404_without_a_published_article(client, setup):
    """Unknown users and users with nothing published have no author page."""
    user = make_user("member")
    if setup == "only a draft":
        make_article(author=user, status=Article.Status.DRAFT)
    elif setup == "only scheduled":
        make_article(author=user, published_at=timezone.now() + timedelta(days=1))
    elif setup == "only unpublished":
        make_article(author=user, status=Article.Status.UNPUBLISHED)
    username = "nobody" if setup == "unknown" else "member"
    assert client.get(f"/author/{username}/").status_code == 404


@pytest.mark.django_db
def test_author_page_paginates_and_out_of_range_is_404(client, profiled_writer):
    """21 articles make two author pages; page 3 is a 404."""
    stories = published(21, author=profiled_writer)
    page2 = client.get("/author/sari/?page=2")
    assert page2.status_code == 200
    assert stories[20].title in page2.content.decode()
    assert client.get("/author/sari/?page=3").status_code == 404


@pytest.mark.django_db
def test_author_page_query_count_is_fixed(client, profiled_writer):
    """The author page runs as many queries for 2 stories as for 20."""
    image = make_image()
    counts = []
    for total in (2, 20):
        Article.objects.all().delete()
        published(total, author=profiled_writer, hero_image=image, tags=["t"])
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/author/sari/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.django_db
def test_article_byline_links_to_the_author_page(client, profiled_writer):
    """The byline on the article page links the writer's name to their page."""
    article = make_article(author=profiled_writer)
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="/author/sari/" rel="author">Sari W.</a>' in html


# Feed links ---------------------------------------------------------------


def feed_links(html):
    return re.findall(
        r'<link rel="alternate" type="application/(rss|atom)\+xml" '
        r'title="[^"]+" href="([^"]+)">',
        html,
    )


@pytest.mark.django_db
def test_every_page_links_the_site_feeds(client):
    """The site's RSS and Atom feeds are announced on the front page and articles."""
    article = make_article()
    for url in ("/", article.get_absolute_url()):
        links = feed_links(client.get(url).content.decode())
        assert ("rss", "/feeds/rss/") in links
        assert ("atom", "/feeds/atom/") in links


@pytest.mark.django_db
def test_list_pages_link_their_own_feeds(client, profiled_writer):
    """Category, tag and author pages announce their own RSS and Atom feeds."""
    make_article(
        category=make_category("Ekonomi"), author=profiled_writer, tags=["banjir"]
    )
    expected = {
        "/ekonomi/": "/feeds/category/ekonomi/",
        "/tag/banjir/": "/feeds/tag/banjir/",
        "/author/sari/": "/feeds/author/sari/",
    }
    for page, feed in expected.items():
        links = feed_links(client.get(page).content.decode())
        assert ("rss", feed + "rss/") in links, page
        assert ("atom", feed + "atom/") in links, page
        assert ("rss", "/feeds/rss/") in links, page


# Error pages --------------------------------------------------------------


@pytest.mark.django_db
def test_unknown_url_is_a_friendly_404_in_the_site_frame(client):
    """A missing page keeps the header and menu, offers a search and the way home."""
    make_category("Ekonomi")
    response = client.get("/en/no/such/page/here/")
    html = response.content.decode()
    assert response.status_code == 404
    assert_site_frame(html, "/en")
    assert '<a href="/en/ekonomi/">Ekonomi</a>' in html
    assert "Page not found" in html
    assert re.search(
        r'<form class="search-form" action="/en/search/" method="get"', html
    )
    assert '<input type="search" id="error-search" name="q">' in html
    assert '<a href="/en/">Back to the front page</a>' in html
    assert '<meta name="robots" content="noindex">' in html


def test_server_error_page_renders_the_frame_without_the_database():
    """The configured 500 handler renders the site frame with no database access."""
    request = RequestFactory().get("/")
    handler = get_resolver().resolve_error_handler(500)
    with translation.override("en"):
        response = handler(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert_site_frame(html, "/en")  # English pages link to English pages
    assert "Something went wrong" in html
    assert '<a href="/en/">Back to the front page</a>' in html
    assert "language-switch" not in html  # no request, no CSRF token


@pytest.mark.urls(__name__)
def test_a_failing_view_answers_with_the_500_page(client):
    """An exception in a view ends in the friendly 500 page, in Indonesian by default."""
    client.raise_request_exception = False
    response = client.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert_site_frame(html)
    assert 'lang="id"' in html


@pytest.mark.django_db
def test_reader_pages_never_read_password_hashes_or_search_vectors(client, writer):
    """Reader queries select neither users' password hashes nor search vectors."""
    article = make_article(
        author=writer, tags=["banjir"], hero_image=make_image(), sections=2
    )
    make_article(category=article.category, tags=["banjir"])
    urls = [
        "/",
        article.category.get_absolute_url(),
        "/tag/banjir/",
        "/author/sari/",
        article.get_absolute_url(),
        "/feeds/rss/",
        "/feeds/author/sari/rss/",
    ]
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        for query in queries:
            assert '"password"' not in query["sql"], (url, query["sql"])
            assert '"search_vector"' not in query["sql"], (url, query["sql"])
