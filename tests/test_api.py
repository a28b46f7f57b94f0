"""The JSON API's content: what each endpoint says, and only about published articles."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Correction, Profile, Section
from tests.builders import (
    SCHEDULED,
    SITE_URL,
    make_article,
    make_category,
    make_editor,
    make_image,
    make_writer,
)

pytestmark = pytest.mark.django_db

HIDDEN_STATES = [
    Article.Status.DRAFT,
    Article.Status.SUBMITTED,
    Article.Status.IN_REVIEW,
    Article.Status.CHANGES_REQUESTED,
    Article.Status.APPROVED,
    Article.Status.UNPUBLISHED,
    Article.Status.REJECTED,
    SCHEDULED,
]


def hidden_article(state, **fields):
    """An article readers must not see, in ``state`` (or scheduled)."""
    if state == SCHEDULED:
        return make_article(published_at=timezone.now() + timedelta(days=1), **fields)
    if state == Article.Status.UNPUBLISHED:
        fields.setdefault("published_at", timezone.now() - timedelta(days=2))
    return make_article(status=state, **fields)


def machine_summary(machine: bool = True) -> dict:
    """Fields of an article whose key points an LLM wrote (or a person did)."""
    return {"summary_source": "llm" if machine else "human"}


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def ids(data) -> list[int]:
    return [item["id"] for item in data["results"]]


# --- Articles: list ------------------------------------------------------------


def test_article_list_is_newest_first_with_absolute_urls(client):
    """The list shows published articles, newest first, linked on SITE_URL."""
    now = timezone.now()
    older = make_article(published_at=now - timedelta(days=2))
    newer = make_article(published_at=now - timedelta(hours=1))
    data = get_json(client, "/api/v1/articles/")
    assert ids(data) == [newer.pk, older.pk]
    item = data["results"][0]
    assert item["url"] == SITE_URL + newer.get_absolute_url()
    assert item["api_url"] == f"{SITE_URL}/api/v1/articles/{newer.pk}/"
    assert item["author"]["url"] == f"{SITE_URL}/author/{newer.author.username}/"
    assert item["category"]["url"] == SITE_URL + newer.category.get_absolute_url()
    assert data["next"] is None


def test_article_urls_are_in_the_default_language_whatever_the_visitor_asks(client):
    """Reader URLs in the API are the canonical (unprefixed) ones, even for an English visitor."""
    article = make_article()
    expected = SITE_URL + article.get_absolute_url()
    client.cookies["django_language"] = "en"
    response = client.get("/api/v1/articles/", headers={"accept-language": "en"})
    assert response.json()["results"][0]["url"] == expected
    assert "/en/" not in expected


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_unpublished_articles_are_absent_from_the_list(client, state):
    """Drafts, articles in review, approved, scheduled, unpublished and rejected ones are never listed."""
    visible = make_article()
    hidden = hidden_article(state, author=visible.author, category=visible.category)
    hidden.tags.add("shared")
    visible.tags.add("shared")
    for params in [{}, {"category": visible.category.slug}, {"tag": "shared"}]:
        assert ids(get_json(client, "/api/v1/articles/", **params)) == [visible.pk]
    assert ids(get_json(client, "/api/v1/articles/", author=visible.author_id)) == [
        visible.pk
    ]


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_unpublished_articles_answer_404_like_unknown_ids(client, state):
    """An unpublished article's id and slug answer exactly like ones that never existed."""
    hidden = hidden_article(state)
    unknown = client.get("/api/v1/articles/999999/")
    for url in [
        f"/api/v1/articles/{hidden.pk}/",
        f"/api/v1/articles/by-slug/{hidden.slug}/",
    ]:
        response = client.get(url)
        assert response.status_code == 404
        assert response.content == unknown.content
        assert response.json() == {"detail": "Not found."}


def test_filters_by_category_tag_author_and_dates(client):
    """Each filter narrows the list to the matching published articles."""
    now = timezone.now()
    writer = make_writer()
    economy = make_category("Ekonomi")
    old = make_article(published_at=now - timedelta(days=10), tags=["pasar"])
    new = make_article(
        published_at=now - timedelta(hours=2), author=writer, category=economy
    )
    url = "/api/v1/articles/"
    assert ids(get_json(client, url, category="ekonomi")) == [new.pk]
    assert ids(get_json(client, url, tag="pasar")) == [old.pk]
    assert ids(get_json(client, url, author=writer.pk)) == [new.pk]
    since = (now - timedelta(days=1)).isoformat()
    assert ids(get_json(client, url, published_since=since)) == [new.pk]
    Article.objects.filter(pk=new.pk).update(updated_at=now - timedelta(days=3))
    Article.objects.filter(pk=old.pk).update(updated_at=now)
    since = (now - timedelta(days=1)).isoformat()
    assert ids(get_json(client, url, updated_since=since)) == [old.pk]
    Article.objects.filter(pk=old.pk).update(updated_at=now - timedelta(days=3))
    Correction.objects.create(article=new, note="Fixed.")
    assert ids(get_json(client, url, updated_since=since)) == [new.pk]
    assert ids(get_json(client, url, category="nothing-here")) == []


