"""Two saves at once: slugs never collide, and a double-clicked new draft is one draft."""

import uuid

import pytest
from django.urls import reverse

from articles.models import Article
from articles.models import article as article_module
from editorial.portal import views as portal_views
from tests.builders import draft_payload, log_in, make_article, make_writer

pytestmark = pytest.mark.django_db


def test_a_slug_taken_between_choosing_and_saving_is_replaced(monkeypatch):
    """If another save takes the chosen slug first, the article takes the next one."""
    make_article(title="Judul sama", slug="judul-sama")
    real = article_module.unique_slug
    calls = []

    def stale_first(*args, **kwargs):
        calls.append(1)
        return "judul-sama" if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(article_module, "unique_slug", stale_first)
    article = Article(title="Judul sama", author=make_writer())
    article.save()
    assert article.slug == "judul-sama-2"
    assert len(calls) == 2


def test_posting_the_same_new_draft_twice_makes_one_draft(client):
    """A double click on "Save draft" of a new article saves one draft."""
    writer = make_writer()
    log_in(client, writer)
    data = draft_payload(title="Sekali saja", draft_token=str(uuid.uuid4()))
    first = client.post(reverse("portal:new"), data)
    second = client.post(reverse("portal:new"), data)
    assert Article.objects.filter(author=writer).count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]


def test_two_posts_of_one_new_draft_at_once_make_one_draft(client, monkeypatch):
    """When both posts pass the check together, the database keeps one draft."""
    writer = make_writer()
    token = uuid.uuid4()
    Article.objects.create(title="Sekali saja", author=writer, draft_token=token)
    real = portal_views._draft_made_by
    lookups = []

    def not_yet_then_real(user, draft_token):
        lookups.append(draft_token)
        return None if len(lookups) == 1 else real(user, draft_token)

    monkeypatch.setattr(portal_views, "_draft_made_by", not_yet_then_real)
    log_in(client, writer)
    response = client.post(
        reverse("portal:new"), draft_payload(title="Sekali saja", draft_token=token)
    )
    assert response.status_code == 302
    assert Article.objects.filter(author=writer).count() == 1


def test_a_new_draft_form_carries_its_own_key(client):
    """Each opening of the new-draft form gets a fresh key."""
    log_in(client, make_writer())
    first = client.get(reverse("portal:new")).content.decode()
    second = client.get(reverse("portal:new")).content.decode()
    assert 'name="draft_token"' in first
    assert (
        first.split('name="draft_token" value="')[1][:36]
        != (second.split('name="draft_token" value="')[1][:36])
    )
