"""RSS and Atom feeds (placeholder until filled in)."""

from django.http import Http404


def site_feed(request, kind):
    raise Http404


def category_feed(request, slug, kind):
    raise Http404


def tag_feed(request, slug, kind):
    raise Http404


def author_feed(request, username, kind):
    raise Http404
