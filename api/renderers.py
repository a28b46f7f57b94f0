"""JSON as the API sends it."""

from rest_framework.renderers import JSONRenderer

# "<", ">" and "&" occur in JSON only inside strings, where their \u escapes
# mean the same: the data is unchanged, and no HTML parser (a page that
# pastes a response into a <script>) ever sees a tag in it.
HTML_SIGNIFICANT = ((b"<", b"\\u003c"), (b">", b"\\u003e"), (b"&", b"\\u0026"))


class EscapedJSONRenderer(JSONRenderer):
    """Compact UTF-8 JSON with ``<``, ``>`` and ``&`` escaped as ``\\u`` codes."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        content = super().render(data, accepted_media_type, renderer_context)
        for raw, escaped in HTML_SIGNIFICANT:
            content = content.replace(raw, escaped)
        return content


def render_json(data) -> bytes:
    """``data`` as the API's JSON bytes."""
    return EscapedJSONRenderer().render(data)
