"""The public article page: anatomy, machine-readable data, visibility, queries."""

import json
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from articles.models import Article, Section
from tests.builders import make_article, make_category, make_image, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_article():
    editor = make_user("editor", staff=True, first_name="Rina", last_name="Hapsari")
    writer = make_user("sari", first_name="Sari", last_name="Wulandari")
    article = make_article(
        title="Warga Menanam Seribu Pohon",
        category=make_category("Lingkungan"),
        author=writer,
        approved_by=editor,
        dateline="Bandung",
        lead="<p>Lead text here.</p><p>Second lead paragraph.</p>",
        hero_image=make_image(
            caption="a flag", credit="Jane Doe", source="unsplash.com"
        ),
        key_points=["Point one.", "Point two.", "Point three."],
        summary_source="llm",
        summary_checked_by=editor,
        tags=["hijau", "kota", "warga", "pohon"],
    )
    section_image = make_image(caption="bibit pohon", credit="Budi", source="Reuters")
    for position, heading in enumerate(["Awal mula", "Gotong royong", "Rencana"], 1):
        Section.objects.create(
            article=article,
            position=position,
            heading=heading,
            body=f"<p>Body {position} <script>alert(1)</script></p>",
            image=section_image if position == 2 else None,
        )
    return article


def get_page(client, article, language=""):
    """The article's page; ``language="en"`` reads it at its /en/ URL."""
    prefix = f"/{language}" if language else ""
    with translation.override(settings.LANGUAGE_CODE):
        response = client.get(prefix + article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_page_shows_headline_category_byline_and_reading_time(client, full_article):
    """The header carries category, headline, writer, approving editor, date and reading time."""
    html = get_page(client, full_article)
    assert '<h1 class="article__title">Warga Menanam Seribu Pohon</h1>' in html
    assert ">Lingkungan</a>" in html
    assert "Sari Wulandari" in html
    assert "Rina Hapsari" in html
    assert re.search(r"\d+ min(ute)?s? read|\d+ menit", html)
    assert html.count("<h1") == 1


def test_byline_shows_the_writer_badge(settings, client, full_article):
    """The byline carries the writer's badge ("writer" once published)."""
    settings.CONTENT_LANGUAGE = "en"  # an article written in English
    html = get_page(client, full_article, "en")
    assert '<span class="badge badge--writer">writer</span>' in html


def test_publication_time_is_shown_in_jakarta_time(settings, client):
    """Dates are shown in the site's time zone (WIB for Asia/Jakarta)."""
    settings.CONTENT_LANGUAGE = "en"  # an article written in English
    published = timezone.now().replace(hour=7, minute=5, second=0, microsecond=0)
    article = make_article(published_at=published - timedelta(days=1))
    html = get_page(client, article, "en")
    local = timezone.localtime(article.published_at)
    assert f"{local.hour % 12 or 12}:05 {local:%p} WIB" in html  # English clock


def test_hero_image_has_dimensions_alt_and_credit_line(client, full_article):
    """The hero image has width/height/alt and the "caption (source/credit)" line."""
    html = get_page(client, full_article)
    hero = full_article.hero_image
    assert f'width="{hero.width}" height="{hero.height}"' in html
    assert 'alt="A red square"' in html
    assert 'a flag <span class="credit">(unsplash.com/Jane Doe)</span>' in html


def test_key_points_box_carries_ai_disclosure_only_when_flagged(
    settings, client, full_article
):
    """The AI disclosure appears for an AI summary and not for a human one."""
    settings.CONTENT_LANGUAGE = "en"  # an article written in English
    disclosure = "This summary was created using Artificial Intelligence (AI)"
    html = get_page(client, full_article, "en")
    assert "In short..." in html
    assert "<li>Point two.</li>" in html
    assert disclosure in html
    Article.objects.filter(pk=full_article.pk).update(summary_source="human")
    assert disclosure not in get_page(client, full_article, "en")


def test_indonesian_is_the_default_language(client, full_article):
    """Without a language choice the page speaks Indonesian ("Intinya sih...")."""
    html = get_page(client, full_article)
    assert 'lang="id"' in html
    assert "Intinya sih..." in html
    assert "Iklan - Scroll untuk melanjutkan" in html


def test_dateline_runs_into_the_first_lead_paragraph(client, full_article):
    """ "Bandung, Newsroom -" opens the first paragraph of the lead."""
    html = get_page(client, full_article)
    assert (
        '<p><strong class="dateline">Bandung, Newsroom -</strong> Lead text here.</p>'
        in html
    )


def test_sections_are_numbered_by_position_with_credited_image(client, full_article):
    """Sections read "1. heading", "2. heading"... and a section image has its credit."""
    html = get_page(client, full_article)
    numbers = re.findall(
        r'<span class="section-number">(\d+)\.</span> (\w[\w ]*)</h2>', html
    )
    assert numbers == [("1", "Awal mula"), ("2", "Gotong royong"), ("3", "Rencana")]
    assert 'bibit pohon <span class="credit">(Reuters/Budi)</span>' in html
    assert "alert(1)" not in html


def test_numbers_follow_order_not_stored_positions(client):
    """Gaps in positions do not show: the displayed number is derived from the order."""
    article = make_article()
    for position in (10, 30, 20):
        Section.objects.create(
            article=article, position=position, heading=f"H{position}"
        )
    html = get_page(client, article)
    assert re.findall(r'section-number">(\d)\.</span> (H\d+)', html) == [
        ("1", "H10"),
        ("2", "H20"),
        ("3", "H30"),
    ]


def test_in_article_ad_sits_between_sections(client, full_article, settings):
    """The in-article ad comes after the configured section, never inside one."""
    html = get_page(client, full_article)
    ad = html.index("ad-slot--in-article")
    assert html.index('id="section-1"') < ad < html.index('id="section-2"')
    assert html.count("ad-slot--in-article") == 1
    settings.IN_ARTICLE_AD_AFTER_SECTION = 2
    html = get_page(client, full_article)
    ad = html.index("ad-slot--in-article")
    assert html.index('id="section-2"') < ad < html.index('id="section-3"')
    settings.IN_ARTICLE_AD_AFTER_SECTION = 0
    assert "ad-slot--in-article" not in get_page(client, full_article)


def test_top_ad_and_app_promo_open_the_page(client, full_article, settings):
    """The top ad slot and the app promo come before the headline; the promo can be off."""
    html = get_page(client, full_article, "en")
    assert html.index("ad-slot--top") < html.index("app-promo") < html.index("<h1")
    assert "Read more of our articles in the app" in html
    settings.APP_PROMO_ENABLED = False
    assert "app-promo" not in get_page(client, full_article)


def test_tags_link_to_tag_pages(client, full_article):
    """Every tag is listed and links to its tag page."""
    html = get_page(client, full_article)
    for name in ["hijau", "kota", "warga", "pohon"]:
        assert f'<a href="/tag/{name}/">#{name}</a>' in html


def test_community_note_only_for_community_writers(settings, client, full_article):
    """A community writer's article ends with the review note and "Editorial Team"."""
    settings.CONTENT_LANGUAGE = "en"  # an article written in English
    html = get_page(client, full_article, "en")
    assert "written by our community writers" in html
    assert "Editorial Team" in html
    staff_article = make_article(author=make_user(staff=True))
    assert "written by our community writers" not in get_page(
        client, staff_article, "en"
    )


def test_related_articles_are_listed(client, full_article):
    """Published articles sharing tags appear as related; drafts do not."""
    make_article(title="Sister story", tags=["pohon"])
    make_article(title="Hidden draft", tags=["pohon"], status=Article.Status.DRAFT)
    html = get_page(client, full_article)
    assert "Sister story" in html
    assert "Hidden draft" not in html


def test_article_page_has_meta_tags_and_canonical_url(client, full_article):
    """Title, description, canonical, Open Graph and Twitter tags are present."""
    html = get_page(client, full_article)
    url = "https://news.example.org" + full_article.get_absolute_url()
    assert "<title>Warga Menanam Seribu Pohon | Newsroom</title>" in html
    assert (
        '<meta name="description" content="Point one. Point two. Point three.">' in html
    )
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="Warga Menanam Seribu Pohon">' in html
    assert '<meta property="og:image" content="https://news.example.org/media/' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def jsonld_blocks(html):
    pattern = r'<script type="application/ld\+json">(.*?)</script>'
    return [json.loads(block) for block in re.findall(pattern, html, re.S)]


def test_news_article_json_ld_parses_with_required_fields(client, full_article):
    """The NewsArticle JSON-LD parses and names headline, image, dates, author, publisher."""
    data = jsonld_blocks(get_page(client, full_article))[0]
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Warga Menanam Seribu Pohon"
    assert data["image"][0].startswith("https://news.example.org/media/images/")
    assert data["datePublished"] == full_article.published_at.isoformat()
    assert "dateModified" in data
    assert data["author"] == {
        "@type": "Person",
        "name": "Sari Wulandari",
        "url": "https://news.example.org/author/sari/",
    }
    assert data["publisher"]["name"] == "Newsroom"


def test_json_ld_cannot_be_broken_out_of(client):
    """A title containing </script> stays inside the JSON-LD string."""
    article = make_article(title='Bad </script><script>alert("x")</script> title')
    html = get_page(client, article)
    data = jsonld_blocks(html)[0]
    assert data["headline"].startswith("Bad </script>")
    assert '<script>alert("x")' not in html


@pytest.mark.parametrize(
    "status",
    [s for s in Article.Status if s != Article.Status.PUBLISHED],
)
def test_non_published_states_answer_404(client, status):
    """Readers get 404 for every state except published."""
    article = make_article(
        status=status, published_at=timezone.now() - timedelta(days=1)
    )
    assert client.get(article.get_absolute_url()).status_code == 404


def test_scheduled_article_answers_404_until_its_time(client):
    """A published article with a future published_at is not visible yet."""
    article = make_article(published_at=timezone.now() + timedelta(hours=2))
    assert client.get(article.get_absolute_url()).status_code == 404


def test_wrong_category_in_url_redirects_to_canonical(client):
    """An article reached under another category slug redirects permanently."""
    article = make_article()
    response = client.get(f"/other/{article.slug}/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_page_works_without_javascript(client, full_article):
    """The reader page ships no script other than the JSON-LD data blocks."""
    html = get_page(client, full_article)
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and set(scripts) == {' type="application/ld+json"'}


@pytest.mark.parametrize("section_count", [1, 20])
def test_query_count_does_not_grow_with_sections_tags_or_related(client, section_count):
    """The article page runs the same number of queries for 1 and 20 sections."""
    category = make_category()
    article = make_article(
        category=category, tags=[f"t{i}" for i in range(section_count)]
    )
    image = make_image()
    for position in range(1, section_count + 1):
        Section.objects.create(
            article=article, position=position, heading=f"H{position}", image=image
        )
    for _ in range(section_count):
        make_article(category=category, tags=["t0"], hero_image=image)
    with CaptureQueriesContext(connection) as queries:
        get_page(client, article)
    # Cold cache: article+joins, sections, tags, corrections, related, menu.
    assert len(queries) == 6, [q["sql"] for q in queries]


def test_stored_tag_without_a_slug_is_skipped_on_pages(client):
    """A tag slugifying to nothing (made in the shell) is left out of the page and sitemap, never a 500."""
    article = make_article(tags=["banjir", "🔥"])
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert 'href="/tag/banjir/"' in response.content.decode()
    assert client.get("/sitemap.xml").status_code == 200


def test_query_counts_cold_warm_and_cached(client, full_article):
    """At most 6 queries with a cold cache, 5 when only the page is stale, 0 cached."""
    url = full_article.get_absolute_url()
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    with CaptureQueriesContext(connection) as cached:
        assert client.get(url).status_code == 200
    make_article(category=full_article.category)  # invalidates the page, not the menu
    with CaptureQueriesContext(connection) as stale:
        assert client.get(url).status_code == 200
    assert (len(cold), len(stale), len(cached)) == (6, 5, 0)


def test_page_miss_with_warm_fragments_runs_no_query(client, full_article):
    """A new URL of a known article (query string) reuses the article row, its
    parts, the related block and the menu from the cache: no query at all."""
    url = full_article.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url + "?utm_source=x")
    html = response.content.decode()
    assert response.templates  # rendered, not a stored page
    assert len(queries) == 0, [q["sql"] for q in queries]
    assert "Warga Menanam Seribu Pohon" in html
