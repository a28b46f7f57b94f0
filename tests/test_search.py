"""Reader search: full-text on PostgreSQL, a plain fallback elsewhere."""

import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Section
from articles.search import (
    MAX_QUERY_LENGTH,
    search_articles,
    search_config,
    update_search_vector,
    uses_full_text_search,
)
from editorial.editing import ANY_VERSION, ContentChanges, save_content
from tests.builders import make_article, make_category, make_editor, make_user

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    not uses_full_text_search(),
    reason="ranking, stemming and headlines need PostgreSQL full-text search",
)


# Reader pages take their language from the URL: these tests read English.
SEARCH_URL = "/en/search/"


def indexed_article(*, sections=(), **fields):
    """A published article with ``sections`` (heading, body), saved like an edit."""
    article = make_article(**fields)
    for position, (heading, body) in enumerate(sections, start=1):
        Section.objects.create(
            article=article, position=position, heading=heading, body=body
        )
    update_search_vector(article)
    return article


def found(query):
    return list(search_articles(query).values_list("title", flat=True))


def test_finds_article_by_a_word_only_in_a_section_body():
    """A word that appears only in a section body finds the article."""
    indexed_article(
        title="Lima langkah memeriksa kabar viral",
        lead="<p>Sebelum membagikan, periksa dulu.</p>",
        key_points=["Periksa sumbernya.", "Cari foto aslinya."],
        sections=[
            ("Cek sumbernya", "<p>Buka situs <strong>Kominfo</strong> dulu.</p>"),
            ("Cari gambar", "<p>Gunakan pencarian gambar terbalik.</p>"),
        ],
    )
    indexed_article(title="Harga cabai turun")
    assert found("kominfo") == ["Lima langkah memeriksa kabar viral"]


def test_finds_article_by_a_title_word():
    """A word of the title finds the article."""
    indexed_article(title="Festival durian di Medan")
    indexed_article(title="Harga cabai turun")
    assert found("durian") == ["Festival durian di Medan"]


def test_finds_article_by_a_key_point():
    """A word that appears only in a key point finds the article."""
    indexed_article(
        title="Rapat warga", key_points=["Iuran sampah naik.", "Mulai Mei."]
    )
    indexed_article(title="Harga cabai turun")
    assert found("iuran") == ["Rapat warga"]


def test_every_word_must_match():
    """Two words find only the article that has both."""
    indexed_article(title="Banjir di Kemang")
    indexed_article(title="Banjir di Bekasi")
    assert found("banjir kemang") == ["Banjir di Kemang"]


def test_never_finds_drafts_scheduled_or_unpublished_articles():
    """Only published articles whose publication time has passed are found."""
    indexed_article(title="Durian terbit")
    indexed_article(title="Durian draf", status=Article.Status.DRAFT)
    indexed_article(
        title="Durian terjadwal", published_at=timezone.now() + timedelta(days=1)
    )
    indexed_article(title="Durian ditarik", status=Article.Status.UNPUBLISHED)
    assert found("durian") == ["Durian terbit"]


def test_edits_are_searchable_after_a_content_save(django_capture_on_commit_callbacks):
    """A content save through save_content makes the new words findable."""
    article = indexed_article(title="Kabar lama")
    with django_capture_on_commit_callbacks(execute=True):
        save_content(
            article,
            ContentChanges(fields={"title": "Kabar rambutan"}),
            make_editor(),
            loaded_version=ANY_VERSION,
        )
    assert found("rambutan") == ["Kabar rambutan"]
    assert found("lama") == []


@postgres_only
def test_title_match_ranks_above_a_body_only_match():
    """An article with the word in its title comes before a newer one with it only in a section."""
    now = timezone.now()
    indexed_article(title="Banjir melanda Kemang", published_at=now - timedelta(days=2))
    indexed_article(
        title="Kabar kota hari ini",
        published_at=now - timedelta(hours=1),
        sections=[("Cuaca", "<p>Hujan deras membuat banjir di beberapa jalan.</p>")],
    )
    assert found("banjir") == ["Banjir melanda Kemang", "Kabar kota hari ini"]