def test_search_finds_words_in_the_text(client):
    """``search`` lists the published articles whose text has every word."""
    match = make_article(title="Banjir di Bogor", lead="<p>Air naik.</p>")
    make_article(title="Harga cabai")
    hidden_article(Article.Status.DRAFT, title="Banjir draft")
    if _postgres():  # the vector is made by the editorial save path
        from articles.search import update_search_vector

        for article in Article.objects.all():
            update_search_vector(article)
    assert ids(get_json(client, "/api/v1/articles/", search="banjir")) == [match.pk]
    assert ids(get_json(client, "/api/v1/articles/", search="!!!")) == []
    assert len(ids(get_json(client, "/api/v1/articles/", search=""))) == 2


def _postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.mark.parametrize(
    "params",
    [
        {"author": "sari"},
        {"author": "0"},
        {"author": str(2**80)},
        {"published_since": "yesterday"},
        {"updated_since": "2026-13-45T99:00"},
        {"page_size": "0"},
        {"page_size": "101"},
        {"page_size": "ten"},
        {"cursor": "not-a-cursor"},
        {"cursor": "WyJ4IiwiMSJd"},  # ["x","1"]: decodes, but not a date and id
        {"category": "a\x00b"},
        {"search": "x" * 201},
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(client, params):
    """A bad filter, page size or cursor is a 400 that names it, never a 500."""
    make_article()
    response = client.get("/api/v1/articles/", params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Invalid query parameters."
    assert set(body["errors"]) == set(params)


# --- Cursor pagination ---------------------------------------------------------


def test_cursor_pages_walk_the_whole_list_once(client):
    """Following ``next`` visits every published article once, newest first."""
    now = timezone.now()
    articles = [make_article(published_at=now - timedelta(hours=h)) for h in range(5)]
    # Two articles published at the same instant are told apart by id.
    twin = make_article(published_at=articles[2].published_at)
    expected = sorted(
        [*articles, twin], key=lambda a: (a.published_at, a.pk), reverse=True
    )
    seen, url = [], "/api/v1/articles/?page_size=2"
    while url:
        data = get_json(client, url.removeprefix(SITE_URL))
        assert len(data["results"]) <= 2
        seen += ids(data)
        url = data["next"]
    assert seen == [a.pk for a in expected]


def test_cursor_pages_are_stable_when_articles_are_published(client):
    """An article published between two pages does not shift the next page."""
    now = timezone.now()
    articles = [make_article(published_at=now - timedelta(hours=h)) for h in range(4)]
    first = get_json(client, "/api/v1/articles/", page_size=2)
    make_article(published_at=now - timedelta(minutes=1))
    second = get_json(client, first["next"].removeprefix(SITE_URL))
    assert ids(first) + ids(second) == [a.pk for a in articles]


# --- Articles: detail ----------------------------------------------------------


def test_article_detail_has_everything_the_page_shows(client):
    """Detail by id and by slug: sections numbered, hero with credit, tags, editor, corrections."""
    editor = make_editor("dewi")
    Profile.objects.create(user=editor, display_name="Dewi Lestari")
    writer = make_writer("sari")
    Profile.objects.create(user=writer, display_name="Sari W.")
    article = make_article(
        author=writer,
        approved_by=editor,
        hero_image=make_image(caption="A flag", credit="Jane Doe"),
        dateline="Bogor",
        tags=["banjir", "air"],
    )
    Section.objects.create(
        article=article, position=5, heading="Later", body="<p>B</p>"
    )
    Section.objects.create(
        article=article,
        position=2,
        heading="First",
        body="<p>A</p>",
        image=make_image(caption="River", credit="Joko", source="Reuters"),
    )
    Correction.objects.create(article=article, note="A name was misspelt.")
    data = get_json(client, f"/api/v1/articles/{article.pk}/")
    assert data == get_json(client, f"/api/v1/articles/by-slug/{article.slug}/")
    assert data["title"] == article.title
    assert data["dateline"] == "Bogor"
    assert data["lead"] == article.lead
    assert [(s["number"], s["heading"]) for s in data["sections"]] == [
        (1, "First"),
        (2, "Later"),
    ]
    assert data["sections"][0]["image"]["credit_line"] == "River (Reuters/Joko)"
    assert data["sections"][1]["image"] is None
    hero = data["hero"]
    assert hero["credit_line"] == "A flag (unsplash.com/Jane Doe)"
    assert hero["url"].startswith(SITE_URL + "/media/")
    assert {r["format"] for r in hero["renditions"]} <= {"webp", "jpeg"}
    assert all(r["url"].startswith(SITE_URL) for r in hero["renditions"])
    assert [t["name"] for t in data["tags"]] == ["air", "banjir"]
    assert data["tags"][0]["url"] == f"{SITE_URL}/tag/air/"
    assert data["author"] == {
        "id": writer.pk,
        "username": "sari",
        "display_name": "Sari W.",
        "badge": "writer",
        "url": f"{SITE_URL}/author/sari/",
    }
    assert data["approved_by"] == {"display_name": "Dewi Lestari"}
    assert data["community_writer"] is True
    assert [c["note"] for c in data["corrections"]] == ["A name was misspelt."]
    assert data["corrected_at"] is not None


def test_hero_renditions_are_those_of_the_article_page(client):
    """The hero's renditions are the srcset candidates the article page uses."""
    from articles import renditions

    hero = make_image()
    article = make_article(hero_image=hero)
    hero.refresh_from_db()
    data = get_json(client, f"/api/v1/articles/{article.pk}/")
    expected = {
        (crop, fmt, SITE_URL + c.url, c.width)
        for crop in renditions.DISPLAY_CROPS
        for fmt in renditions.FORMATS
        for c in renditions.candidates(hero, crop, fmt)
    }
    got = {
        (r["crop"], r["format"], r["url"], r["width"])
        for r in data["hero"]["renditions"]
    }
    assert got == expected and got


def test_human_key_points_carry_no_disclosure(client):
    """Points a person wrote say so, with no AI disclosure."""
    article = make_article(key_points=["One.", "Two."])
    key_points = get_json(client, f"/api/v1/articles/{article.pk}/")["key_points"]
    assert key_points == {
        "points": ["One.", "Two."],
        "source": "human",
        "ai_assisted": False,
        "checked_by": None,
        "disclosure": None,
        "digital_source_type": None,
        "ai_policy_url": None,
    }


def test_ai_key_points_carry_the_disclosure_and_who_checked_them(client):
    """Machine-written points carry the English disclosure and the checking editor."""
    editor = make_editor("agus", first_name="Agus", last_name="Salim")
    article = make_article(summary_checked_by=editor, **machine_summary())
    key_points = get_json(client, f"/api/v1/articles/{article.pk}/")["key_points"]
    assert key_points["ai_assisted"] is True
    assert key_points["source"] == "llm"
    assert key_points["checked_by"] == "Agus Salim"
    assert key_points["disclosure"] == (
        "Disclaimer: This summary was created using Artificial Intelligence (AI). "
        "The key points were written by an AI language model (LLM). "
        "Our editorial team checked them against the article."
    )
    assert key_points["digital_source_type"] == (
        "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
    )
    assert key_points["ai_policy_url"] == "https://news.example.org/ai-policy/"


@pytest.mark.parametrize(
    ("source", "ai_assisted"),
    [("human", False), ("extractive", True), ("llm", True), ("llm_edited", True)],
)
def test_key_points_provenance_follows_summary_source(source, ai_assisted):
    """The payload follows ``summary_source``: only a person's points carry no disclosure."""
    from types import SimpleNamespace

    from api.key_points import key_points_payload

    article = SimpleNamespace(
        key_points=["A."],
        summary_source=source,
        summary_checked_by_id=None,
        summary_checked_by=None,
    )
    payload = key_points_payload(article)
    assert payload["source"] == source
    assert payload["ai_assisted"] is ai_assisted
    assert (payload["disclosure"] is not None) is ai_assisted


# --- Hostile text ------------------------------------------------------------

HOSTILE = "</script><script>alert(1)</script> \"quotes\" 'single' & <b>bold</b> \\ ✓ Ümlaut 中文 🙂"


def test_hostile_text_comes_back_as_data_exactly_as_stored(client):
    """Every text field round-trips unchanged, and no raw tag appears in the body."""
    writer = make_writer("hostile")
    Profile.objects.create(user=writer, display_name=HOSTILE[:80])
    category = make_category(HOSTILE[:80], description=HOSTILE)
    article = make_article(
        title=HOSTILE,
        author=writer,
        category=category,
        dateline=HOSTILE[:60],
        lead=f"<p>{HOSTILE}</p><script>alert(2)</script>",
        key_points=[HOSTILE, "Second."],
        hero_image=make_image(
            caption=HOSTILE, credit=HOSTILE[:120], source="x", alt_text=HOSTILE
        ),
        tags=[HOSTILE[:100]],
    )
    Section.objects.create(
        article=article, position=1, heading=HOSTILE, body=f"<p>{HOSTILE}</p>"
    )
    Correction.objects.create(article=article, note=HOSTILE)
    article = Article.objects.get(pk=article.pk)
    response = client.get(f"/api/v1/articles/{article.pk}/")
    assert b"<" not in response.content and b">" not in response.content
    data = json.loads(response.content)
    assert data["title"] == HOSTILE
    assert data["dateline"] == HOSTILE[:60]
    assert data["lead"] == article.lead  # sanitised when stored, not by the API
    assert "<script>" not in data["lead"]
    assert data["key_points"]["points"][0] == HOSTILE
    assert data["author"]["display_name"] == HOSTILE[:80]
    assert data["category"]["name"] == HOSTILE[:80]
    assert data["category"]["description"] == HOSTILE
    assert data["hero"]["caption"] == HOSTILE
    assert data["hero"]["alt_text"] == HOSTILE
    assert data["hero"]["credit"] == HOSTILE[:120]
    assert data["sections"][0]["heading"] == HOSTILE
    assert data["sections"][0]["body"] == Section.objects.get(article=article).body
    assert data["tags"][0]["name"] == HOSTILE[:100].strip()
    assert data["corrections"][0]["note"] == HOSTILE
    listed = get_json(client, "/api/v1/articles/")["results"][0]
    assert listed["title"] == HOSTILE
    assert (
        get_json(client, "/api/v1/categories/")["results"][0]["name"] == (HOSTILE[:80])
    )
    assert get_json(client, "/api/v1/tags/")["results"][0]["name"] == (
        HOSTILE[:100].strip()
    )
    assert (
        get_json(client, "/api/v1/authors/")["results"][0]["display_name"]
        == (HOSTILE[:80])
    )


# --- Categories, tags, authors -----------------------------------------------


def test_categories_are_listed_by_name(client):
    """Every category is listed, by name, with its page URL."""
    make_category("Politik")
    make_category("Ekonomi")
    data = get_json(client, "/api/v1/categories/")
    assert [c["name"] for c in data["results"]] == ["Ekonomi", "Politik"]
    assert data["results"][0]["url"] == f"{SITE_URL}/ekonomi/"


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_only_tags_and_authors_of_published_articles_are_listed(client, state):
    """A tag or writer known only from an unpublished article stays private."""
    shown = make_article(tags=["public"])
    secret_writer = make_writer("secret")
    hidden_article(state, tags=["secret"], author=secret_writer)
    tags = get_json(client, "/api/v1/tags/")
    assert [t["slug"] for t in tags["results"]] == ["public"]
    authors = get_json(client, "/api/v1/authors/")
    assert [a["id"] for a in authors["results"]] == [shown.author_id]


def test_lists_of_tags_and_authors_page_with_cursors(client):
    """Tags page by name and authors by id, with the same cursors as articles."""
    for name in ["delta", "alpha", "charlie", "bravo"]:
        make_article(tags=[name])
    first = get_json(client, "/api/v1/tags/", page_size=3)
    rest = get_json(client, first["next"].removeprefix(SITE_URL))
    names = [t["name"] for t in first["results"] + rest["results"]]
    assert names == ["alpha", "bravo", "charlie", "delta"]
    assert rest["next"] is None
    authors = get_json(client, "/api/v1/authors/", page_size=2)
    more = get_json(client, authors["next"].removeprefix(SITE_URL))
    assert len(ids(authors) + ids(more)) == 4


def test_unknown_api_paths_answer_a_json_404(client):
    """A mistyped API URL is a JSON 404, not the site's HTML page."""
    for url in [
        "/api/v1/articels/",
        "/api/v2/articles/",
        "/api/v1/articles/by-slug/%0A/",
    ]:
        response = client.get(url)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


def test_the_api_is_read_only(client):
    """Writes are refused (405), whatever the endpoint; GET and HEAD are allowed."""
    article = make_article()
    for url in ["/api/v1/articles/", f"/api/v1/articles/{article.pk}/"]:
        assert client.post(url, {}).status_code == 405
        assert client.delete(url).status_code == 405
        assert client.options(url).status_code == 405
        assert client.head(url).status_code == 200
        assert client.get(url)["Allow"] == "GET, HEAD"


def test_the_docs_are_served_from_our_own_static_files(client):
    """/api/v1/docs/ is Swagger UI on the schema, with no inline script or style."""
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "<script>" not in html and "<style>" not in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert "/api/v1/openapi.json" in script.content.decode()


@pytest.mark.parametrize("blank", ["", " ", "\t"])
def test_a_blank_category_or_tag_filter_is_no_filter(client, blank):
    """An empty or whitespace-only category or tag lists every article, not a 400."""
    article = make_article()
    for name in ("category", "tag"):
        data = get_json(client, "/api/v1/articles/", **{name: blank})
        assert [item["id"] for item in data["results"]] == [article.pk]
