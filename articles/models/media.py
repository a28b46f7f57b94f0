"""Images with their credits; resized copies are made once (articles.renditions)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.background import enqueue_after_commit

from ..renditions import make_image_renditions, needs_renditions


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
        # Renditions are made once per stored file, by a background task once
        # this save has committed (pages show the original, sized, until
        # then); a replaced file gets new ones.
        if needs_renditions(self):
            enqueue_after_commit(make_image_renditions, self.pk)

    @property
    def attribution(self) -> str:
        """The bracketed part of the credit line: "source/credit", or either alone."""
        return "/".join(part for part in (self.source, self.credit) if part)