@postgres_only
def test_indonesian_stemming_matches_other_word_forms():
    """With the indonesian configuration "bermain" finds "permainan" and "membaca" finds "bacaan"."""
    if search_config() != "indonesian":
        pytest.skip(
            "this PostgreSQL server has no indonesian text search configuration"
        )
    indexed_article(
        title="Sore di taman",
        sections=[("Anak-anak", "<p>Permainan tradisional dan bacaan anak.</p>")],
    )
    assert found("bermain") == ["Sore di taman"]
    assert found("membaca") == ["Sore di taman"]


def test_snippet_marks_the_match_and_escapes_markup(client):
    """The snippet puts <mark> around the match and shows markup from content as text."""
    indexed_article(
        title="<script>alert(1)</script> Papan pengumuman",
        key_points=[],
        lead="<p>Seseorang menulis &lt;script&gt;alert(2)&lt;/script&gt; di papan banjir.</p>",
    )
    html = client.get(SEARCH_URL, {"q": "banjir"}).content.decode()
    assert "<mark>banjir</mark>" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Papan pengumuman" in html
    assert "<script>" not in html


@postgres_only
def test_snippet_comes_from_the_section_that_matched(client):
    """On PostgreSQL the snippet shows the section text around the match."""
    indexed_article(
        title="Kabar kota hari ini",
        lead="<p>Ringkasan berita pagi.</p>",
        sections=[("Cuaca", "<p>Hujan deras membuat <em>banjir</em> di Kemang.</p>")],
    )
    html = client.get(SEARCH_URL, {"q": "banjir"}).content.decode()
    assert "Hujan deras membuat <mark>banjir</mark> di Kemang." in html


