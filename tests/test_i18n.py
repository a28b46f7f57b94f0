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
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def article():
    return make_article(
        published_at=PUBLISHED,
        author=make_user(),  # a community writer
        summary_is_ai=True,
        summary_checked_by=make_user(staff=True),
    )


# The language switch ------------------------------------------------------


def test_every_reader_page_has_a_no_script_language_switch(client, article):
    """A form posting to set_language, with the current page as ``next``."""
    html = page(client, article.get_absolute_url() + "?utm=x")
    form = re.search(r'<form class="language-switch".*?</form>', html, re.S).group(0)
    assert 'action="/i18n/setlang/" method="post"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert (
        f'<input type="hidden" name="next" value="{article.get_absolute_url()}'
        '?utm=x">' in form
    )
    assert '<option value="id" lang="id" selected>Bahasa Indonesia</option>' in form
    assert '<option value="en" lang="en">English</option>' in form
    assert '<button type="submit">' in form


def test_switching_language_keeps_the_reader_on_the_page(client, article):
    """Posting the switch redirects back to the same page, now in English."""
    url = article.get_absolute_url()
    assert 'lang="id"' in page(client, url)
    response = client.post("/i18n/setlang/", {"language": "en", "next": url})
    assert response.status_code == 302
    assert response["Location"] == url
    html = page(client, url)
    assert 'lang="en"' in html
    assert "In short..." in html
    assert '<option value="en" lang="en" selected>English</option>' in html


def test_language_switch_works_back_to_indonesian(client, article):
    """The switch works in both directions."""
    url = article.get_absolute_url()
    client.post("/i18n/setlang/", {"language": "en", "next": url})
    client.post("/i18n/setlang/", {"language": "id", "next": url})
    assert "Intinya sih..." in page(client, url)


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
def test_article_dates_read_naturally(client, article, language, published, corrected):
    """Publication, "Updated" and correction dates in each language's own style."""
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
def test_key_points_and_disclosures_in_both_languages(client, article, language, texts):
    """The key points title, the AI disclaimer and the community note are translated."""
    html = page(client, article.get_absolute_url(), language)
    for text in texts:
        assert text in html, text
