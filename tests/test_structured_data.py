"""schema.org JSON-LD on reader pages: it parses and has the fields Google documents."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.urls import resolve
from django.utils import timezone
from PIL import Image as PILImage

from articles import links, structured_data
from articles.models import Correction, Profile
from tests.builders import make_article, make_category, make_image, make_user

pytestmark = pytest.mark.django_db

SITE = "https://news.example.org"


def jsonld_blocks(html):
    """Every JSON-LD block of ``html``, parsed; each must be valid JSON."""
    pattern = r'<script type="application/ld\+json">(.*?)</script>'
    blocks = [json.loads(block) for block in re.findall(pattern, html, re.S)]
    for block in blocks:
        assert block["@context"] == "https://schema.org"
    return blocks


def blocks_by_type(client, url):
    response = client.get(url)
    assert response.status_code == 200
    blocks = jsonld_blocks(response.content.decode())
    by_type = {block["@type"]: block for block in blocks}
    assert len(by_type) == len(blocks), "one block per type"
    return by_type


def assert_site_url(url):
    """``url`` is absolute on SITE_URL and names a page of the site."""
    assert url.startswith(SITE + "/"), url
    resolve(url.removeprefix(SITE).split("?")[0])


def assert_breadcrumbs(data, expected_names):
    assert data["@type"] == "BreadcrumbList"
    items = data["itemListElement"]
    assert [item["position"] for item in items] == list(
        range(1, len(expected_names) + 1)
    )
    assert [item["name"] for item in items] == expected_names
    for item in items:
        assert item["@type"] == "ListItem"
        assert_site_url(item["item"])
    assert items[0]["item"] == SITE + "/"


@pytest.fixture
def article():
    writer = make_user("sari")
    Profile.objects.create(user=writer, display_name="Sari W.")
    return make_article(
        title="Warga Menanam Seribu Pohon",
        category=make_category("Lingkungan"),
        author=writer,
        hero_image=make_image(),
        tags=["pohon"],
    )


def test_article_page_has_news_article_and_breadcrumbs(client, article):
    """The article page carries a NewsArticle and a BreadcrumbList, each parsing."""
    blocks = blocks_by_type(client, article.get_absolute_url())
    assert set(blocks) == {"NewsArticle", "BreadcrumbList"}


def test_news_article_has_googles_fields(client, article):
    """headline, image list, dates, author Person with url, publisher with logo."""
    data = blocks_by_type(client, article.get_absolute_url())["NewsArticle"]
    assert data["headline"] == "Warga Menanam Seribu Pohon"
    assert data["mainEntityOfPage"] == SITE + article.get_absolute_url()
    assert isinstance(data["image"], list) and data["image"]
    assert all(url.startswith(SITE + "/media/images/") for url in data["image"])
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["dateModified"] == article.published_at.isoformat()
    assert data["inLanguage"] == "id"
    assert data["author"] == {
        "@type": "Person",
        "name": "Sari W.",
        "url": SITE + "/author/sari/",
    }
    publisher = data["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "Newsroom"
    assert publisher["url"] == SITE + "/"
    logo = publisher["logo"]
    assert logo["@type"] == "ImageObject"
    assert logo["url"] == SITE + "/static/img/logo.png"
    assert (logo["width"], logo["height"]) == (600, 60)


def test_author_url_in_json_ld_is_the_author_page(client, article):
    """The NewsArticle author url answers with the writer's page."""
    data = blocks_by_type(client, article.get_absolute_url())["NewsArticle"]
    path = data["author"]["url"].removeprefix(SITE)
    assert client.get(path).status_code == 200


def test_publisher_logo_file_matches_the_declared_size():
    """static/img/logo.png exists and is as big as the JSON-LD says."""
    path = finders.find(structured_data.LOGO_PATH)
    assert path
    with PILImage.open(path) as logo:
        assert logo.size == (structured_data.LOGO_WIDTH, structured_data.LOGO_HEIGHT)


