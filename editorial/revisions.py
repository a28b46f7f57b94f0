"""Content revisions: a snapshot of an article on every content save.

``record_revision`` is called by ``editing.save_content`` after every
content save (admin desk, writer portal, restore, demo). It bumps
``Article.version`` (so a stale edit form is refused) and stores a JSON
snapshot of the content. ``editorial.diff`` compares two snapshots for people
to read; ``editing.restore_revision`` writes an old one back as a new save,
so history only grows.

Snapshots are plain JSON and outlive the rows they mention: a category or an
image may have been deleted since, and older snapshots may lack keys that
were added later. Everything that reads them does so defensively.
"""

from typing import Any

from django.db import transaction
from django.db.models import F, OuterRef, Subquery

from articles.models import Article, SummarySource

from .models import ReviewEvent, Revision

# --- Snapshots ---------------------------------------------------------------


def snapshot(article: Article) -> dict[str, Any]:
    """The article's content as JSON-serialisable data.

    Title, slug, category, dateline, lead (sanitised HTML), hero image with
    its credit, key points, where the points came from, tag names (sorted) and the
    sections in display order (``heading``, ``body``, ``image`` id). Reads
    ``article.sections.all()`` and ``article.tags.all()``, so prefetched
    sections and tags are used as they are.
    """
    category = article.category
    hero = article.hero_image
    return {
        "title": article.title,
        "slug": article.slug,
        "category": (
            {"id": category.pk, "name": category.name} if category is not None else None
        ),
        "dateline": article.dateline,
        "lead": article.lead,
        "hero_image": (
            {
                "id": hero.pk,
                "caption": hero.caption,
                "credit": hero.credit,
                "source": hero.source,
            }
            if hero is not None
            else None
        ),
        "key_points": list(article.key_points or []),
        "summary_source": article.summary_source,
        "tags": sorted(tag.name for tag in article.tags.all()),
        "sections": [
            {"heading": s.heading, "body": s.body, "image": s.image_id}
            for s in article.sections.all()
        ],
    }


def snapshot_source(data: dict[str, Any]) -> str:
    """Where a snapshot's key points came from; older snapshots had a flag.

    The old ``summary_is_ai`` flag meant machine-written points: "llm".
    """
    if "summary_source" in data:
        return data["summary_source"]
    return SummarySource.LLM if data.get("summary_is_ai") else SummarySource.HUMAN


def record_revision(article: Article, author, *, note: str = "") -> Revision:
    """Bump ``article``'s version and store a snapshot of it; return the revision.

    Call it after every content save, in the same request. It always records,
    even when nothing changed (``diff.has_changes`` tells the two apart later).
    The snapshot is read back from the database inside the transaction, so it
    is what was saved, not stale in-memory state (for example sections
    prefetched before an inline formset saved them). ``article.version`` is
    updated in place.
    """
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(version=F("version") + 1)
        saved = (
            Article.objects.select_related("category", "hero_image")
            .prefetch_related("sections", "tags")
            .get(pk=article.pk)
        )
        article.version = saved.version
        revision = Revision.objects.create(
            article=saved,
            author=author,
            version=saved.version,
            note=note[: Revision._meta.get_field("note").max_length],
            data=snapshot(saved),
        )
        return revision


def revision_before(article: Article, event_action: str) -> Revision | None:
    """The newest revision made at or before the newest ``event_action`` event.

    ``"request_changes"`` gives the text the editor last reviewed, so the
    desk can show what the writer changed since; ``"publish"`` gives the live
    version.
    None when there was no such event or no revision before it. One query.
    """
    event_at = (
        ReviewEvent.objects.filter(article=OuterRef("article"), action=event_action)
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    return (
        Revision.objects.filter(article=article, created_at__lte=Subquery(event_at))
        .order_by("-created_at", "-pk")
        .first()
    )
