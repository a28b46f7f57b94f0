"""Feeds (RSS and Atom) for the site, a category, a tag and an author."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from articles.models import Article, Correction, Profile
from tests.builders import (
    SITE_URL,
    make_article,
    make_category,
    make_image,
    make_small_newsroom,
    make_user,
    make_writer,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
KINDS = ["rss", "atom"]
SCOPES = ["site", "category", "tag", "author"]


def feed_items(response):
    """Title, link, date, description, author and enclosures of each item."""
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    if root.tag == "rss":
        return [
            {
                "title": item.findtext("title"),
                "link": item.findtext("link"),
                "date": item.findtext("pubDate"),
                "description": item.findtext("description"),
                "author": item.findtext(f"{DC}creator"),
                "categories": [c.text for c in item.findall("category")],
                "enclosures": [e.attrib for e in item.findall("enclosure")],
            }
            for item in root.find("channel").findall("item")
        ]
    assert root.tag == f"{ATOM}feed"
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link[@rel='alternate']").get("href"),
            "date": entry.findtext(f"{ATOM}published"),
            "description": entry.findtext(f"{ATOM}summary"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            "categories": [c.get("term") for c in entry.findall(f"{ATOM}category")],
            "enclosures": [
                {"url": e.get("href"), "length": e.get("length"), "type": e.get("type")}
                for e in entry.findall(f"{ATOM}link[@rel='enclosure']")
            ],
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def titles(response):
    return {item["title"] for item in feed_items(response)}


def disclosure():
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(
            "Disclaimer: This summary was created using Artificial Intelligence (AI)"
        )


@pytest.fixture
def newsroom():
    """One writer's published, draft, scheduled and pulled articles in one category and tag."""
    return make_small_newsroom()


def feed_url(scope, kind, newsroom=None):
    if scope == "site":
        return reverse("articles:feed", args=[kind])
    if scope == "category":
        return reverse("articles:category_feed", args=[newsroom["category"].slug, kind])
    if scope == "tag":
        return reverse("articles:tag_feed", args=[newsroom["tag"], kind])
    return reverse("articles:author_feed", args=[newsroom["author"].username, kind])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("scope", SCOPES)
def test_every_feed_parses_and_lists_only_published_articles(
    client, newsroom, scope, kind
):
    """Site, category, tag and author feeds are valid XML with only published articles."""
    response = client.get(feed_url(scope, kind, newsroom))
    assert titles(response) == {"Harga cabai turun"}


@pytest.mark.parametrize("kind", KINDS)
def test_feeds_answer_with_their_own_content_type(client, kind):
    """RSS answers as application/rss+xml, Atom as application/atom+xml."""
    response = client.get(feed_url("site", kind))
    assert response["Content-Type"].startswith(f"application/{kind}+xml")


@pytest.mark.parametrize("kind", KINDS)
def test_feed_item_has_title_absolute_link_date_and_author(client, newsroom, kind):
    """An item carries its title, a SITE_URL link, its publication date and byline."""
    article = Article.objects.get(title="Harga cabai turun")
    [item] = feed_items(client.get(feed_url("site", kind)))
    assert item["title"] == "Harga cabai turun"
    assert item["link"] == SITE_URL + article.get_absolute_url()
    assert item["link"].startswith("https://news.example.org/ekonomi/")
    assert item["date"]
    assert item["author"] == "Siti Rahma"
    assert item["categories"] == ["Ekonomi", "pasar"]


@pytest.mark.parametrize("kind", KINDS)
def test_feed_links_ignore_the_request_host(client, kind):
    """Feed and item links point at SITE_URL even when requested on another host."""
    make_article()
    response = client.get(feed_url("site", kind), HTTP_HOST="127.0.0.1")
    assert b"127.0.0.1" not in response.content
    assert b"testserver" not in response.content
    [item] = feed_items(response)
    assert item["link"].startswith(SITE_URL + "/")


def test_rss_channel_link_and_language(client):
    """The RSS channel links to the home page on SITE_URL in the site's language."""
    channel = ET.fromstring(client.get(feed_url("site", "rss")).content).find("channel")
    assert channel.findtext("title") == "Newsroom"
    assert channel.findtext("link") == SITE_URL + "/"
    assert channel.findtext("language") == settings.LANGUAGE_CODE


