"""Articles, their numbered sections, corrections and tags."""

import math
import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from ..fields import SanitizedHTMLField
from ..sanitize import html_to_text
from .category import Category
from .media import Image
from .querysets import ArticleQuerySet
from .slugs import slug_base, unique_slug

WORDS_PER_MINUTE = 200
# Tries at a free slug when another save takes the one chosen (see Article.save).
SLUG_ATTEMPTS = 5


def reading_minutes(words: int) -> int:
    """Minutes to read ``words`` at 200 words a minute, at least 1."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


class WriterBadge(models.TextChoices):
    MEMBER = "member", _("member")
    WRITER = "writer", _("writer")


def writer_badge(user) -> str:
    """ "writer" once the user has a published article, "member" before."""
    if Article.objects.published().filter(author=user).exists():
        return WriterBadge.WRITER
    return WriterBadge.MEMBER


def _is_slug_conflict(error: IntegrityError) -> bool:
    message = str(error)
    return "slug" in message and ("unique" in message.lower() or "UNIQUE" in message)


def editor_link(related_name: str, verbose_name, **options) -> models.ForeignKey:
    """A link to the editor who took a workflow step; kept if that account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
        **options,
    )


class SummarySource(models.TextChoices):
    """Who wrote an article's key points (see ``articles.ai_disclosure``)."""

    HUMAN = "human", _("A person")
    EXTRACTIVE = "extractive", _("Automatic extraction from the text")
    LLM = "llm", _("An AI language model")
    LLM_EDITED = "llm_edited", _("An AI language model, edited by a person")


