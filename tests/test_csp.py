"""Content-Security-Policy: strict for readers, CKEditor's needs only on the editing screens."""

import pytest
from django.apps import apps
from django.contrib.staticfiles.finders import get_finders

from tests.builders import log_in, make_writer

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_reader_pages_allow_no_inline_script_and_no_framing(client):
    """The front page may run only our own scripts and may not be framed."""
    directives = policy(client.get("/"))
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in directives["style-src"]


def test_editing_screens_relax_only_scripts_and_styles_for_ckeditor(client):
    """The portal editor gets CKEditor 4's inline handlers and nothing more."""
    log_in(client, make_writer())
    directives = policy(client.get("/write/new/"))
    assert "'unsafe-inline'" in directives["script-src"]
    assert "'unsafe-inline'" in directives["style-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["img-src"] == policy(client.get("/"))["img-src"]


def test_ckeditors_bundled_html_pages_are_not_collected():
    """collectstatic leaves out CKEditor's sample, test and dialog HTML pages."""
    patterns = apps.get_app_config("staticfiles").ignore_patterns
    collected = [
        path
        for finder in get_finders()
        for path, _storage in finder.list(patterns)
        if path.startswith("ckeditor/")
    ]
    assert collected and "ckeditor/ckeditor/ckeditor.js" in collected
    assert not [path for path in collected if path.endswith(".html")]