def test_date_modified_follows_the_newest_correction(client, article):
    """After a correction dateModified is the correction's time."""
    corrected = timezone.now() - timedelta(minutes=5)
    Correction.objects.create(
        article=article, note="Fixed a name.", created_at=corrected
    )
    data = blocks_by_type(client, article.get_absolute_url())["NewsArticle"]
    assert data["dateModified"] == corrected.isoformat()


def test_article_breadcrumbs_are_home_category_article(client, article):
    """Home › Category › Article, positions 1..3, absolute item URLs."""
    data = blocks_by_type(client, article.get_absolute_url())["BreadcrumbList"]
    assert_breadcrumbs(data, ["Beranda", "Lingkungan", "Warga Menanam Seribu Pohon"])
    assert data["itemListElement"][1]["item"] == SITE + "/lingkungan/"
    assert data["itemListElement"][2]["item"] == SITE + article.get_absolute_url()


def test_breadcrumb_names_follow_the_language(client, article):
    """The first crumb reads "Home" in English."""
    data = blocks_by_type(client, "/en" + article.get_absolute_url())["BreadcrumbList"]
    assert data["itemListElement"][0]["name"] == "Home"


def test_article_without_category_has_two_crumbs(client):
    """An article without a category is Home › Article."""
    article = make_article(title="Tanpa kategori", category=None)
    data = blocks_by_type(client, article.get_absolute_url())["BreadcrumbList"]
    assert_breadcrumbs(data, ["Beranda", "Tanpa kategori"])


def test_article_without_image_omits_image(client):
    """No hero image, no ``image`` property (never an empty or broken URL)."""
    article = make_article()
    data = blocks_by_type(client, article.get_absolute_url())["NewsArticle"]
    assert "image" not in data


def test_home_has_website_with_search_action(client, article):
    """The front page describes the site and its search (SearchAction)."""
    data = blocks_by_type(client, "/")["WebSite"]
    assert data["name"] == "Newsroom"
    assert data["url"] == SITE + "/"
    action = data["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"] == {
        "@type": "EntryPoint",
        "urlTemplate": SITE + "/search/?q={search_term_string}",
    }
    assert action["query-input"] == "required name=search_term_string"


def test_empty_home_still_has_website(client):
    """The WebSite block does not depend on there being stories."""
    assert "WebSite" in blocks_by_type(client, "/")


def test_category_page_has_breadcrumbs(client, article):
    """A category page is Home › Category."""
    data = blocks_by_type(client, "/lingkungan/")["BreadcrumbList"]
    assert_breadcrumbs(data, ["Beranda", "Lingkungan"])


def test_tag_page_has_breadcrumbs(client, article):
    """A tag page is Home › #tag."""
    data = blocks_by_type(client, "/tag/pohon/")["BreadcrumbList"]
    assert_breadcrumbs(data, ["Beranda", "#pohon"])


def test_author_page_has_profile_page_and_breadcrumbs(client, article):
    """An author page is a ProfilePage about a Person, and Home › Author."""
    article.author.profile.bio = "Penulis warga."
    article.author.profile.save()
    blocks = blocks_by_type(client, "/author/sari/")
    assert set(blocks) == {"ProfilePage", "BreadcrumbList"}
    assert_breadcrumbs(blocks["BreadcrumbList"], ["Beranda", "Sari W."])
    person = blocks["ProfilePage"]["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "Sari W."
    assert person["url"] == SITE + "/author/sari/"
    assert person["description"] == "Penulis warga."


def test_absolute_url_keeps_urls_that_are_already_absolute(settings):
    """Media or static files on a CDN keep their own host."""
    assert links.absolute_url("/a/") == SITE + "/a/"
    cdn = "https://cdn.example.net/media/x.jpg"
    assert links.absolute_url(cdn) == cdn
    assert (
        links.absolute_url("//cdn.example.net/x.jpg") == "https://cdn.example.net/x.jpg"
    )
