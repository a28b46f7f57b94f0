"""Revisions: snapshots on every save, escaped diffs, restore, and "since when"."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Image, Section
from editorial import revisions
from editorial.models import ReviewEvent, Revision
from editorial.revisions import compare, record_revision, restore, snapshot
from editorial.workflow import TransitionError
from tests.builders import (
    make_article,
    make_category,
    make_image,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

Status = Article.Status
HOSTILE_TITLE = "<img src=x onerror=alert(1)>"
HOSTILE_HEADING = "<script>alert(1)</script>"


def html_outputs(change):
    return [change.old_html, change.new_html, change.inline_html]


def by_label(changes):
    return {change.label: change for change in changes}


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
        summary_is_ai=True,
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
    assert data["summary_is_ai"] is True
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


# --- compare -------------------------------------------------------------------


def base_snapshot(**overrides):
    data = {
        "title": "Old title",
        "slug": "old-title",
        "category": {"id": 1, "name": "Ekonomi"},
        "dateline": "Jakarta",
        "lead": "<p>The lead.</p>",
        "hero_image": None,
        "key_points": ["One.", "Two."],
        "summary_is_ai": False,
        "tags": ["banjir"],
        "sections": [
            {"heading": "First", "body": "<p>The old text here.</p>", "image": None},
        ],
    }
    data.update(overrides)
    return data


def test_compare_of_identical_snapshots_is_empty():
    """Two equal snapshots have no differences."""
    assert compare(base_snapshot(), base_snapshot()) == []
    assert not revisions.has_changes(base_snapshot(), base_snapshot())


def test_compare_reports_a_changed_title():
    """A new title is one change labelled Title, words marked removed and inserted."""
    changes = compare(base_snapshot(), base_snapshot(title="New title"))
    assert [c.label for c in changes] == ["Title"]
    assert changes[0].inline_html == "<del>Old</del> <ins>New</ins> title"
    assert changes[0].old_html == "<del>Old</del> title"
    assert changes[0].new_html == "<ins>New</ins> title"


def test_compare_reports_a_section_body_word_by_word():
    """A section body change marks only the changed words, as readable text."""
    new = base_snapshot(
        sections=[
            {"heading": "First", "body": "<p>The new text here.</p>", "image": None}
        ]
    )
    changes = by_label(compare(base_snapshot(), new))
    assert list(changes) == ["Section 1: body"]
    inline = changes["Section 1: body"].inline_html
    assert inline == "The <del>old</del> <ins>new</ins> text here."
    assert "<p>" not in inline


def test_compare_reports_a_formatting_only_change_of_rich_text():
    """Rich text whose words are the same but whose markup changed is still reported."""
    new = base_snapshot(lead="<p>The <strong>lead</strong>.</p>")
    changes = by_label(compare(base_snapshot(), new))
    assert list(changes) == ["Lead"]
    assert "Only formatting or links changed." in changes["Lead"].inline_html


def test_compare_reports_added_and_removed_sections():
    """An extra section is reported as added, a missing one as removed."""
    two = base_snapshot(
        sections=[
            {"heading": "First", "body": "<p>The old text here.</p>", "image": None},
            {"heading": "Second", "body": "<p>More.</p>", "image": None},
        ]
    )
    added = by_label(compare(base_snapshot(), two))
    assert list(added) == ["Section 2 added"]
    assert added["Section 2 added"].inline_html == (
        "<ins><strong>Second</strong> More.</ins>"
    )
    assert added["Section 2 added"].old_html == ""

    removed = by_label(compare(two, base_snapshot()))
    assert list(removed) == ["Section 2 removed"]
    assert removed["Section 2 removed"].inline_html.startswith("<del>")
    assert removed["Section 2 removed"].new_html == ""


def test_compare_reports_added_and_removed_tags():
    """Tag changes mark removed tags deleted and new tags inserted, kept ones plain."""
    old = base_snapshot(tags=["banjir", "jakarta"])
    new = base_snapshot(tags=["banjir", "cuaca"])
    changes = by_label(compare(old, new))
    assert list(changes) == ["Tags"]
    assert changes["Tags"].inline_html == (
        "banjir, <ins>cuaca</ins>, <del>jakarta</del>"
    )


def test_compare_reports_key_points_category_dateline_and_ai_flag():
    """Key points, category, dateline and the AI flag each get their own change."""
    new = base_snapshot(
        key_points=["One.", "Three."],
        category={"id": 2, "name": "Politik"},
        dateline="Medan",
        summary_is_ai=True,
    )
    changes = by_label(compare(base_snapshot(), new))
    assert set(changes) == {
        "Category",
        "Dateline",
        "Key points",
        "Summary written by AI",
    }
    assert changes["Key points"].inline_html == (
        "<ul><li>One.</li><li><del>Two.</del> <ins>Three.</ins></li></ul>"
    )
    assert (
        changes["Summary written by AI"].inline_html == "<del>No</del> <ins>Yes</ins>"
    )


def test_compare_reports_a_new_hero_image_with_its_credit_line():
    """A changed hero image is shown by id, caption and credit line."""
    old = base_snapshot(
        hero_image={"id": 7, "caption": "A flag", "credit": "Jane", "source": "x.com"}
    )
    new = base_snapshot(
        hero_image={"id": 8, "caption": "A flag", "credit": "Jane", "source": "x.com"}
    )
    change = by_label(compare(old, new))["Hero image"]
    assert change.old_html == "Image <del>7:</del> A flag (x.com/Jane)"
    assert change.new_html == "Image <ins>8:</ins> A flag (x.com/Jane)"


def test_compare_ignores_a_renamed_category():
    """The same category under a new name is not a change of the article."""
    new = base_snapshot(category={"id": 1, "name": "Economy"})
    assert compare(base_snapshot(), new) == []


def test_compare_escapes_hostile_title_and_heading_everywhere():
    """Markup typed into a title or heading appears only escaped in every output."""
    hostile = base_snapshot(
        title=HOSTILE_TITLE,
        sections=[
            {
                "heading": HOSTILE_HEADING,
                "body": "<p>&lt;img src=x onerror=alert(1)&gt;</p>",
                "image": None,
            },
            {"heading": HOSTILE_HEADING, "body": "", "image": None},
        ],
        tags=[HOSTILE_HEADING],
        key_points=[HOSTILE_TITLE],
    )
    title = by_label(compare(base_snapshot(), hostile))["Title"]
    assert title.new_html == "<ins>&lt;img src=x onerror=alert(1)&gt;</ins>"
    for old, new in [(base_snapshot(), hostile), (hostile, base_snapshot())]:
        changes = compare(old, new)
        assert {"Title", "Tags", "Key points", "Section 2 added"} & {
            c.label for c in changes
        }
        for change in changes:
            for html in html_outputs(change):
                assert "<img" not in html
                assert "<script" not in html
        outputs = " ".join(html for c in changes for html in html_outputs(c))
        assert "&lt;img" in outputs
        assert "&lt;script&gt;" in outputs


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
    """A writer restoring while their article is submitted gets TransitionError and nothing changes."""
    article = make_article(author=writer, status=Status.DRAFT, title="Draft title")
    old = record_revision(article, writer)
    Article.objects.filter(pk=article.pk).update(
        title="Submitted title", status=Status.SUBMITTED
    )
    before = Article.objects.get(pk=article.pk)

    with pytest.raises(TransitionError, match="cannot be edited now"):
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

    with pytest.raises(TransitionError):
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
    article = make_article(summary_is_ai=True, key_points=["Old.", "Points."])
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
