"""Comparing two revisions: one labelled change per field, word by word, always escaped."""

import pytest

from editorial.diff import compare, has_changes

pytestmark = pytest.mark.usefixtures("english_messages")

HOSTILE_TITLE = "<img src=x onerror=alert(1)>"
HOSTILE_HEADING = "<script>alert(1)</script>"


def html_outputs(change):
    return [change.old_html, change.new_html, change.inline_html]


def by_label(changes):
    return {change.label: change for change in changes}


def base_snapshot(**overrides):
    data = {
        "title": "Old title",
        "slug": "old-title",
        "category": {"id": 1, "name": "Ekonomi"},
        "dateline": "Jakarta",
        "lead": "<p>The lead.</p>",
        "hero_image": None,
        "key_points": ["One.", "Two."],
        "summary_source": "human",
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
    assert not has_changes(base_snapshot(), base_snapshot())


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
        summary_source="llm",
    )
    changes = by_label(compare(base_snapshot(), new))
    assert set(changes) == {
        "Category",
        "Dateline",
        "Key points",
        "Key points written by",
    }
    assert changes["Key points"].inline_html == (
        "<ul><li>One.</li><li><del>Two.</del> <ins>Three.</ins></li></ul>"
    )
    written_by = changes["Key points written by"].inline_html
    assert "<del>A person</del>" in written_by and "AI language model" in written_by


def test_an_old_snapshot_with_the_ai_flag_reads_as_llm_points():
    """Snapshots from before summary_source count their AI flag as an LLM's points."""
    old = base_snapshot()
    del old["summary_source"]
    old["summary_is_ai"] = True
    assert "Key points written by" not in by_label(
        compare(old, base_snapshot(summary_source="llm"))
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
