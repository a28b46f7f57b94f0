"""Reader pages are accessible and light: an automated check and a weight budget."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.models import Article

pytestmark = pytest.mark.django_db

FLAGSHIP = "lima-langkah-memeriksa-kabar-viral"
PAGE_WEIGHT_BUDGET = 60 * 1024


class PageAudit(HTMLParser):
    """Collects what the accessibility checks look at, in one pass."""

    def __init__(self):
        super().__init__()
        self.tags = []
        self.images_without_alt = []
        self.links = []  # [attrs, text]
        self.open_link = None
        self.labels_for = set()
        self.inputs_needing_label = []
        self.html_lang = None
        self.h1_count = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag == "h1":
            self.h1_count += 1
        if tag == "img" and "alt" not in attrs:
            self.images_without_alt.append(attrs.get("src"))
        if tag == "img" and self.open_link is not None:
            self.open_link[1] += attrs.get("alt", "")
        if tag == "a":
            self.open_link = [attrs, ""]
            self.links.append(self.open_link)
        if tag == "label" and attrs.get("for"):
            self.labels_for.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in (
            "hidden",
            "submit",
        ):
            self.inputs_needing_label.append(attrs)

    def handle_endtag(self, tag):
        if tag == "a":
            self.open_link = None

    def handle_data(self, data):
        if self.open_link is not None:
            self.open_link[1] += data

    def landmarks(self):
        return {
            tag for tag, _ in self.tags if tag in ("header", "nav", "main", "footer")
        }


@pytest.fixture
def demo(tmp_path, no_resized_copies):
    call_command("seed_demo", stdout=open(tmp_path / "seed.log", "w"))


def audit(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = PageAudit()
    parser.feed(response.content.decode())
    return parser, response


@pytest.mark.parametrize("language", ["id", "en"])
def test_article_page_passes_the_accessibility_check(client, demo, language):
    """Landmarks, one h1, lang, alt on every image, no empty links, labelled inputs, skip link."""
    article = Article.objects.get(slug=FLAGSHIP)
    prefix = "" if language == "id" else f"/{language}"
    page, _response = audit(client, prefix + article.get_absolute_url())
    assert page.html_lang == language
    assert page.landmarks() == {"header", "nav", "main", "footer"}
    assert page.h1_count == 1
    assert page.images_without_alt == []
    empty_links = [
        attrs.get("href")
        for attrs, text in page.links
        if not text.strip()
        and not attrs.get("aria-label")
        and attrs.get("aria-hidden") != "true"
    ]
    assert empty_links == []
    unlabelled = [
        attrs
        for attrs in page.inputs_needing_label
        if attrs.get("id") not in page.labels_for and not attrs.get("aria-label")
    ]
    assert unlabelled == []
    assert page.links[0][0].get("href") == "#main"  # the skip link comes first


@pytest.mark.parametrize("url", ["/", "/ekonomi/", "/search/?q=pasar"])
def test_list_pages_pass_the_same_basic_checks(client, demo, url):
    """Front, category and search pages: one h1, alt everywhere, no empty links."""
    page, _response = audit(client, url)
    assert page.h1_count == 1
    assert page.images_without_alt == []
    assert all(
        text.strip() or attrs.get("aria-hidden") == "true" or attrs.get("aria-label")
        for attrs, text in page.links
    )


def test_article_page_html_and_css_stay_under_60_kb(client, demo):
    """The flagship page's HTML plus its stylesheet weigh under 60 KB uncompressed."""
    article = Article.objects.get(slug=FLAGSHIP)
    html = client.get(article.get_absolute_url()).content
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_bytes()
    assert b"site.css" in html
    assert len(html) + len(css) < PAGE_WEIGHT_BUDGET, (len(html), len(css))


def test_reader_pages_need_no_javascript(client, demo):
    """The article page ships only JSON-LD data scripts, no executable JavaScript."""
    article = Article.objects.get(slug=FLAGSHIP)
    page, _response = audit(client, article.get_absolute_url())
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    assert scripts and all(
        attrs.get("type") == "application/ld+json" for attrs in scripts
    )
