"""Revisions: snapshots on every save, restoring one, and the revision before an event."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Image, Section
from editorial import revisions
from editorial.diff import compare
from editorial.editing import EditRefused
from editorial.editing import restore_revision as restore
from editorial.models import ReviewEvent, Revision
from editorial.revisions import record_revision, snapshot
from tests.builders import (
    make_article,
    make_category,
    make_image,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

Status = Article.Status


# --- snapshot ----------------------------------------------------------------


def test_snapshot_holds_the_article_content_with_sections_in_order_and_sorted_tags():
    """A snapshot has the fields, the hero image credit, sections in order and sorted tags."""
    category = make_category("Ekonomi")
    hero = make_image(caption="A flag", credit="Jane Doe", source="unsplash.com")
    article = make_article(
        title="Harga Cabai Naik",
        category=category,
        hero_image=hero,
        dateline="Bandung",
        summary_source="llm",
        tags=["pasar", "cabai"],
    )
    picture = make_image()
    Section.objects.create(
        article=article, position=2, heading="Second", body="<p>B</p>"
    )
    Section.objects.create(
        article=article, position=1, heading="First", body="<p>A</p>", image=picture
    )

    data = snapshot(article)

    assert data["title"] == "Harga Cabai Naik"
    assert data["slug"] == article.slug
    assert data["category"] == {"id": category.pk, "name": "Ekonomi"}
    assert data["dateline"] == "Bandung"
    assert data["lead"] == "<p>The lead paragraph.</p>"
    assert data["hero_image"] == {
        "id": hero.pk,
        "caption": "A flag",
        "credit": "Jane Doe",
        "source": "unsplash.com",
    }
    assert data["key_points"] == ["First point.", "Second point."]
    assert data["summary_source"] == "llm"
    assert data["tags"] == ["cabai", "pasar"]
    assert data["sections"] == [
        {"heading": "First", "body": "<p>A</p>", "image": picture.pk},
        {"heading": "Second", "body": "<p>B</p>", "image": None},
    ]


def test_snapshot_without_category_or_hero_image_has_none():
    """An article without category or hero image snapshots them as None."""
    data = snapshot(make_article(category=None, status=Status.DRAFT))
    assert data["category"] is None
    assert data["hero_image"] is None
    assert data["sections"] == []
    assert data["tags"] == []


def test_snapshot_uses_prefetched_sections_and_tags(django_assert_num_queries):
    """With sections and tags prefetched, a snapshot runs no query of its own."""
    make_article(sections=2, tags=["a"], hero_image=make_image())
    article = Article.objects.for_page().get()
    with django_assert_num_queries(0):
        data = snapshot(article)
    assert len(data["sections"]) == 2


# --- record_revision -----------------------------------------------------------


def test_record_revision_bumps_the_version_by_one_each_time_and_stores_the_snapshot(
    editor,
):
    """Each recorded revision raises the article version by one and keeps its snapshot."""
    article = make_article(sections=1, tags=["banjir"])
    start = article.version

    first = record_revision(article, editor, note="first save")
    assert article.version == start + 1
    assert first.version == start + 1
    assert first.author == editor
    assert first.note == "first save"
    assert first.data == snapshot(Article.objects.get(pk=article.pk))

    second = record_revision(article, editor)
    assert article.version == start + 2
    assert second.version == start + 2
    assert Article.objects.get(pk=article.pk).version == start + 2
    assert Revision.objects.filter(article=article).count() == 2


def test_record_revision_snapshots_what_was_saved_not_stale_prefetches(editor):
    """A revision reflects the sections in the database even when old ones were prefetched."""
    make_article(sections=1)
    article = Article.objects.for_page().get()
    Section.objects.create(article=article, position=2, heading="New one")

    revision = record_revision(article, editor)

    assert [s["heading"] for s in revision.data["sections"]] == [
        "Heading 1",
        "New one",
    ]


# --- restore -------------------------------------------------------------------


def test_restore_brings_back_the_content_as_a_new_revision(editor):
    """Restoring puts back title, lead, key points, sections and tags and records a new revision."""
    article = make_article(
        title="Original title",
        lead="<p>Original lead.</p>",
        key_points=["Old one.", "Old two."],
        sections=2,
        tags=["asli"],
    )
    original = record_revision(article, editor)
    original_data = dict(original.data)

    article.title = "Changed title"
    article.lead = "<p>Changed lead.</p>"
    article.key_points = ["New one.", "New two.", "New three."]
    article.save()
    article.sections.all().delete()
    Section.objects.create(article=article, position=1, heading="Only one")
    article.tags.set(["baru"])
    changed = record_revision(article, editor)

    restored = restore(original, editor, article=article)

    fresh = Article.objects.get(pk=article.pk)
    assert fresh.title == "Original title"
    assert fresh.lead == "<p>Original lead.</p>"
    assert fresh.key_points == ["Old one.", "Old two."]
    assert sorted(t.name for t in fresh.tags.all()) == ["asli"]
    assert [(s.position, s.heading) for s in fresh.sections.all()] == [
        (1, "Heading 1"),
        (2, "Heading 2"),
    ]
    assert restored.version == changed.version + 1 == fresh.version
    assert article.version == fresh.version
    assert restored.note.startswith("Restored the revision of ")
    assert compare(original.data, restored.data) == []
    assert Revision.objects.filter(article=article).count() == 3
    original.refresh_from_db()
    changed.refresh_from_db()
    assert original.data == original_data
    assert changed.data["title"] == "Changed title"


def test_restore_keeps_the_slug_of_a_published_article(editor):
    """A published article keeps its current slug when an old title comes back."""
    article = make_article(title="First title")
    old = record_revision(article, editor)
    Article.objects.filter(pk=article.pk).update(title="Second title")

    restore(old, editor)

    fresh = Article.objects.get(pk=article.pk)
    assert fresh.title == "First title"
    assert fresh.slug == article.slug


def test_restore_by_a_writer_who_cannot_edit_now_is_refused_and_changes_nothing(writer):
    """A writer restoring while their article is submitted is refused and nothing changes."""
    article = make_article(author=writer, status=Status.DRAFT, title="Draft title")
    old = record_revision(article, writer)
    Article.objects.filter(pk=article.pk).update(
        title="Submitted title", status=Status.SUBMITTED
    )
    before = Article.objects.get(pk=article.pk)

    with pytest.raises(EditRefused, match="cannot be edited now"):
        restore(old, writer)

    after = Article.objects.get(pk=article.pk)
    assert after.title == "Submitted title"
    assert after.version == before.version
    assert Revision.objects.filter(article=article).count() == 1


def test_restore_by_the_writer_of_a_draft_is_allowed(writer):
    """The owning writer may restore a revision of their draft."""
    article = make_article(author=writer, status=Status.DRAFT, title="Draft title")
    old = record_revision(article, writer)
    Article.objects.filter(pk=article.pk).update(title="Other title")

    restore(old, writer)

    assert Article.objects.get(pk=article.pk).title == "Draft title"


def test_restore_of_another_articles_revision_is_refused(editor):
    """A revision cannot be restored onto an article it does not belong to."""
    revision = record_revision(make_article(), editor)
    other = make_article(title="Untouched")

    with pytest.raises(EditRefused):
        restore(revision, editor, article=other)

    assert Article.objects.get(pk=other.pk).title == "Untouched"


def test_restore_skips_a_deleted_image_gracefully(editor):
    """Deleted images are skipped: the hero image stays as it is, the section loses its image."""
    old_hero, section_image, current_hero = make_image(), make_image(), make_image()
    article = make_article(hero_image=old_hero)
    Section.objects.create(
        article=article, position=1, heading="Pictured", image=section_image
    )
    old = record_revision(article, editor)
    Article.objects.filter(pk=article.pk).update(hero_image=current_hero)
    Image.objects.filter(pk__in=[old_hero.pk, section_image.pk]).delete()

    restore(old, editor)

    fresh = Article.objects.get(pk=article.pk)
    assert fresh.hero_image_id == current_hero.pk
    assert [(s.heading, s.image_id) for s in fresh.sections.all()] == [
        ("Pictured", None)
    ]


def test_restore_of_other_key_points_clears_the_ai_summary_check(editor):
    """Restoring different AI key points clears the editor's check of the summary."""
    article = make_article(summary_source="llm", key_points=["Old.", "Points."])
    old = record_revision(article, editor)
    Article.objects.filter(pk=article.pk).update(
        key_points=["Checked.", "Points."], summary_checked_by=editor
    )

    restore(old, editor)

    assert Article.objects.get(pk=article.pk).summary_checked_by is None


