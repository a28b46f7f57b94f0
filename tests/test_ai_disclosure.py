"""What readers and machines are told about machine-made key points."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from articles.models import AI_POLICY, SitePage
from editorial import editing
from tests.builders import log_in, make_article, make_editor

pytestmark = pytest.mark.django_db

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
KINDS = {
    "llm": ("trainedAlgorithmicMedia", "written by an AI language model (LLM)."),
    "llm_edited": (
        "compositeWithTrainedAlgorithmicMedia",
        "written by an AI language model (LLM) and edited by a person.",
    ),
    "extractive": (
        "algorithmicMedia",
        "picked from the article by automatic extraction",
    ),
}
DISCLAIMER = "Disclaimer: This summary was created using Artificial Intelligence (AI)"
AI_NS = "{urn:newsroom:ai-disclosure}"


@pytest.fixture(autouse=True)
def _english_articles(settings):
    """Articles written in English: the box speaks the article's language
    (CONTENT_LANGUAGE), so the English page shows the English disclosure."""
    settings.CONTENT_LANGUAGE = "en"


def english_page(client, article):
    with translation.override(settings.LANGUAGE_CODE):
        path = article.get_absolute_url()
    response = client.get("/en" + path)
    assert response.status_code == 200
    return response.content.decode()


def news_article(html):
    pattern = r'<script type="application/ld\+json">(.*?)</script>'
    blocks = [json.loads(block) for block in re.findall(pattern, html, re.S)]
    [article] = [b for b in blocks if b["@type"] == "NewsArticle"]
    return article


@pytest.mark.parametrize("source", sorted(KINDS))
def test_machine_points_disclose_their_kind_and_the_check(client, editor, source):
    """The box keeps the disclaimer, says which kind, that editors checked, links the policy."""
    article = make_article(summary_source=source, summary_checked_by=editor)
    html = english_page(client, article)
    assert f'data-summary-source="{source}"' in html
    assert DISCLAIMER in html
    assert KINDS[source][1] in html
    assert "Our editorial team checked them against the article." in html
    assert f'href="{reverse("articles:ai_policy")}"' in html
    assert '<meta name="ai-disclosure" content="Disclaimer: This summary' in html


def test_human_points_carry_no_disclosure(client):
    """Points a person wrote: no disclaimer, no meta tag, no source type."""
    article = make_article(summary_source="human")
    html = english_page(client, article)
    assert 'data-summary-source="human"' in html
    assert "Artificial Intelligence" not in html
    assert 'name="ai-disclosure"' not in html
    assert "digitalSourceType" not in html


def test_indonesian_page_discloses_in_indonesian(client, editor, settings):
    """The site's own language shows the translated disclaimer and kind."""
    settings.CONTENT_LANGUAGE = "id"
    article = make_article(summary_source="llm", summary_checked_by=editor)
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        "Disclaimer: Ringkasan ini dibuat menggunakan Artificial Intelligence (AI)"
        in html
    )
    assert "model bahasa AI (LLM)" in html
    assert "Kebijakan AI kami" in html or "Cara kami memakai AI" in html


@pytest.mark.parametrize("source", sorted(KINDS))
def test_json_ld_carries_the_points_with_their_digital_source_type(
    client, editor, source
):
    """hasPart lists the points with the IPTC source type, disclosure and checking editor."""
    article = make_article(
        summary_source=source, summary_checked_by=editor, key_points=["Satu.", "Dua."]
    )
    data = news_article(english_page(client, article))
    [part] = data["hasPart"]
    assert part["@type"] == "CreativeWork"
    assert [i["name"] for i in part["mainEntity"]["itemListElement"]] == [
        "Satu.",
        "Dua.",
    ]
    assert part["digitalSourceType"] == IPTC + KINDS[source][0]
    assert DISCLAIMER in part["creditText"]
    assert part["publishingPrinciples"].endswith("/ai-policy/")
    assert part["editor"] == {"@type": "Person", "name": "Dewi Lestari"}


