"""How the desk shows an article's state: a coloured badge, and its stylesheet."""

from django.utils.html import format_html
from django.utils.translation import gettext as _

from articles.models import Article

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


def status_badge(article: Article):
    label = article.get_status_display()
    if article.is_scheduled:
        label = _("Scheduled")
    return format_html(
        '<span class="status-badge" style="background:{}">{}</span>',
        STATUS_COLOURS.get(article.status, "#6b7280"),
        label,
    )


class DeskMedia:
    css = {"all": ["css/admin-desk.css"]}
