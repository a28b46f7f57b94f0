"""What an article is: categories, credited images, articles and their sections."""

import math
import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from .fields import SanitizedHTMLField
from .renditions import ensure_renditions, needs_renditions
from .sanitize import html_to_text

# Category slugs share the URL root with these fixed paths.
RESERVED_SLUGS = {
    "admin", "write", "tag", "tags", "search", "feeds", "feed", "sitemap.xml",
    "robots.txt", "media", "static", "read", "author", "accounts", "i18n", "preview",
    "en", "id",  # language prefixes of reader URLs (/en/...)
}  # fmt: skip
WORDS_PER_MINUTE = 200
# Related articles: each of the article's tags contributes at most this many
# of its newest articles as candidates, so the query stays bounded however
# popular a tag is.
RELATED_CANDIDATES_PER_TAG = 200
# ... and of those, only this many (seen under most tags, then newest) are read.
RELATED_SHORTLIST = 40
# Columns of a joined user that reader pages never show (the password hash
# above all): reader queries defer them.
PRIVATE_USER_FIELDS = ("password", "last_login", "email", "date_joined")
# Sent by ArticleQuerySet.update() (which sends no post_save) with the changed
# articles' ``pks`` and the updated ``fields``; the page cache listens.
articles_updated = Signal()


def slug_base(model, text: str, fallback: str = "artikel") -> str:
    """``text`` slugified and cut to leave room for a ``-N`` suffix."""
    max_length = model._meta.get_field("slug").max_length
    return slugify(text)[: max_length - 8].strip("-") or fallback


def unique_slug(model, text: str, *, exclude_pk=None) -> str:
    """A slug for ``text`` that no other row of ``model`` uses (``-2``, ``-3``, ...)."""
    base = slug_base(model, text)
    others = model.objects.exclude(pk=exclude_pk).filter(slug__startswith=base)
    taken = set(others.values_list("slug", flat=True))
    candidate, n = base, 2
    while candidate in taken or candidate in RESERVED_SLUGS:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def validate_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is used by the site itself; choose another slug."),
            params={"slug": value},
        )


