"""Pages of the site itself that editors keep up to date (the AI policy)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..fields import SanitizedHTMLField

AI_POLICY = "ai-policy"


class SitePage(models.Model):
    """A page of plain site information at ``/<slug>/``, edited in the admin.

    Only the slugs the site links to have a URL (``AI_POLICY`` for now).
    """

    slug = models.SlugField(
        _("slug"), unique=True, choices=[(AI_POLICY, _("AI policy"))]
    )
    title = models.CharField(_("title"), max_length=200)
    body = SanitizedHTMLField(_("body"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:ai_policy")
