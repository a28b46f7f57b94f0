"""Previews: the real article page, marked and kept out of search engines, for the people who may see it."""

import pytest
from django.urls import reverse

from tests.builders import draft_payload, make_ready_article

pytestmark = pytest.mark.django_db


def test_editor_and_owner_see_the_preview_with_banner_and_noindex(client, editor):
    """Staff and the owning writer see the real page marked as a preview."""
    article = make_ready_article()
    url = reverse("editorial:preview", args=[article.pk])
    for user in (editor, article.author):
        client.force_login(user)
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200
        assert "preview-banner" in html
        assert '<meta name="robots" content="noindex, nofollow">' in html
        assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_other_writer_gets_404_and_anonymous_must_log_in(client, other_writer):
    """Another writer gets the same 404 as for a missing article; anonymous is sent to log in."""
    article = make_ready_article()
    url = reverse("editorial:preview", args=[article.pk])
    response = client.get(url)
    assert response.status_code == 302
    client.force_login(other_writer)
    assert client.get(url).status_code == 404
    assert client.get(reverse("editorial:preview", args=[999999])).status_code == 404


def test_save_and_preview_in_the_portal_opens_the_preview(writer_client):
    """ "Save and preview" saves the draft and opens the real article template as a preview."""
    response = writer_client.post(
        reverse("portal:new"), draft_payload(intent="preview"), follow=True
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "preview-banner" in html and "Warga membersihkan sungai" in html


def test_preview_banner_leads_back_to_editing_and_offers_submit(client, writer):
    """The owner's preview of a draft links back to the editor and can submit it."""
    article = make_ready_article(author=writer)
    client.force_login(writer)
    html = client.get(reverse("editorial:preview", args=[article.pk])).content.decode()
    assert f'href="{reverse("portal:edit", args=[article.pk])}"' in html
    submit = reverse("portal:transition", args=[article.pk, "submit"])
    assert f'action="{submit}"' in html

    response = client.post(submit)
    article.refresh_from_db()
    assert response.status_code == 302 and article.status == "submitted"
    html = client.get(reverse("editorial:preview", args=[article.pk])).content.decode()
    assert f'action="{submit}"' not in html
    assert f'href="{reverse("portal:dashboard")}"' in html


def test_editors_preview_leads_back_to_the_desk(client, editor):
    """An editor previewing someone's article goes back to its desk page."""
    article = make_ready_article()
    client.force_login(editor)
    html = client.get(reverse("editorial:preview", args=[article.pk])).content.decode()
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert f'href="{change}"' in html
    assert "/do/submit/" not in html