class Category(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, validators=[validate_not_reserved]
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Category, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:category", args=[self.slug])


def image_upload_to(instance, filename):
    # The name is already random (articles.images); group files by month.
    return timezone.now().strftime("images/%Y/%m/") + filename


class Image(models.Model):
    file = models.ImageField(
        _("file"), upload_to=image_upload_to, width_field="width", height_field="height"
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=250,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(
        _("credit"), max_length=120, blank=True, help_text=_("Photographer or owner.")
    )
    source = models.CharField(
        _("source"),
        max_length=120,
        blank=True,
        help_text=_("Site or agency, e.g. unsplash.com or Reuters."),
    )
    source_url = models.URLField(_("source link"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="uploaded_images",
        verbose_name=_("uploaded by"),
    )
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    # Resized copies made once by articles.renditions and reused by every page:
    # {"<crop>-<width>-<format>": {"name": ..., "width": ..., "height": ...}}.
    renditions = models.JSONField(
        _("renditions"), default=dict, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.caption or self.alt_text or self.file.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Renditions are made once, when the file is stored, and reused by every
        # page; a replaced file gets new ones.
        if needs_renditions(self):
            ensure_renditions(self)

    @property
    def attribution(self) -> str:
        """The bracketed part of the credit line: "source/credit", or either alone."""
        return "/".join(part for part in (self.source, self.credit) if part)


def avatar_upload_to(instance, filename):
    return "avatars/" + filename


class Profile(models.Model):
    """What readers see of a writer: the byline name, a short bio, an avatar."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        help_text=_("Shown as the byline of your articles."),
    )
    bio = models.TextField(_("short bio"), max_length=600, blank=True)
    avatar = models.ImageField(
        _("avatar"),
        upload_to=avatar_upload_to,
        blank=True,
        width_field="avatar_width",
        height_field="avatar_height",
    )
    avatar_width = models.PositiveIntegerField(null=True, editable=False)
    avatar_height = models.PositiveIntegerField(null=True, editable=False)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return self.display_name


def display_name(user) -> str:
    """The name readers see for ``user``: profile name, full name or username.

    Callers that list many users select ``profile`` with them (no query here).
    """
    if user is None:
        return ""
    try:
        name = user.profile.display_name
    except Profile.DoesNotExist:
        name = ""
    return name or user.get_full_name() or user.get_username()


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


class ArticleQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """``QuerySet.update`` that announces the change (``articles_updated``).

        ``bulk_update`` goes through here too.
        """
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            rows = super().update(**kwargs)
        if pks:
            articles_updated.send(sender=Article, pks=pks, fields=set(kwargs))
        return rows

    def published(self):
        """Articles readers may see: published, and ``published_at`` has passed."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def without_private_columns(self):
        """The same rows without the search vector and the authors' private data."""
        return self.defer(
            "search_vector", *(f"author__{name}" for name in PRIVATE_USER_FIELDS)
        )

    def for_page(self):
        """Everything the article page shows, in a fixed number of queries."""
        return (
            self.select_related(
                "category",
                "author__profile",
                "approved_by__profile",
                "hero_image",
            )
            .defer(
                *(f"approved_by__{name}" for name in PRIVATE_USER_FIELDS),
            )
            .without_private_columns()
            .prefetch_related(
                models.Prefetch(
                    "sections", queryset=Section.objects.select_related("image")
                ),
                "tags",
                "corrections",
            )
        )

    def related_to(self, article, limit: int = 4):
        """Published articles sharing tags with ``article`` first, then its category.

        One bounded query. Candidates are the newest
        ``RELATED_CANDIDATES_PER_TAG`` articles of each of its tags (through the
        tag's index) and the newest ``limit`` of its category (through the
        category index). Those seen under most of its tags (then the newest)
        are the only ones whose rows are read, so an article page never walks
        the archive, and never reads more than ``RELATED_SHORTLIST`` articles.
        """
        tag_ids = sorted(tag.pk for tag in article.tags.all())
        parts = [
            ArticleTag.objects.filter(tag_id=tag_id)
            .order_by("-content_object_id")
            .values(item=models.F("content_object_id"), hit=models.Value(1))[
                :RELATED_CANDIDATES_PER_TAG
            ]
            for tag_id in tag_ids
        ]
        if article.category_id:
            parts.append(
                Article.objects.published()
                .filter(category_id=article.category_id)
                .order_by("-published_at", "-pk")
                .values(item=models.F("pk"), hit=models.Value(0))[: limit + 1]
            )
        if not parts:
            return self.none()
        union_sql, params = union_sql_of(parts)
        shortlist = RawSQL(
            f"SELECT item FROM ({union_sql}) AS candidates GROUP BY item "
            "ORDER BY SUM(hit) DESC, item DESC LIMIT %s",
            [*params, RELATED_SHORTLIST],
        )
        shared = (
            ArticleTag.objects.filter(
                content_object=models.OuterRef("pk"), tag_id__in=tag_ids
            )
            .values("content_object")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        matches = models.Q(shared_tags__gt=0)
        if article.category_id:
            matches |= models.Q(category_id=article.category_id)
        return (
            self.for_listing()
            .filter(pk__in=shortlist)
            .exclude(pk=article.pk)
            .alias(shared_tags=Coalesce(models.Subquery(shared), 0))
            .filter(matches)
            .order_by("-shared_tags", "-published_at", "-pk")[:limit]
        )

    def for_listing(self):
        """Published articles with what a card shows, newest first."""
        return (
            self.published()
            .select_related("category", "hero_image", "author__profile")
            .without_private_columns()
            .order_by("-published_at", "-pk")
        )


def union_sql_of(querysets) -> tuple[str, list]:
    """``querysets`` (each may be sliced) as one ``UNION ALL`` SQL and its params.

    Every part keeps its own ORDER BY and LIMIT (so it can walk an index and
    stop), which Django's ``union()`` does not allow on SQLite. The parts are
    wrapped as derived tables, valid on SQLite and PostgreSQL alike; the
    columns are the first part's.
    """
    parts, params = [], []
    for n, queryset in enumerate(querysets):
        sql, part_params = queryset.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS part{n}")
        params.extend(part_params)
    return " UNION ALL ".join(parts), params


def union_of(querysets) -> RawSQL:
    """One-column ``querysets`` as ``UNION ALL`` SQL, for ``pk__in=``."""
    return RawSQL(*union_sql_of(querysets))


class Article(models.Model):
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
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewing_articles",
        verbose_name=_("reviewing editor"),
        help_text=_("The editor who holds the article while it is in review."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_articles",
        verbose_name=_("approved by"),
    )
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
    summary_is_ai = models.BooleanField(
        _("summary written by AI"),
        default=False,
        help_text=_("Set when the key points were machine-written."),
    )
    summary_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checked_summaries",
        verbose_name=_("summary checked by"),
    )
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
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The slug follows the title until the article first goes out; from
        # then on links to it must keep working.
        if not self.slug or (self.published_at is None and self._title_changed()):
            self.slug = unique_slug(Article, self.title, exclude_pk=self.pk)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "slug"}
        super().save(*args, **kwargs)

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
