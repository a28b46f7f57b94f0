"""Template helpers for reader pages."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.middleware import is_reader_request
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


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict] | None:
    """Links to this reader page in every language, or None off reader pages.

    ``/en/<path>`` is English and ``/<path>`` the default language, so a
    switch is a plain link that keeps the reader on the page and sets no
    cookie. Pages outside the reader site (the portal) keep the POST form.
    """
    request = context.get("request")
    if request is None or not is_reader_request(request):
        return None
    path = request.path_info
    current = translation.get_language_from_path(path)
    if current:
        path = path[len(current) + 1 :]
    query = request.META.get("QUERY_STRING", "")
    suffix = f"{path}?{query}" if query else path
    prefix = get_script_prefix().rstrip("/")
    active = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        language_prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
        links.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": prefix + language_prefix + suffix,
                "current": code == active,
            }
        )
    return links


# Cards per row of a wide card grid, and how a short last row is shared out
# (spans of a 12-column grid): no orphan card, no empty cells.
GRID_COLUMNS = 4
_LAST_ROWS = {0: [], 1: [4, 4, 4, 6, 6], 2: [6, 6], 3: [4, 4, 4]}


@register.filter
def balanced(items) -> list[tuple]:
    """``items`` as ``(item, span)`` pairs that fill every row of a 12-column grid.

    Four to a row (span 3); the last row or two share the width among what is
    left: 5 stories are a row of 3 and a row of 2, a lone story spans the row.
    """
    items = list(items)
    count = len(items)
    if count == 1:
        return [(items[0], 12)]
    tail = _LAST_ROWS[count % GRID_COLUMNS]
    spans = [3] * (count - len(tail)) + tail
    return list(zip(items, spans, strict=True))


@register.simple_tag
def content_lang() -> str:
    """`` lang="id"`` on an article's own words (a card's title) when the UI
    speaks another language; nothing when they agree."""
    code = settings.CONTENT_LANGUAGE
    if code == translation.get_language():
        return ""
    return format_html(' lang="{}"', code)
