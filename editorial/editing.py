"""Content edits: the one entry point that saves an article's text.

The admin desk, the writer portal, restoring a revision and the demo seeder
all call ``save_content``. It locks the article row, refuses an edit that is
not allowed or was made on a stale copy, writes the changed fields, tags and
sections, clears the editor's AI-summary check when the summarised text or the
points changed, records a revision and refreshes the search index, all in one
transaction. Status and the other workflow fields are never touched here:
they belong to ``editorial.workflow``.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.fields import SanitizedHTMLField
from articles.models import (
    RESERVED_SLUGS,
    Article,
    Category,
    Image,
    Section,
    display_name,
)
from articles.sanitize import clean_html
from articles.tasks import refresh_search_vector
from newsroom.background import enqueue_after_commit

from . import permissions, provenance
from .models import KeyPointSuggestion, Revision
from .revisions import record_revision, snapshot_source

# Article fields a content edit may write. Workflow fields (status, reviewer,
# approved_by, published_at, summary_checked_by) are not among them.
CONTENT_FIELDS = frozenset(
    {
        "title",
        "slug",
        "category",
        "author",
        "dateline",
        "lead",
        "hero_image",
        "key_points",
        "summary_source",
    }
)
# A change to any of these makes an editor's check of the AI summary void:
# the points, where they came from, or the text they summarise.
SUMMARISED_FIELDS = frozenset({"title", "lead", "key_points", "summary_source"})
# ``loaded_version`` for callers that act on the current text by design
# (restoring a revision, seeding the demo), not on a form loaded earlier.
ANY_VERSION = object()


class EditRefused(Exception):
    """A content edit that was not saved; ``str(error)`` is for people to read.

    ``code`` is "stale" (someone saved after the form was loaded) or
    "not_editable" (the actor may not edit the article now).
    """

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class SectionDraft:
    """One section as the editor left it; ``pk`` when it already exists."""

    heading: str
    body: str
    image: Image | None = None
    pk: int | None = None


@dataclass
class ContentChanges:
    """What an edit sets. ``None`` for tags or sections leaves them as they are.

    ``fields`` maps names of ``CONTENT_FIELDS`` to their new values;
    ``sections`` is the whole new list in display order.
    """

    fields: dict[str, Any] = field(default_factory=dict)
    tags: list[str] | None = None
    sections: list[SectionDraft] | None = None
    # The machine proposal the key points were taken from (accepted as is or
    # edited first): the save sets ``summary_source`` and records the outcome.
    suggestion: KeyPointSuggestion | None = None


@dataclass(frozen=True)
class SavedContent:
    """The result of ``save_content``."""

    article: Article
    revision: Revision
    summary_check_cleared: bool


def save_content(
    article: Article,
    changes: ContentChanges,
    actor,
    *,
    loaded_version: Any,
    note: str = "",
) -> SavedContent:
    """Save ``changes`` to ``article`` as ``actor``; return what was saved.

    A new article (no pk) is created with ``actor`` as its author unless the
    changes name one. An existing one is locked first; ``EditRefused`` is
    raised, and nothing is saved, when ``actor`` may not edit it now or when
    ``loaded_version`` (the version the form was loaded at) is not the current
    one. ``ANY_VERSION`` skips that check for callers without a form. On
    success ``article`` holds the saved state, its new ``version`` included.
    """
    unknown = set(changes.fields) - CONTENT_FIELDS
    if unknown:
        raise ValueError(f"Not content fields: {sorted(unknown)}")
    with transaction.atomic():
        if article.pk is None:
            target, changed = _create(article, changes, actor)
        else:
            target = _lock_for_edit(article, actor, loaded_version)
            changed = _write_fields(target, _with_provenance(target, changes))
            _follow_point_edits(target, changes, changed)
        if changes.sections is not None and _write_sections(target, changes.sections):
            changed.add("sections")
        if changes.tags is not None:
            target.tags.set(changes.tags)
        cleared = bool(changed & (SUMMARISED_FIELDS | {"sections"})) and (
            target.summary_checked_by_id is not None
        )
        if cleared:
            target.summary_checked_by = None
            target.save(update_fields=["summary_checked_by"])
        revision = record_revision(target, actor, note=note)
        if changes.suggestion is not None:
            provenance.record_decision(
                changes.suggestion,
                actor,
                provenance.outcome_for(changes.suggestion, target.key_points),
            )
        enqueue_after_commit(refresh_search_vector, target.pk)
    if target is not article:
        article.refresh_from_db()
    return SavedContent(article, revision, cleared)


def stale_message(article: Article) -> str:
    """Tell who saved ``article`` last, and when, for a refused stale edit."""
    latest = article.revisions.select_related("author").first()
    who = display_name(latest.author) if latest else _("someone")
    when = (
        date_format(timezone.localtime(latest.created_at), "DATETIME_FORMAT")
        if latest
        else ""
    )
    return _(
        "%(who)s saved a newer version of this article (%(when)s) after you "
        "opened it. Your changes are still in the form below, but were not "
        "saved: open the article again in a new tab, re-apply what you "
        "need, and save there."
    ) % {"who": who, "when": when}


def _create(article: Article, changes: ContentChanges, actor):
    if not permissions.can_create_article(actor, changes.fields.get("author", actor)):
        raise EditRefused(_("You cannot write articles here."), "not_editable")
    for name, value in changes.fields.items():
        setattr(article, name, value)
    if article.author_id is None:
        article.author = actor
    article.save()
    return article, set(changes.fields)


def _lock_for_edit(article: Article, actor, loaded_version) -> Article:
    """The locked current row of ``article``, or ``EditRefused``."""
    locked = (
        Article.objects.select_for_update(of=("self",))
        .select_related("reviewer")
        .get(pk=article.pk)
    )
    reason = permissions.edit_refusal_reason(actor, locked)
    if reason:
        raise EditRefused(reason, "not_editable")
    if loaded_version is not ANY_VERSION and loaded_version != locked.version:
        raise EditRefused(stale_message(locked), "stale")
    return locked


def _with_provenance(article: Article, changes: ContentChanges) -> dict[str, Any]:
    """The fields to write; points from a proposal take the proposal's kind."""
    suggestion = changes.suggestion
    if suggestion is None:
        return changes.fields
    if suggestion.article_id != article.pk:
        raise ValueError("The suggestion belongs to another article.")
    points = changes.fields.get("key_points", article.key_points)
    return {
        **changes.fields,
        "summary_source": provenance.source_for(suggestion, points),
    }