class Article(models.Model):
    SummarySource = SummarySource

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")
        REJECTED = "rejected", _("Rejected")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, blank=True)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("category"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("author"),
    )
    reviewer = editor_link(
        "reviewing_articles",
        _("reviewing editor"),
        help_text=_("The editor who holds the article while it is in review."),
    )
    approved_by = editor_link("approved_articles", _("approved by"))
    dateline = models.CharField(
        _("dateline"),
        max_length=60,
        default="Jakarta",
        help_text=_("The city the story is reported from."),
    )
    lead = SanitizedHTMLField(_("lead"), blank=True)
    hero_image = models.ForeignKey(
        Image,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hero_of",
        verbose_name=_("hero image"),
    )
    key_points = models.JSONField(
        _("key points"),
        default=list,
        blank=True,
        help_text=_("2 to 5 short plain-text points."),
    )
    summary_source = models.CharField(
        _("key points written by"),
        max_length=20,
        choices=SummarySource.choices,
        default=SummarySource.HUMAN,
        help_text=_(
            "Be honest: readers see a disclosure, and an editor checks "
            "machine-made points."
        ),
    )
    summary_checked_by = editor_link("checked_summaries", _("summary checked by"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Bumped by every content save; an edit form loaded at an older version is
    # refused, so two people editing at once never overwrite each other.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # The key of the form that created the article (the writer portal's), so a
    # double-clicked "Save draft" makes one draft, not two.
    draft_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # Weighted full-text vector (PostgreSQL only; see articles.search). Kept
    # up to date by articles.search.update_search_vector after content saves.
    search_vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    tags = TaggableManager(_("tags"), blank=True, through="ArticleTag")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("review_article", _("Can review, approve and publish articles")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="in_review")
                | models.Q(reviewer__isnull=False),
                name="article_in_review_has_reviewer",
                violation_error_message=_(
                    "An article in review needs a reviewing editor."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published")
                | models.Q(published_at__isnull=False),
                name="article_published_has_date",
                violation_error_message=_(
                    "A published article needs a publication date."
                ),
            ),
        ]
        # Reader lists walk these newest first and stop after a page
        # (``published()`` is status + published_at, ties broken by id).
        indexes = [
            models.Index(
                fields=["status", "-published_at", "-id"], name="article_public_idx"
            ),
            models.Index(
                fields=["category", "status", "-published_at", "-id"],
                name="article_category_idx",
            ),
            models.Index(
                fields=["author", "status", "-published_at", "-id"],
                name="article_author_idx",
            ),
            # The desk's changelist ordering.
            models.Index(fields=["-updated_at"], name="article_updated_idx"),
            # The desk's report of machine-made key points (few rows).
            models.Index(
                fields=["summary_source", "status"], name="article_summary_source_idx"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The slug follows the title until the article first goes out; from
        # then on links to it must keep working.
        derived = not self.slug or (self.published_at is None and self._title_changed())
        if not derived:
            return super().save(*args, **kwargs)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "slug"}
        for attempt in range(SLUG_ATTEMPTS):
            self.slug = unique_slug(Article, self.title, exclude_pk=self.pk)
            try:
                # A savepoint: two drafts with one title saved at once may pick
                # the same free slug; the loser takes the next one.
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError as error:
                if attempt == SLUG_ATTEMPTS - 1 or not _is_slug_conflict(error):
                    raise
        return None

    def get_absolute_url(self):
        if self.category_id is None:
            return reverse("articles:article_short", args=[self.slug])
        return reverse("articles:article", args=[self.category.slug, self.slug])

    def _title_changed(self) -> bool:
        base = slug_base(Article, self.title)
        return not re.fullmatch(rf"{re.escape(base)}(-\d+)?", self.slug)

    @property
    def is_community_article(self) -> bool:
        """Written by a community writer (not staff): the page says so."""
        return not self.author.is_staff

    @property
    def summary_is_ai_assisted(self) -> bool:
        """The key points were machine-made (extracted or written by an AI)."""
        return self.summary_source != SummarySource.HUMAN

    @property
    def ai_disclosure(self):
        """How the key points were made, for readers (None: a person's points).

        See ``articles.ai_disclosure``: text, IPTC digital source type, checker.
        """
        from ..ai_disclosure import disclosure

        return disclosure(self)

    @property
    def is_live(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def last_corrected_at(self):
        """When the newest correction was made (None without corrections)."""
        dates = [c.created_at for c in self.corrections.all()]
        return max(dates) if dates else None

    def word_count(self, sections=None) -> int:
        """Words in the lead and the sections (headings and bodies)."""
        sections = self.sections.all() if sections is None else sections
        texts = [self.lead] + [f"<p>{s.heading}</p>{s.body}" for s in sections]
        return len(html_to_text(" ".join(texts)).split())

    def reading_minutes(self, sections=None) -> int:
        """Minutes to read lead and sections at 200 words a minute, at least 1."""
        return reading_minutes(self.word_count(sections))

    def meta_description(self) -> str:
        text = " ".join(self.key_points) if self.key_points else html_to_text(self.lead)
        text = " ".join(text.split())
        return text if len(text) <= 160 else text[:157].rsplit(" ", 1)[0] + "…"


class Section(models.Model):
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("article"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    heading = models.CharField(_("heading"), max_length=200)
    body = SanitizedHTMLField(_("body"), blank=True)
    image = models.ForeignKey(
        Image,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="section_of",
        verbose_name=_("image"),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.heading


class Correction(models.Model):
    """A correction note an editor added to a published article; readers see it."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name=_("article"),
    )
    note = models.TextField(_("note"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return self.note[:60]


class ArticleTag(TaggedItemBase):
    """One tag on one article, with a real foreign key to the article.

    Replaces taggit's generic ``TaggedItem`` for articles: joins need no
    content type and no cast from its integer ``object_id`` to the bigint id.
    """

    content_object = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="tagged_items",
        verbose_name=_("article"),
    )

    class Meta:
        verbose_name = _("article tag")
        verbose_name_plural = _("article tags")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="articletag_unique"
            ),
        ]
        indexes = [
            # A tag's articles, newest (highest id) first, from the index alone.
            models.Index(fields=["tag", "-content_object"], name="articletag_tag_idx"),
        ]

    def __str__(self):
        return f"{self.content_object_id}: {self.tag_id}"
