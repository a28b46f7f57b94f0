"""Writers as readers see them: profiles and the names on bylines."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
