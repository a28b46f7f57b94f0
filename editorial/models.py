"""Editorial records: the review history and content revisions of articles."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class ReviewEvent(models.Model):
    """One workflow step (or correction, or take-over). Append-only history."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="review_events",
        verbose_name=_("article"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_events",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(
        _("from status"), max_length=20, choices=Article.Status.choices
    )
    to_status = models.CharField(
        _("to status"), max_length=20, choices=Article.Status.choices
    )
    note = models.TextField(_("note"), blank=True)
    # publish with a time ahead: when it was to go live, so the history can
    # say "Scheduled for ..." rather than "Published".
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        indexes = [
            models.Index(fields=["article", "-created_at"]),
            # The desk home's recent workflow activity, newest first.
            models.Index(fields=["-created_at", "-id"], name="reviewevent_recent_idx"),
        ]

    def __str__(self):
        return f"{self.action}: {self.from_status} → {self.to_status}"


class Revision(models.Model):
    """A snapshot of an article's content (fields, key points, sections, tags)."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("article"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    version = models.PositiveIntegerField(_("article version"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    data = models.JSONField(_("data"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [models.Index(fields=["article", "-created_at"])]

    def __str__(self):
        return _("Revision of %(when)s") % {
            "when": date_format(timezone.localtime(self.created_at), "DATETIME_FORMAT")
        }


class ReviewQueue(Article):
    """Articles waiting for an editor, as their own entry in the admin index."""

    class Meta:
        proxy = True
        verbose_name = _("review queue")
        verbose_name_plural = _("review queue")


class KeyPointSuggestion(models.Model):
    """Key points a machine proposed for an article, and what became of them.

    Made by ``editorial.suggestions.request_suggestion`` (pending), filled in
    by a background task (ready or failed) and decided once by a person
    (accepted, edited or discarded). Rows are never deleted with a decision:
    they are the desk's record of what the machine proposed.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    class Outcome(models.TextChoices):
        NONE = "none", _("Not decided")
        ACCEPTED = "accepted", _("Accepted")
        EDITED = "edited", _("Accepted with edits")
        DISCARDED = "discarded", _("Discarded")

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="key_point_suggestions",
        verbose_name=_("article"),
    )
    article_version = models.PositiveIntegerField(_("article version"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    backend = models.CharField(_("backend"), max_length=20, blank=True)
    model = models.CharField(_("model"), max_length=200, blank=True)
    endpoint_host = models.CharField(_("endpoint host"), max_length=255, blank=True)
    prompt_version = models.CharField(_("prompt version"), max_length=40, blank=True)
    input_hash = models.CharField(_("input hash"), max_length=64, blank=True)
    points = models.JSONField(_("proposed points"), default=list, blank=True)
    fallback_from = models.CharField(_("fallback from"), max_length=20, blank=True)
    error = models.TextField(_("error"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.NONE
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("key-point suggestion")
        verbose_name_plural = _("key-point suggestions")
        indexes = [models.Index(fields=["article", "-created_at"])]

    def __str__(self):
        return _("Key points proposed for “%(title)s”") % {"title": self.article.title}

    @property
    def is_open(self) -> bool:
        """Ready and not decided yet: it can still be accepted or discarded."""
        return self.status == self.Status.READY and self.outcome == self.Outcome.NONE
