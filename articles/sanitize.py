"""The one allow-list for stored rich text (article lead, section bodies).

Every write path (admin, portal, shell, fixtures) reaches the database through
``SanitizedHTMLField``, which calls ``clean_html``. The function is idempotent:
``clean_html(clean_html(x)) == clean_html(x)``.
"""

import posixpath
import re
from html import unescape
from urllib.parse import quote, unquote, urlsplit

import nh3
from django.conf import settings
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "a", "ul", "ol", "li", "blockquote", "q", "cite", "hr",
    "figure", "figcaption", "img",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}

URL_SCHEMES = {"http", "https", "mailto"}

# nh3 serialises every start tag as `<a attr="value" ...>` with `"` escaped, so
# this matches a whole anchor start tag even when a value contains ">".
_ANCHOR = re.compile(r'<a((?:\s+[a-z-]+="[^"]*")*)>')
_HREF = re.compile(r'\shref="([^"]*)"')


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return image_source(value)
    return value


def image_source(value: str) -> str | None:
    """``value`` as an image source we allow, normalised; None to drop it.

    Our own media (a path under ``MEDIA_URL`` once ``..``, ``//`` and
    percent-escapes are resolved, so ``/media/../write/logout/`` is not), or
    an https URL on a host of ``RICH_TEXT_IMAGE_HOSTS`` (empty by default: an
    outside image would tell its host the IP of every editor who previews).
    """
    parts = urlsplit(value.strip().replace("\\", "/"))
    media = urlsplit(settings.MEDIA_URL)
    if (parts.scheme, parts.netloc) == (media.scheme, media.netloc):
        path = posixpath.normpath(unquote(parts.path))
        media_path = media.path.rstrip("/") + "/"
        if not path.startswith(media_path):
            return None
        return f"{media.scheme}://{media.netloc}" * bool(media.netloc) + quote(path)
    if parts.scheme == "https" and parts.hostname in _allowed_image_hosts():
        return parts.geturl()
    return None


def _allowed_image_hosts() -> set[str]:
    return {host.lower() for host in getattr(settings, "RICH_TEXT_IMAGE_HOSTS", [])}


def is_external_url(href: str) -> bool:
    """True for a link that leaves SITE_URL's host.

    Read the way browsers do: backslashes count as slashes, and a
    scheme-relative ``//host/path`` is external too.
    """
    parts = urlsplit(href.strip().replace("\\", "/"))
    if parts.scheme not in ("http", "https", "") or not parts.hostname:
        return False
    return parts.hostname != urlsplit(settings.SITE_URL).hostname


_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption|td|th|tr|caption)>|<br>")


def html_to_text(html: str) -> str:
    """Readable plain text of stored rich text: blocks apart, entities decoded."""
    text = strip_tags(_BLOCK_END.sub(" ", html or ""))
    return " ".join(unescape(text).split())


def _add_nofollow_to_external(match: re.Match) -> str:
    attributes = match.group(1)
    href = _HREF.search(attributes)
    if href and is_external_url(href.group(1).replace("&amp;", "&")):
        attributes = attributes.replace(
            'rel="noopener noreferrer"', 'rel="noopener noreferrer nofollow"'
        )
    return f"<a{attributes}>"


class CleanHTML(str):
    """Rich text that has passed ``clean_html``: made only by cleaning.

    ``CleanHTML(text)`` cleans ``text`` once; ``SanitizedHTMLField`` stores
    such a value without cleaning it again. Bulk writers (``synthetic_archive``)
    clean each template text once and reuse it for many rows.
    """

    def __new__(cls, html: str | None = ""):
        return super().__new__(cls, clean_html(html))


def clean_html(html: str | None) -> str:
    """Return ``html`` reduced to the news-prose allow-list.

    Scripts, styles and their content, comments, CDATA, event handlers,
    ``style`` and ``data-*`` (CKEditor's ``data-cke-*``) attributes and
    non-http(s)/mailto URLs are removed. Links get
    ``rel="noopener noreferrer"``, external ones ``nofollow`` as well.
    """
    if isinstance(html, CleanHTML):
        return html
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _ANCHOR.sub(_add_nofollow_to_external, cleaned).strip()