def test_atom_feed_has_subtitle_and_self_link(client, newsroom):
    """The Atom feed has a subtitle and its self link on SITE_URL."""
    url = feed_url("category", "atom", newsroom)
    root = ET.fromstring(client.get(url).content)
    assert root.findtext(f"{ATOM}title") == "Newsroom: Ekonomi"
    assert root.findtext(f"{ATOM}subtitle")
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == SITE_URL + url
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == (
        SITE_URL + newsroom["category"].get_absolute_url()
    )


@pytest.mark.parametrize(
    ("scope", "title"),
    [
        ("category", "Newsroom: Ekonomi"),
        ("tag", "Newsroom: #pasar"),
        ("author", "Newsroom: Siti Rahma"),
    ],
)
def test_scoped_feed_titles_name_their_scope(client, newsroom, scope, title):
    """A category, tag or author feed is titled "<site>: <name>"."""
    root = ET.fromstring(client.get(feed_url(scope, "rss", newsroom)).content)
    assert root.find("channel").findtext("title") == title


@pytest.mark.parametrize("kind", KINDS)
def test_feed_description_has_key_points_lead_and_credit_line(client, kind):
    """The description lists the key points, the lead and "caption (source/credit)"."""
    make_article(
        key_points=["Harga turun 10%.", "Pasar <ramai> & tertib."],
        lead="<p>Harga cabai <strong>turun</strong> pekan ini.</p>",
        dateline="Bandung",
        hero_image=make_image(caption="A flag", source="unsplash.com", credit="Jane"),
    )
    [item] = feed_items(client.get(feed_url("site", kind)))
    description = item["description"]
    assert "<li>Harga turun 10%.</li>" in description
    assert "<li>Pasar &lt;ramai&gt; &amp; tertib.</li>" in description
    assert "Bandung, Newsroom - Harga cabai turun pekan ini." in description
    assert "<strong>" not in description
    assert "A flag (unsplash.com/Jane)" in description


@pytest.mark.parametrize("kind", KINDS)
def test_feed_description_discloses_ai_summary_only_when_ai_wrote_it(client, kind):
    """The AI disclaimer appears for a machine-written summary and nowhere else."""
    make_article(title="By machine", summary_source="llm")
    make_article(title="By hand", summary_source="human")
    items = {i["title"]: i for i in feed_items(client.get(feed_url("site", kind)))}
    assert disclosure() in items["By machine"]["description"]
    assert "Artificial Intelligence" not in items["By hand"]["description"]


@pytest.mark.parametrize("kind", KINDS)
def test_feed_enclosure_is_the_hero_image(client, kind):
    """The hero image is an enclosure with an absolute URL, its size and type."""
    article = make_article(hero_image=make_image())
    [item] = feed_items(client.get(feed_url("site", kind)))
    [enclosure] = item["enclosures"]
    image = article.hero_image
    assert enclosure["url"] == SITE_URL + image.file.url
    assert enclosure["length"] == str(image.file.size)
    assert enclosure["type"] == "image/jpeg"


@pytest.mark.parametrize("kind", KINDS)
def test_feed_survives_a_deleted_image_file(client, kind):
    """An image whose file is gone still lists the article, with length 0."""
    article = make_article(hero_image=make_image())
    image = article.hero_image
    image.file.storage.delete(image.file.name)
    [item] = feed_items(client.get(feed_url("site", kind)))
    assert item["enclosures"][0]["length"] == "0"
    assert "A flag (unsplash.com/Jane Doe)" in item["description"]


@pytest.mark.parametrize("kind", KINDS)
def test_feed_titles_with_markup_characters_parse(client, kind):
    """A title with & and < is escaped, parses, and reads right in each format."""
    make_article(title="Untung & rugi <2025>")
    [item] = feed_items(client.get(feed_url("site", kind)))
    # RSS readers read titles as HTML (Django's convention); Atom's are plain text.
    expected = {"rss": "Untung &amp; rugi &lt;2025&gt;", "atom": "Untung & rugi <2025>"}
    assert item["title"] == expected[kind]


