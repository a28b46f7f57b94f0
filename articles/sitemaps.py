"""Sitemaps and robots.txt (placeholder until filled in)."""

from django.http import Http404

SITEMAPS = {}


def news_sitemap(request):
    raise Http404


def robots_txt(request):
    raise Http404
