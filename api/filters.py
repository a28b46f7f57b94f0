"""The article list's filters, as query parameters checked before any query."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from rest_framework import serializers
from taggit.models import Tag

from articles import search
from articles.models import Category, Correction

from .pagination import PageParameters

LARGEST_ID = 2**31 - 1


class ArticleParameters(PageParameters):
    """Filters of ``/api/v1/articles/``; a bad value answers 400, naming it."""

    # Blank (or only spaces) means no filter, as for ``search``: the schema
    # allows any string, so an empty one must not be an error.
    category = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=80,
        help_text="A category's slug (empty: any).",
    )
    tag = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="A tag's slug (empty: any).",
    )
    author = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=LARGEST_ID,
        help_text="An author's id (see /api/v1/authors/).",
    )
    published_since = serializers.DateTimeField(
        required=False,
        help_text="Articles published at or after this ISO 8601 date-time "
        "(without an offset: the site's time zone).",
    )
    updated_since = serializers.DateTimeField(
        required=False,
        help_text="Articles saved or corrected at or after this ISO 8601 "
        "date-time, e.g. to fetch what changed since a previous sync.",
    )
    search = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=search.MAX_QUERY_LENGTH,
        help_text="Words to look for in the title, key points, lead and "
        f"sections; only the newest {search.SEARCH_CANDIDATES} matches are "
        "listed, newest first.",
    )


def filter_articles(articles: QuerySet, params: dict) -> QuerySet:
    """``articles`` narrowed by the validated ``params``."""
    # Category and tag are looked up first (one small query each), as the
    # reader pages do: filtering on the id lets the database plan for that
    # one category or tag (its index) instead of a join on any slug.
    if params.get("category"):
        category = Category.objects.filter(slug=params["category"]).first()
        if category is None:
            return articles.none()
        articles = articles.filter(category=category)
    if params.get("tag"):
        tag = Tag.objects.filter(slug=params["tag"]).first()
        if tag is None:
            return articles.none()
        articles = articles.filter(tags=tag)
    if "author" in params:
        articles = articles.filter(author_id=params["author"])
    if "published_since" in params:
        articles = articles.filter(published_at__gte=params["published_since"])
    if "updated_since" in params:
        since = params["updated_since"]
        corrected = Correction.objects.filter(
            article=OuterRef("pk"), created_at__gte=since
        )
        articles = articles.filter(Q(updated_at__gte=since) | Exists(corrected))
    query = search.clean_query(params.get("search", ""))
    if query:
        if not search.is_searchable(query):
            return articles.none()
        articles = articles.filter(pk__in=search.newest_matches(query))
    return articles