def test_results_page_shows_the_query_and_the_count(client):
    """Results come under "Search results for “q”" with the number found."""
    indexed_article(title="Festival durian di Medan")
    indexed_article(title="Durian montong")
    response = client.get(SEARCH_URL, {"q": "durian"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Search results for “durian”" in html
    assert "2 articles found" in html
    assert "Festival durian di Medan" in html and "Durian montong" in html


def test_no_results_page_suggests_what_to_try(client):
    """A search without matches says so and offers suggestions."""
    indexed_article(title="Harga cabai turun")
    response = client.get(SEARCH_URL, {"q": "durian"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "0 articles found" in html
    assert "No articles match your search." in html
    assert "Check the spelling" in html


def test_empty_query_shows_a_prompt(client):
    """No query (or only spaces) shows the form with a prompt and no results."""
    indexed_article(title="Harga cabai turun")
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get(SEARCH_URL, params)
        html = response.content.decode()
        assert response.status_code == 200
        assert "What are you looking for?" in html
        assert "Harga cabai turun" not in html
        assert "Search results for" not in html


def test_punctuation_only_query_is_treated_as_empty(client):
    """A query without letters or digits shows the prompt instead of searching."""
    response = client.get(SEARCH_URL, {"q": '?! -- "" & ...'})
    assert response.status_code == 200
    assert "What are you looking for?" in response.content.decode()


def test_overlong_query_is_refused_politely(client):
    """A query over 200 characters gets a 400 page that explains the limit."""
    response = client.get(SEARCH_URL, {"q": "a" * (MAX_QUERY_LENGTH + 1)})
    assert response.status_code == 400
    assert "That search is too long." in response.content.decode()
    assert client.get(SEARCH_URL, {"q": "a" * MAX_QUERY_LENGTH}).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        '"banjir',
        "banjir & kemang | !x",
        "<script>alert(1)</script>",
        "banjir:* (kemang",
        "Jakarta → Bandung 🚆 ñ",
        "-banjir or",
        "'; DROP TABLE articles_article; --",
        "banjir\x00kemang\x02\x03",
        "a",
    ],
)
def test_odd_queries_never_fail(client, query):
    """Quotes, operators, markup, unicode and control characters give a normal page."""
    indexed_article(title="Banjir di Kemang")
    assert client.get(SEARCH_URL, {"q": query}).status_code == 200


def test_page_out_of_range_is_not_found(client):
    """A page past the last one, or not a number, answers 404 like other lists."""
    indexed_article(title="Durian montong")
    assert client.get(SEARCH_URL, {"q": "durian", "page": "999"}).status_code == 404
    assert client.get(SEARCH_URL, {"q": "durian", "page": "abc"}).status_code == 404
    assert client.get(SEARCH_URL, {"q": "durian", "page": "1"}).status_code == 200


def test_pages_of_results_keep_the_query(client):
    """21 results make two pages whose links carry the query."""
    author, category = make_user(), make_category()
    now = timezone.now()
    for i in range(21):
        indexed_article(
            title=f"Durian {i}",
            author=author,
            category=category,
            published_at=now - timedelta(minutes=i + 1),
        )
    page1 = client.get(SEARCH_URL, {"q": "durian"}).content.decode()
    assert 'href="?q=durian&amp;page=2"' in page1
    page2 = client.get(SEARCH_URL, {"q": "durian", "page": "2"}).content.decode()
    assert page2.count('class="search-result"') == 1


def test_search_pages_are_noindex(client):
    """Prompt, results and refusal pages all ask search engines not to index them."""
    indexed_article(title="Durian montong")
    for params in ({}, {"q": "durian"}, {"q": "x" * (MAX_QUERY_LENGTH + 1)}):
        html = client.get(SEARCH_URL, params).content.decode()
        assert '<meta name="robots" content="noindex, follow">' in html


def test_results_page_query_count_does_not_grow_with_results(client):
    """The results page runs as many queries for 25 matches as for 2."""
    author, category = make_user(), make_category()

    def add(count):
        for _ in range(count):
            indexed_article(title="Durian montong", author=author, category=category)

    add(2)
    cache.clear()  # both runs start cold (menu and pages not cached)
    with CaptureQueriesContext(connection) as few:
        assert client.get(SEARCH_URL, {"q": "durian"}).status_code == 200
    add(23)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        response = client.get(SEARCH_URL, {"q": "durian"})
    assert response.content.decode().count('class="search-result"') == 20
    assert len(many) == len(few)


def test_rebuild_search_indexes_existing_articles():
    """``rebuild_search`` makes articles saved without a vector findable again."""
    make_article(title="Durian montong")
    out = io.StringIO()
    call_command("rebuild_search", stdout=out)
    assert found("durian") == ["Durian montong"]
    if uses_full_text_search():
        assert "1 article(s)" in out.getvalue()
    else:
        assert "Nothing to do" in out.getvalue()


def test_only_the_newest_matches_are_ranked_and_counted(client, monkeypatch):
    """Past SEARCH_CANDIDATES matches only the newest are kept, and the page
    says "more than" instead of an exact count."""
    monkeypatch.setattr("articles.search.SEARCH_CANDIDATES", 3)
    now = timezone.now()
    for days in range(5):
        indexed_article(
            title=f"Festival layang-layang hari {days}",
            published_at=now - timedelta(days=days + 1),
        )
    assert sorted(found("layang")) == [
        f"Festival layang-layang hari {days}" for days in range(3)
    ]
    response = client.get("/en/search/", {"q": "layang"})
    assert "More than 3 articles found" in response.content.decode()


def test_exact_count_below_the_candidate_limit(client):
    """Fewer matches than SEARCH_CANDIDATES are counted exactly."""
    indexed_article(title="Festival layang-layang")
    response = client.get("/en/search/", {"q": "layang"})
    assert "1 article found" in response.content.decode()


def test_search_query_count_is_fixed(client):
    """Search runs the same three queries for 2 and 25 matches: the newest
    matches' ids (also the count), the page by id, the navigation."""
    counts = []
    for total in (2, 25):
        Article.objects.all().delete()
        for n in range(total):
            indexed_article(title=f"Festival layang-layang {n}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/search/", {"q": "layang"}).status_code == 200
        counts.append(len(queries))
    assert counts == [3, 3], [q["sql"] for q in queries]


@postgres_only
def test_no_text_is_too_long_for_the_search_index():
    """Three megabytes of distinct words are indexed in part, never a failed save."""
    article = make_article(title="Sangat panjang")
    words = " ".join(f"kata{number}x" for number in range(330_000))
    for position in range(1, 4):
        Section.objects.create(
            article=article, position=position, heading="H", body=f"<p>{words}</p>"
        )
    update_search_vector(article)
    article.refresh_from_db()
    assert article.search_vector
