"""``manage.py seed_demo``: a complete, idempotent demo site."""

import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from articles.models import Article, Category, Image, Section
from editorial.models import ReviewEvent, Revision
from editorial.permissions import is_editor
from editorial.workflow import review_readiness

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_resized_copies")]

FLAGSHIP = "lima-langkah-memeriksa-kabar-viral"
S = Article.Status

# The workflow actions that explain each demo state, oldest first.
EXPECTED_EVENTS = {
    S.DRAFT: [],
    S.SUBMITTED: ["submit"],
    S.IN_REVIEW: ["submit", "start_review"],
    S.CHANGES_REQUESTED: ["submit", "start_review", "request_changes"],
    S.PUBLISHED: ["submit", "start_review", "approve", "publish"],
}


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            get_user_model(),
            Group,
            Category,
            Article,
            Section,
            Image,
            ReviewEvent,
            Revision,
        )
    }


def seed():
    call_command("seed_demo", stdout=io.StringIO())
    return get_user_model().objects.get(username="editor")


def test_seed_demo_is_idempotent(tmp_path):
    """A second run creates nothing and keeps every password."""
    call_command("seed_demo", stdout=open(tmp_path / "out1", "w"))
    first = counts()
    passwords = dict(get_user_model().objects.values_list("username", "password"))
    call_command("seed_demo", stdout=open(tmp_path / "out2", "w"))
    assert counts() == first
    assert (
        dict(get_user_model().objects.values_list("username", "password")) == passwords
    )


def test_seed_demo_creates_roles_people_and_content(capsys):
    """Groups, an editor, two writers, 3 categories and at least 6 articles in several states."""
    call_command("seed_demo")
    out = capsys.readouterr().out
    users = get_user_model().objects
    assert users.get(username="editor").is_staff
    assert users.get(username="editor").check_password("editor-demo-2026")
    for writer in ("sari", "bayu"):
        user = users.get(username=writer)
        assert not user.is_staff
        assert user.groups.filter(name="Community writers").exists()
        assert user.check_password("writer-demo-2026")
    assert "editor-demo-2026" in out and "writer-demo-2026" in out
    assert Category.objects.count() == 3
    assert Article.objects.count() >= 6
    states = set(Article.objects.values_list("status", flat=True))
    assert {"published", "draft", "submitted"} <= states
    assert Article.objects.published().count() >= 4


def test_flagship_article_uses_the_whole_anatomy(client):
    """The flagship demo story has AI key points, a credited hero, 3 sections, 4 tags."""
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    article = Article.objects.get(slug=FLAGSHIP)
    assert len(article.key_points) == 3 and article.summary_is_ai_assisted
    assert article.hero_image.credit and article.hero_image.source
    assert article.sections.count() == 3
    assert article.sections.exclude(image=None).count() == 1
    assert article.tags.count() == 4
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Intinya sih..." in html
    assert "unsplash.com/Dimas Pratama</a>)" in html
    assert '<span class="section-number">3.</span>' in html


def test_seed_demo_has_exactly_the_expected_states():
    """Published (live and one scheduled), two+ submitted, one each of in review, changes requested and draft."""
    seed()
    states = Counter(Article.objects.values_list("status", flat=True))
    assert set(states) == {
        S.PUBLISHED,
        S.SUBMITTED,
        S.IN_REVIEW,
        S.CHANGES_REQUESTED,
        S.DRAFT,
    }
    assert states[S.SUBMITTED] >= 2
    assert states[S.IN_REVIEW] == 1
    assert states[S.CHANGES_REQUESTED] == 1
    assert states[S.DRAFT] == 1
    assert Article.objects.published().count() >= 4
    assert states[S.PUBLISHED] == Article.objects.published().count() + 1


def test_the_scheduled_article_is_not_yet_visible_to_readers():
    """Exactly one published article has a future date, and published() leaves it out."""
    seed()
    scheduled = [a for a in Article.objects.all() if a.is_scheduled]
    assert len(scheduled) == 1
    assert not Article.objects.published().filter(pk=scheduled[0].pk).exists()


def test_the_review_queue_holds_several_community_articles():
    """At least two submitted articles by community writers, one with an unchecked AI summary."""
    seed()
    submitted = Article.objects.filter(status=S.SUBMITTED)
    writers = Group.objects.get(name="Community writers")
    assert submitted.filter(author__groups=writers, author__is_staff=False).count() >= 2
    assert submitted.filter(summary_source="llm", summary_checked_by=None).exists()


def test_every_demo_state_is_explained_by_its_review_events():
    """Each article's events run from draft to its state through the expected actions, by writer and editor."""
    editor = seed()
    for article in Article.objects.all():
        events = list(article.review_events.order_by("created_at", "pk"))
        assert [e.action for e in events] == EXPECTED_EVENTS[article.status], (
            article.slug
        )
        status = S.DRAFT
        for event in events:
            assert event.from_status == status, article.slug
            expected_actor = article.author if event.action == "submit" else editor
            assert event.actor == expected_actor, (article.slug, event.action)
            status = event.to_status
        assert status == article.status


def test_the_workflow_recorded_reviewer_approver_and_ai_check():
    """The editor holds the review in progress, approved the published ones and checked their AI summaries."""
    editor = seed()
    assert Article.objects.get(status=S.IN_REVIEW).reviewer == editor
    for article in Article.objects.filter(status=S.PUBLISHED):
        assert article.approved_by == editor
        assert article.reviewer is None
        if article.summary_is_ai_assisted:
            assert article.summary_checked_by == editor
    flagship = Article.objects.get(slug=FLAGSHIP)
    assert flagship.summary_checked_by == editor


def test_changes_requested_article_carries_the_editors_note():
    """The article sent back to its writer has a request_changes event with a note asking for a source."""
    seed()
    article = Article.objects.get(status=S.CHANGES_REQUESTED)
    event = article.review_events.get(action="request_changes")
    assert "sumber" in event.note
    assert article.reviewer is None


def test_every_submitted_demo_article_is_ready_for_review():
    """Articles past draft pass the workflow's readiness checks; the draft may stay incomplete."""
    seed()
    for article in Article.objects.exclude(status=S.DRAFT):
        assert review_readiness(article) == [], article.slug


def test_every_demo_article_starts_with_a_revision_by_its_writer():
    """Each article has one revision, authored by its writer, so its history is not empty."""
    seed()
    for article in Article.objects.all():
        assert list(article.revisions.values_list("author", flat=True)) == [
            article.author_id
        ]


def test_the_demo_editor_is_an_editor():
    """The demo editor is staff in the "Editors" group, and the permission check agrees."""
    editor = seed()
    assert editor.is_staff
    assert editor.groups.filter(name="Editors").exists()
    assert is_editor(editor)