def test_feed_lists_the_twenty_newest_articles(client):
    """The site feed holds the 20 newest published articles, newest first."""
    now = timezone.now()
    author, category = make_user(), make_category()
    for minutes in range(22):
        make_article(
            title=f"Story {minutes}",
            author=author,
            category=category,
            published_at=now - timedelta(minutes=minutes + 1),
        )
    items = feed_items(client.get(feed_url("site", "rss")))
    assert [i["title"] for i in items] == [f"Story {n}" for n in range(20)]


@pytest.mark.parametrize("scope", SCOPES)
def test_unknown_feed_kind_is_404(client, newsroom, scope):
    """Only "rss" and "atom" are feed formats; anything else is a 404."""
    assert client.get(feed_url(scope, "json", newsroom)).status_code == 404


@pytest.mark.parametrize(
    "url_name", ["articles:category_feed", "articles:tag_feed", "articles:author_feed"]
)
@pytest.mark.parametrize("kind", KINDS)
def test_feed_of_unknown_object_is_404(client, url_name, kind):
    """A feed for a category, tag or author that does not exist is a 404."""
    assert client.get(reverse(url_name, args=["nope", kind])).status_code == 404


def test_author_feed_of_unpublished_writer_is_404(client):
    """A writer with only drafts has no feed, as if the account did not exist."""
    writer = make_writer("diam")
    make_article(author=writer, status=Article.Status.DRAFT)
    response = client.get(reverse("articles:author_feed", args=["diam", "rss"]))
    assert response.status_code == 404


def test_tag_feed_of_tag_only_on_drafts_is_not_found(client):
    """A tag used only by drafts has no feed: 404, the draft's title nowhere."""
    make_article(title="Secret", status=Article.Status.DRAFT, tags=["rahasia"])
    response = client.get(reverse("articles:tag_feed", args=["rahasia", "rss"]))
    assert response.status_code == 404
    assert b"Secret" not in response.content


def test_site_feed_query_count_does_not_grow_with_items(client):
    """The site feed runs as many queries for 15 articles as for 2."""

    def queries_for(count):
        Article.objects.all().delete()
        for n in range(count):
            writer = make_writer()
            Profile.objects.create(user=writer, display_name=f"Writer {n}")
            article = make_article(
                author=writer, hero_image=make_image(), tags=["a", f"t{n}"]
            )
            Correction.objects.create(article=article, note="Fixed a name.")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(feed_url("site", "rss"))
        assert len(feed_items(response)) == count
        return len(queries)

    assert queries_for(2) == queries_for(15)


def test_atom_updated_date_is_the_last_correction(client):
    """An Atom entry's updated date is its newest correction."""
    article = make_article()
    corrected_at = timezone.now() - timedelta(minutes=5)
    Correction.objects.create(article=article, note="Typo.", created_at=corrected_at)
    root = ET.fromstring(client.get(feed_url("site", "atom")).content)
    updated = root.find(f"{ATOM}entry").findtext(f"{ATOM}updated")
    assert datetime.fromisoformat(updated) == corrected_at


def test_rss_channel_and_creator_escape_names_like_item_titles(client):
    """A display name with markup reads as text in RSS readers, not as HTML."""
    writer = make_writer("evil")
    Profile.objects.create(user=writer, display_name="<b>Evil</b> & Co")
    make_article(author=writer, title="Cerita")
    root = ET.fromstring(
        client.get(reverse("articles:author_feed", args=["evil", "rss"])).content
    )
    channel = root.find("channel")
    assert channel.findtext("title").endswith("&lt;b&gt;Evil&lt;/b&gt; &amp; Co")
    assert "&lt;b&gt;Evil" in channel.findtext("description")
    creator = channel.find("item").findtext("{http://purl.org/dc/elements/1.1/}creator")
    assert creator == "&lt;b&gt;Evil&lt;/b&gt; &amp; Co"


def test_atom_names_stay_plain_text(client):
    """Atom titles are type="text": the name is the name, escaped once by the XML."""
    writer = make_writer("evil")
    Profile.objects.create(user=writer, display_name="<b>Evil</b>")
    make_article(author=writer, title="Cerita")
    root = ET.fromstring(
        client.get(reverse("articles:author_feed", args=["evil", "atom"])).content
    )
    assert root.findtext(f"{ATOM}title").endswith("<b>Evil</b>")