def _follow_point_edits(article: Article, changes: ContentChanges, changed) -> None:
    """A person's edit of an LLM's points makes them "edited" (see provenance)."""
    if changes.suggestion is not None:
        return
    source = provenance.source_after_edit(
        article.summary_source,
        points_changed="key_points" in changed,
        source_chosen="summary_source" in changed,
    )
    if source != article.summary_source:
        article.summary_source = source
        article.save(update_fields=["summary_source"])
        changed.add("summary_source")


def _write_fields(article: Article, fields: dict[str, Any]) -> set[str]:
    """Set the fields that differ; save them (and ``updated_at``); return them."""
    changed = set()
    for name, value in fields.items():
        model_field = Article._meta.get_field(name)
        if model_field.is_relation:
            current = getattr(article, model_field.attname)
            new = value.pk if value is not None else None
        elif isinstance(model_field, SanitizedHTMLField):
            # Compared as it would be stored, so re-saving is not a change.
            current, new = getattr(article, name), clean_html(value)
        else:
            current, new = getattr(article, name), value
        if current != new:
            setattr(article, name, value)
            changed.add(name)
    # Article.save adds the slug when it follows a changed title.
    article.save(update_fields=[*changed, "updated_at"])
    return changed


def _write_sections(article: Article, drafts: list[SectionDraft]) -> bool:
    """Make ``article``'s sections ``drafts``, numbered 1..n.

    True when the text changed: a section added, removed, moved, or its
    heading or body edited (a new image alone is not a change of text).
    """
    existing = {section.pk: section for section in article.sections.all()}
    kept = {draft.pk for draft in drafts if draft.pk in existing}
    removed = [pk for pk in existing if pk not in kept]
    Section.objects.filter(pk__in=removed).delete()
    text_changed = bool(removed)
    for position, draft in enumerate(drafts, start=1):
        section = existing.get(draft.pk) or Section(article=article)
        text = {
            "position": position,
            "heading": draft.heading,
            "body": clean_html(draft.body),
        }
        image_id = draft.image.pk if draft.image is not None else None
        same_text = section.pk and all(
            getattr(section, k) == v for k, v in text.items()
        )
        if same_text and section.image_id == image_id:
            continue
        text_changed = text_changed or not same_text
        for key, value in text.items():
            setattr(section, key, value)
        section.image_id = image_id
        section.save()
    return text_changed


