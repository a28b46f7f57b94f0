"""Content-Security-Policy for the editing screens, and what static files we serve.

The site's policy (settings.CONTENT_SECURITY_POLICY, django-csp) allows
scripts and styles from our own origin only, no inline script or event
handler, no plugins, and no framing. Reader pages need no script at all; the
JSON-LD blocks are data, which CSP does not execute, so they carry no nonce
(a per-response nonce would also make the cached pages differ per reader).

CKEditor 4, the editing widget of the portal and the admin, builds its
toolbar with inline event handlers and inline styles, and compiles its UI
templates at run time. Those screens are for logged-in writers and editors;
they get ``'unsafe-inline'`` (scripts and styles) and ``'unsafe-eval'``, and
nothing else changes.
"""

from csp.constants import UNSAFE_EVAL, UNSAFE_INLINE

EDITING_PREFIXES = ("/admin/", "/write/")
EDITING_POLICY = {
    # CKEditor 4 compiles its UI templates with new Function(): 'unsafe-eval'.
    "script-src": [UNSAFE_INLINE, UNSAFE_EVAL],
    "style-src": [UNSAFE_INLINE],
}


class EditingScreensPolicyMiddleware:
    """Let CKEditor 4 work on the editing screens (placed inside CSPMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(EDITING_PREFIXES):
            response._csp_update = EDITING_POLICY
        return response


# CKEditor's bundle ships HTML pages the site never uses (manual tests, the
# preview plugin, the spell-checker's frames): collectstatic leaves them out,
# so they are never served (newsroom.apps adds this to staticfiles' patterns).
UNUSED_STATIC_PATTERNS = ["ckeditor/*.html"]
