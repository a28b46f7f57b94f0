"""API keys: partners that send one get a higher rate limit than anonymous clients.

Only a hash of each key is stored; the key itself is shown once, when the key
is created in the admin (``api.admin``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_RATE_PER_MINUTE = 600


class ApiKey(models.Model):
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the key is for, e.g. 'app'.")
    )
    partner = models.CharField(
        _("partner"), max_length=100, help_text=_("Who holds the key.")
    )
    # The first characters of the key, to recognise it in logs and here.
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    rate_per_minute = models.PositiveIntegerField(
        _("requests per minute"), default=DEFAULT_RATE_PER_MINUTE
    )
    last_used_at = models.DateTimeField(
        _("last used"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["partner", "name"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.partner}: {self.name} ({self.prefix}…)"
