"""Two languages: the switch, natural dates, and the article page's fixed texts."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format

from articles.models import Correction
from tests.builders import make_article, make_user

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
PUBLISHED = datetime(2025, 11, 7, 14, 5, tzinfo=JAKARTA)
CORRECTED = datetime(2025, 11, 10, 9, 30, tzinfo=JAKARTA)


def page(client, url, language=None):
    """The reader page at ``url`` in ``language`` (its /<code>/ URL prefix)."""
    if language and language != settings.LANGUAGE_CODE:
        url = f"/{language}{url}"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def article():
    return make_article(
        published_at=PUBLISHED,
        author=make_user(),  # a community writer
        summary_source="llm",
        summary_checked_by=make_user(staff=True),
    )


# The language switch ------------------------------------------------------


def test_every_reader_page_has_a_no_script_language_switch(client, article):
    """Plain links to the same page (query kept) in each language, no form."""
    url = article.get_absolute_url()
    html = page(client, url + "?utm=x")
    switch = re.search(r'<nav class="language-switch".*?</nav>', html, re.S).group(0)
    assert "<form" not in switch and "csrfmiddlewaretoken" not in html
    assert (
        f'<a href="{url}?utm=x" hreflang="id" lang="id" aria-current="true">'
        "Bahasa Indonesia</a>" in switch
    )
    assert f'<a href="/en{url}?utm=x" hreflang="en" lang="en">English</a>' in switch


def test_reader_pages_name_their_other_language_version(client, article):
    """Each reader page links its versions with hreflang, on the public site."""
    url = article.get_absolute_url()
    html = page(client, url)
    site = "https://news.example.org"
    assert f'<link rel="alternate" hreflang="id" href="{site}{url}">' in html
    assert f'<link rel="alternate" hreflang="en" href="{site}/en{url}">' in html


def test_switching_language_keeps_the_reader_on_the_page(client, article):
    """The English link shows the same page in English, with links that stay English."""
    url = article.get_absolute_url()
    category_url = article.category.get_absolute_url()
    assert 'lang="id"' in page(client, url)
    html = page(client, f"/en{url}")
    assert '<html lang="en">' in html and "Skip to content" in html
    # The article itself stays marked, and labelled, in its own language.
    assert '<article class="article" lang="id">' in html
    assert "Intinya sih..." in html and "In short..." not in html
    assert f'<a href="/en{category_url}"' in html
    assert f'<a href="{url}" hreflang="id" lang="id">Bahasa Indonesia</a>' in html


def test_an_unprefixed_url_is_indonesian_whatever_was_read_before(client, article):
    """The URL alone decides: no prefix is Indonesian whatever was read before."""
    url = article.get_absolute_url()
    page(client, f"/en{url}")
    assert "Intinya sih..." in page(client, url)


def test_cookie_and_accept_language_do_not_change_a_reader_page(client, article):
    """A language cookie or header has no effect on a reader URL (cacheable)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "Intinya sih..." in response.content.decode()
    assert response["Content-Language"] == "id"
    assert "Vary" not in response or "Accept-Language" not in response["Vary"]


def test_portal_keeps_the_cookie_language_switch(client):
    """Outside the reader site the POST switch and its cookie still work."""
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/write/"})
    assert response.status_code == 302
    html = client.get("/write/login/").content.decode()
    assert 'lang="en"' in html
    assert '<form class="language-switch"' in html


def test_switch_refuses_to_send_readers_off_site(client):
    """A foreign ``next`` is ignored: the reader stays on the site."""
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "https://evil.example.com/"}
    )
    assert response.status_code == 302
    assert not response["Location"].startswith("https://evil.example.com")


# Dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, published, corrected",
    [
        (
            "id",
            "Jumat, 7 November 2025 14.05 WIB",
            "Senin, 10 November 2025 09.30 WIB",
        ),
        (
            "en",
            "Friday, 7 November 2025 2:05 PM WIB",
            "Monday, 10 November 2025 9:30 AM WIB",
        ),
    ],
)
def test_article_dates_read_naturally(
    settings, client, article, language, published, corrected
):
    """Publication, "Updated" and correction dates in each language's own style."""
    settings.CONTENT_LANGUAGE = language
    Correction.objects.create(
        article=article, note="Nama diperbaiki.", created_at=CORRECTED
    )
    html = page(client, article.get_absolute_url(), language)
    assert f'<time datetime="{PUBLISHED.isoformat()}">{published}</time>' in html
    assert html.count(f">{corrected}</time>") == 2  # "Updated" and the correction


@pytest.mark.parametrize(
    "language, expected", [("id", "7 November 2025"), ("en", "7 November 2025")]
)
def test_cards_show_day_full_month_and_year(language, expected):
    """DATE_FORMAT (cards and lists) is the day, the full month and the year."""
    with translation.override(language):
        assert date_format(PUBLISHED, "DATE_FORMAT") == expected


# Fixed texts of the article page -----------------------------------------


@pytest.mark.parametrize(
    "language, texts",
    [
        (
            "id",
            [
                "Intinya sih...",
                "Disclaimer: Ringkasan ini dibuat menggunakan Artificial "
                "Intelligence (AI)",
                "Artikel ini ditulis oleh penulis komunitas kami dan telah "
                "ditinjau dengan saksama oleh tim redaksi.",
                "Tim Redaksi",
                "Oleh",
            ],
        ),
        (
            "en",
            [
                "In short...",
                "Disclaimer: This summary was created using Artificial "
                "Intelligence (AI)",
                "This article is written by our community writers and has "
                "been carefully reviewed by our editorial team.",
                "Editorial Team",
                "By",
            ],
        ),
    ],
)
def test_key_points_and_disclosures_in_both_languages(
    settings, client, article, language, texts
):
    """The key points title, the AI disclaimer and the community note are translated."""
    settings.CONTENT_LANGUAGE = language
    html = page(client, article.get_absolute_url(), language)
    for text in texts:
        assert text in html, text


# The article's own language -------------------------------------------------


def test_english_ui_marks_the_indonesian_article_and_keeps_its_labels(client, article):
    """Under the English UI the <article> says lang="id" and its labels are Indonesian; the chrome and the links stay English."""
    category_url = article.category.get_absolute_url()
    html = page(client, article.get_absolute_url(), "en")
    assert '<html lang="en">' in html
    body = html[html.index("<article") : html.index("</article>")]
    assert body.startswith('<article class="article" lang="id">')
    for label in ("Intinya sih...", "Oleh", "Tim Redaksi"):
        assert label in body, label
    for label in ("In short...", ">By<", "Editorial Team"):
        assert label not in body, label
    assert f'href="/en{category_url}"' in body
    assert f'href="/en/author/{article.author.get_username()}/"' in body
    if "ad-slot--in-article" in body:
        assert 'ad-slot--in-article" lang="en"' in body


def test_indonesian_ui_needs_no_lang_on_the_article(client, article):
    """When UI and article share a language, the page's lang says it all."""
    html = page(client, article.get_absolute_url())
    assert '<article class="article">' in html


def test_card_titles_carry_the_articles_language_under_the_english_ui(client, article):
    """On lists the titles are the articles' words: lang="id" under the English UI only."""
    assert '<h2 class="card__title" lang="id">' in page(client, "/", "en")
    assert '<h2 class="card__title">' in page(client, "/")


def test_portal_script_labels_are_translated(client):
    """The labels the portal's scripts show come translated in the page (Indonesian here)."""
    from tests.builders import log_in, make_writer

    log_in(client, make_writer(), language="id")
    html = client.get("/write/new/").content.decode()
    for label in (
        'data-label-section="Bagian {n}"',
        'data-label-up="Naikkan"',
        'data-remove-label="Hapus tag %s"',
        "Tambah bagian",
    ):
        assert label in html, label
