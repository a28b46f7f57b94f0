"""How the desk shows an article in its lists: a coloured status badge, a
thumbnail of its hero, its publication time, and the desk's stylesheet."""

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article, display_name

STATUS_COLOURS = {
    "draft": "#6b7280",
    "submitted": "#b45309",
    "in_review": "#1d4ed8",
    "changes_requested": "#c2410c",
    "approved": "#15803d",
    "published": "#166534",
    "unpublished": "#4b5563",
    "rejected": "#b91c1c",
}


class PeopleColumns:
    """List columns naming an article's writer and reviewer by display name."""

    @admin.display(description=gettext_lazy("author"), ordering="author")
    def author_name(self, obj):
        return display_name(obj.author)

    @admin.display(description=gettext_lazy("reviewer"), ordering="reviewer")
    def reviewer_name(self, obj):
        return display_name(obj.reviewer)


def status_badge(article: Article):
    label = article.get_status_display()
    if article.is_scheduled:
        label = _("Scheduled")
    return format_html(
        '<span class="status-badge" style="background:{}">{}</span>',
        STATUS_COLOURS.get(article.status, "#6b7280"),
        label,
    )


# The smallest card rendition: 480 px wide, shown at 64 x 36.
THUMBNAIL_PREFIX, THUMBNAIL_SUFFIX = "16x9-", "-webp"
THUMBNAIL_MAX_ORIGINAL = 480


def thumbnail_url(image) -> str:
    """The narrowest 16:9 rendition of ``image`` ("" if it has none yet).

    Never a large original: a list of a hundred articles must not load a
    hundred camera-sized files (an original under 480 px has no rendition and
    is shown itself). Reads the ``Image`` row only (no query, no storage call
    beyond building the URL).
    """
    if image is None or not image.file:
        return ""
    found = [
        entry
        for key, entry in (image.renditions or {}).items()
        if key.startswith(THUMBNAIL_PREFIX) and key.endswith(THUMBNAIL_SUFFIX)
    ]
    if not found:
        # A source no wider than the smallest rendition has none; it is small.
        small = image.width and image.width <= THUMBNAIL_MAX_ORIGINAL
        return image.file.url if small else ""
    smallest = min(found, key=lambda entry: entry["width"])
    return image.file.storage.url(smallest["name"])


def thumbnail(image):
    url = thumbnail_url(image)
    if not url:
        return mark_safe('<span class="desk-thumb desk-thumb--empty"></span>')
    return format_html(
        '<img class="desk-thumb" src="{}" width="64" height="36" alt="" '
        'loading="lazy" decoding="async">',
        url,
    )


def hero_preview(image):
    """The chosen hero at 240 px wide with its credit line, for the change form."""
    url = thumbnail_url(image)
    if not url:
        return image.attribution if image is not None else ""
    return format_html(
        '<figure class="desk-hero-preview"><img src="{}" width="240" height="135" '
        'alt="{}"><figcaption>{}</figcaption></figure>',
        url,
        image.alt_text,
        image.attribution,
    )


def short_datetime(value) -> str:
    """A date and time in the language's short format, in the site's time zone."""
    if value is None:
        return ""
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def publication(article):
    """When the article goes or went out: "Scheduled for ...", a date, or nothing."""
    if article.is_scheduled:
        return format_html(
            '<span class="desk-scheduled">{}</span>',
            _("Scheduled for %(when)s")
            % {"when": short_datetime(article.published_at)},
        )
    if article.status == article.Status.PUBLISHED:
        return short_datetime(article.published_at)
    return ""


class DeskMedia:
    css = {"all": ["css/admin-desk.css"]}
