"""Template helpers for reader pages."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.models import display_name

register = template.Library()

# The characters that could end or confuse a <script> element, as JSON escapes
# (the same set Django's json_script uses).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def jsonld(data) -> str:
    """``data`` as a ``<script type="application/ld+json">`` element, safe to embed."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_SCRIPT_ESCAPES)),
    )


@register.filter
def with_dateline(lead_html: str, dateline: str) -> str:
    """Run "<City>, <site name> - " into the first paragraph of the lead.

    ``lead_html`` is stored rich text, already sanitised by SanitizedHTMLField.
    """
    place = f"{dateline}, {settings.SITE_NAME}" if dateline else settings.SITE_NAME
    label = format_html('<strong class="dateline">{} -</strong> ', place)
    if lead_html.startswith("<p>"):
        return mark_safe(f"<p>{label}{lead_html[3:]}")
    return mark_safe(f"<p>{label}</p>{lead_html}")


@register.filter(name="display_name")
def display_name_filter(user) -> str:
    """The byline name of ``user`` (profile name, full name or username)."""
    return display_name(user)