# --- revision_before -----------------------------------------------------------


def test_revision_before_picks_the_newest_revision_up_to_the_newest_event(writer):
    """The revision returned is the newest one made at or before the latest matching event."""
    article = make_article(author=writer, status=Status.DRAFT)
    now = timezone.now()

    def revision_at(minutes):
        revision = record_revision(article, writer)
        Revision.objects.filter(pk=revision.pk).update(
            created_at=now + timedelta(minutes=minutes)
        )
        return revision

    def event_at(minutes, action="submit"):
        ReviewEvent.objects.create(
            article=article,
            actor=writer,
            action=action,
            from_status=Status.DRAFT,
            to_status=Status.SUBMITTED,
            created_at=now + timedelta(minutes=minutes),
        )

    assert revisions.revision_before(article, "submit") is None
    revision_at(0)
    first_submit = revision_at(10)
    event_at(10)
    revision_at(20)
    second_submit = revision_at(30)
    event_at(40)
    revision_at(50)
    event_at(45, action="request_changes")

    assert revisions.revision_before(article, "submit") == second_submit
    assert revisions.revision_before(article, "publish") is None
    other = make_article()
    assert revisions.revision_before(other, "submit") is None
    ReviewEvent.objects.filter(created_at=now + timedelta(minutes=40)).delete()
    assert revisions.revision_before(article, "submit") == first_submit


def test_revision_before_is_none_when_no_revision_precedes_the_event(editor):
    """An event older than every revision has no revision before it."""
    article = make_article()
    ReviewEvent.objects.create(
        article=article,
        actor=editor,
        action="publish",
        from_status=Status.APPROVED,
        to_status=Status.PUBLISHED,
        created_at=timezone.now() - timedelta(days=1),
    )
    record_revision(article, editor)

    assert revisions.revision_before(article, "publish") is None