def test_json_ld_of_human_points_has_no_source_type(client):
    """A person's points are listed plainly."""
    data = news_article(english_page(client, make_article(summary_source="human")))
    [part] = data["hasPart"]
    assert "digitalSourceType" not in part and "creditText" not in part


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_items_carry_the_disclosure_element(client, editor, kind):
    """Machine-made points: an ai:disclosure element with source and IPTC type."""
    make_article(title="By machine", summary_source="llm", summary_checked_by=editor)
    make_article(title="By hand", summary_source="human")
    response = client.get(reverse("articles:feed", args=[kind]))
    root = ET.fromstring(response.content)
    if kind == "rss":
        items = root.iter("item")
        title_of = lambda item: item.findtext("title")  # noqa: E731
    else:
        items = root.iter("{http://www.w3.org/2005/Atom}entry")
        title_of = lambda item: item.findtext("{http://www.w3.org/2005/Atom}title")  # noqa: E731
    found = {title_of(item): item.find(f"{AI_NS}disclosure") for item in items}
    machine = found["By machine"]
    assert machine.get("source") == "llm"
    assert machine.get("digitalSourceType") == IPTC + "trainedAlgorithmicMedia"
    assert "Artificial Intelligence" in machine.text
    assert found["By hand"] is None


def test_the_disclosure_is_there_for_other_code(editor):
    """Article.ai_disclosure gives the API the text and the source type."""
    article = make_article(summary_source="llm_edited", summary_checked_by=editor)
    disclosure = article.ai_disclosure
    assert (
        disclosure.digital_source_type == IPTC + "compositeWithTrainedAlgorithmicMedia"
    )
    assert disclosure.text.startswith("Disclaimer") or "AI" in disclosure.text
    assert make_article(summary_source="human").ai_disclosure is None


def test_changing_the_source_updates_the_cached_page(client, editor):
    """A content save that changes the source invalidates the cached article page."""
    article = make_article(summary_source="human", author=editor)
    assert "Artificial Intelligence" not in english_page(client, article)
    editing.save_content(
        article,
        editing.ContentChanges(fields={"summary_source": "extractive"}),
        editor,
        loaded_version=editing.ANY_VERSION,
    )
    assert "automatic extraction" in english_page(client, article)


def test_ai_policy_page_is_there_and_editable_by_editors(client, en_client):
    """The migration writes a default policy; an editor can change it in the admin."""
    page = SitePage.objects.get(slug=AI_POLICY)
    response = en_client.get(reverse("articles:ai_policy"))
    assert response.status_code == 200 and page.title in response.content.decode()
    editor = make_editor()
    url = reverse("admin:articles_sitepage_change", args=[page.pk])
    response = log_in(client, editor).post(
        url, {"slug": AI_POLICY, "title": "Kebijakan AI", "body": "<p>Baru.</p>"}
    )
    assert response.status_code == 302
    assert "Baru." in client.get(reverse("articles:ai_policy")).content.decode()


def test_ai_policy_slug_is_reserved_for_articles_and_categories():
    """No article or category can take the policy page's address."""
    from articles.models import RESERVED_SLUGS

    assert "ai-policy" in RESERVED_SLUGS


def test_an_indonesian_article_discloses_in_indonesian_under_the_english_ui(
    client, editor, settings
):
    """The disclosure describes the article, so it speaks the article's language
    in the box, the meta tag and the JSON-LD; only the chrome is English."""
    settings.CONTENT_LANGUAGE = "id"
    article = make_article(summary_source="llm", summary_checked_by=editor)
    html = english_page(client, article)
    indonesian = (
        "Disclaimer: Ringkasan ini dibuat menggunakan Artificial Intelligence (AI)"
    )
    assert '<meta name="ai-disclosure" content="' + indonesian in html
    part = news_article(html)["hasPart"][0]
    assert part["name"] == "Intinya sih..."
    assert part["creditText"].startswith(indonesian)
    assert DISCLAIMER not in html
