"""Slugs: made from names and titles, unique, and clear of the site's own paths."""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

# Category slugs share the URL root with these fixed paths.
RESERVED_SLUGS = {
    "admin", "write", "tag", "tags", "search", "feeds", "feed", "sitemap.xml",
    "robots.txt", "media", "static", "read", "author", "accounts", "i18n", "preview",
    "ai-policy",
    "api",
    "en", "id",  # language prefixes of reader URLs (/en/...)
}  # fmt: skip


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
