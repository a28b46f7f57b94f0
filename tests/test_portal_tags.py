"""Tags in the writer portal: as typed, never quoted, with suggestions of existing ones."""

import json

import pytest
from django.urls import reverse

from articles.forms import split_tags
from articles.models import Article
from tests.builders import draft_payload, log_in, make_article, make_writer

pytestmark = pytest.mark.django_db

S = Article.Status


def test_tags_split_on_commas_only_keeping_case_and_order():
    """A space belongs to its tag; quotes of the old format go; repeats count once."""
    assert split_tags('pasar terapung, Banjarmasin,  UMKM , "kuliner", umkm,,') == [
        "pasar terapung",
        "Banjarmasin",
        "UMKM",
        "kuliner",
    ]


def test_typed_tags_come_back_as_typed(writer_client, writer):
    """ "pasar terapung, Banjarmasin, UMKM" is stored and shown as typed, unquoted."""
    data = draft_payload(tags="pasar terapung, Banjarmasin, UMKM")
    writer_client.post(reverse("portal:new"), data)
    article = Article.objects.get(author=writer)
    assert sorted(t.name for t in article.tags.all()) == [
        "Banjarmasin",
        "UMKM",
        "pasar terapung",
    ]
    assert {t.slug for t in article.tags.all()} == {
        "banjarmasin",
        "umkm",
        "pasar-terapung",
    }
    html = writer_client.get(reverse("portal:edit", args=[article.pk])).content.decode()
    value = html.split('name="tags"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    assert sorted(value.split(", ")) == ["Banjarmasin", "UMKM", "pasar terapung"]
    assert "&quot;" not in value


def test_an_existing_tag_keeps_its_first_spelling(writer_client, writer):
    """Typing "umkm" where "UMKM" exists reuses it: one tag, one page."""
    make_article(tags=["UMKM"])
    writer_client.post(reverse("portal:new"), draft_payload(tags="umkm"))
    [tag] = Article.objects.get(author=writer).tags.all()
    assert tag.name == "UMKM"


def suggest(client, typed):
    response = client.get(reverse("portal:tag_suggestions"), {"q": typed})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return json.loads(response.content)["tags"]


def test_suggestions_are_public_or_own_tags_by_prefix(writer_client, writer):
    """Prefix match in any case, public tags and the writer's own, never another's draft tags."""
    make_article(tags=["Pasar Terapung", "pasar malam", "kuliner"])
    make_article(author=writer, status=S.DRAFT, tags=["pasar ikan"])
    make_article(author=make_writer(), status=S.DRAFT, tags=["pasar rahasia"])
    assert suggest(writer_client, "PAS") == [
        "pasar ikan",
        "pasar malam",
        "Pasar Terapung",
    ]
    assert suggest(writer_client, "") == []
    assert suggest(writer_client, "zzz") == []


def test_suggestions_are_bounded(writer_client):
    """At most ten names, whatever matches."""
    make_article(tags=[f"tag{i:02}" for i in range(15)])
    assert len(suggest(writer_client, "tag")) == 10
    assert suggest(writer_client, "x" * 5000) == []


def test_suggestions_are_for_portal_users_only(client):
    """Anonymous visitors are sent to log in; readers learn nothing."""
    response = client.get(reverse("portal:tag_suggestions"), {"q": "pa"})
    assert response.status_code == 302
    log_in(client, make_writer())
    assert client.get(reverse("portal:tag_suggestions")).status_code == 200