def restore_revision(revision: Revision, actor, *, article: Article | None = None):
    """Write ``revision``'s content back to its article as a new save.

    Refused with ``EditRefused`` (changing nothing) when ``actor`` may not
    edit the article now, or when ``article`` is given and the revision
    belongs to another one. A category or image deleted since the snapshot is
    skipped (the current category and hero image are kept; a section image
    becomes none). The slug of a published article is never changed. Older
    revisions are untouched; returns the new one. ``article``, when given, is
    refreshed from the database afterwards.
    """
    if article is not None and revision.article_id != article.pk:
        raise EditRefused(
            _("This revision belongs to another article."), "not_editable"
        )
    target = Article.objects.get(pk=revision.article_id)
    when = date_format(timezone.localtime(revision.created_at), "SHORT_DATETIME_FORMAT")
    saved = save_content(
        target,
        changes_from_snapshot(target, revision.data),
        actor,
        loaded_version=ANY_VERSION,
        note=_("Restored the revision of %(date)s") % {"date": when},
    )
    if article is not None:
        article.refresh_from_db()
    return saved.revision


def changes_from_snapshot(article: Article, data: dict[str, Any]) -> ContentChanges:
    """The content edit that brings ``article`` back to a revision snapshot."""
    fields = {
        "title": data.get("title", article.title),
        "dateline": data.get("dateline", article.dateline),
        "lead": data.get("lead", article.lead),
        "key_points": list(data.get("key_points") or []),
        "summary_source": snapshot_source(data),
    }
    category = data.get("category")
    if category is None:
        fields["category"] = None
    elif Category.objects.filter(pk=category.get("id")).exists():
        fields["category"] = Category.objects.get(pk=category["id"])
    hero = data.get("hero_image")
    if hero is None:
        fields["hero_image"] = None
    elif Image.objects.filter(pk=hero.get("id")).exists():
        fields["hero_image"] = Image.objects.get(pk=hero["id"])
    if article.published_at is None and _slug_is_free(article, data.get("slug")):
        fields["slug"] = data["slug"]
    sections = data.get("sections") or []
    image_ids = {s.get("image") for s in sections} - {None}
    images = Image.objects.in_bulk(image_ids)
    return ContentChanges(
        fields=fields,
        tags=list(data.get("tags") or []),
        sections=[
            SectionDraft(
                heading=section.get("heading", ""),
                body=section.get("body", ""),
                image=images.get(section.get("image")),
            )
            for section in sections
        ],
    )


def _slug_is_free(article: Article, slug: str | None) -> bool:
    """Whether an unpublished ``article`` may take back its old ``slug``."""
    if not slug or slug in RESERVED_SLUGS:
        return False
    return not Article.objects.exclude(pk=article.pk).filter(slug=slug).exists()
