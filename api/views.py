"""The read-only JSON API. Every article query starts from ``published()``.

Views are thin: check the query parameters, fetch through the articles
querysets, serialize, and answer through ``api.caching`` (cache, validators,
headers). Errors are ``{"detail": ...}`` (``api.errors``), in English.
"""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView
from taggit.models import Tag

from articles import caching
from articles.models import PRIVATE_USER_FIELDS, Article, Category

from . import schema
from .caching import Answer, cached_json, waits_for_renditions
from .filters import ArticleParameters, filter_articles
from .pagination import PageParameters, paginate
from .serializers import (
    ArticleSerializer,
    ArticleSummarySerializer,
    AuthorSerializer,
    CategorySerializer,
    TagSerializer,
    page_of,
)

ARTICLE_ORDER = ("-published_at", "-id")


class ApiView(APIView):
    """GET only, answered in English whatever the visitor's language.

    (CORS preflight ``OPTIONS`` requests are answered by the CORS middleware.)
    """

    http_method_names = ["get", "head"]

    def dispatch(self, request, *args, **kwargs):
        with translation.override("en"):
            return super().dispatch(request, *args, **kwargs)

    def answer(self, request, build):
        return cached_json(request, build, private=request.auth is not None)


def _parameters(serializer_class, request) -> dict:
    params = serializer_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data


class ArticleListView(ApiView):
    """Published articles, newest first, a page at a time (cursor pagination)."""

    @extend_schema(
        operation_id="articles_list",
        summary="Published articles, newest first",
        parameters=[ArticleParameters],
        responses=schema.responses(page_of(ArticleSummarySerializer)),
    )
    def get(self, request):
        return self.answer(request, lambda: self.page(request))

    def page(self, request):
        params = _parameters(ArticleParameters, request)
        articles = filter_articles(Article.objects.for_listing(), params)
        page = paginate(articles, ARTICLE_ORDER, request, params)
        data = {
            "next": page.next_url,
            "results": ArticleSummarySerializer(page.items, many=True).data,
        }
        return Answer(
            data,
            caching.list_page_keys(articles=page.items),
            provisional=waits_for_renditions(a.hero_image for a in page.items),
        )


def article_data(article) -> Answer:
    """An article's full JSON and the keys of what it shows (3 queries)."""
    prefetch_related_objects(
        [article], *Article.objects.for_page()._prefetch_related_lookups
    )
    sections = list(article.sections.all())
    tags = sorted(article.tags.all(), key=lambda tag: (tag.name, tag.pk))
    corrections = list(article.corrections.all())
    context = {"sections": sections, "tags": tags, "corrections": corrections}
    data = ArticleSerializer(article, context=context).data
    keys = caching.article_keys(article, tags, sections)
    if article.summary_checked_by_id:
        keys.append(f"author-{article.summary_checked_by_id}")
    images = [article.hero_image, *(section.image for section in sections)]
    return Answer(data, keys, provisional=waits_for_renditions(images))


def published_article(**lookup) -> Article:
    """The published article matching ``lookup``; 404 for any other, as if unknown."""
    articles = (
        Article.objects.published()
        .for_page()
        .prefetch_related(None)
        .select_related("summary_checked_by__profile")
        .defer(*(f"summary_checked_by__{name}" for name in PRIVATE_USER_FIELDS))
    )
    article = articles.filter(**lookup).first()
    if article is None:
        raise NotFound()
    return article


class ArticleDetailView(ApiView):
    """A published article with everything its page shows; 404 for any other id."""

    @extend_schema(
        operation_id="articles_retrieve",
        summary="One published article by id",
        responses=schema.responses(ArticleSerializer, detail=True),
    )
    def get(self, request, pk):
        return self.answer(request, lambda: article_data(published_article(pk=pk)))


class ArticleBySlugView(ApiView):
    """A published article by its slug; 404 for any other slug."""

    @extend_schema(
        operation_id="articles_by_slug",
        summary="One published article by slug",
        responses=schema.responses(ArticleSerializer, detail=True),
    )
    def get(self, request, slug):
        return self.answer(request, lambda: article_data(published_article(slug=slug)))


class CategoryListView(ApiView):
    """Every category of the site, by name."""

    @extend_schema(
        operation_id="categories_list",
        summary="Every category, by name",
        parameters=[PageParameters],
        responses=schema.responses(page_of(CategorySerializer)),
    )
    def get(self, request):
        return self.answer(request, lambda: self.page(request))

    def page(self, request):
        params = _parameters(PageParameters, request)
        page = paginate(Category.objects.all(), ("name",), request, params)
        data = {
            "next": page.next_url,
            "results": CategorySerializer(page.items, many=True).data,
        }
        return Answer(data, caching.list_page_keys("categories"))


class TagListView(ApiView):
    """Tags carried by at least one published article, by name."""

    @extend_schema(
        operation_id="tags_list",
        summary="Tags of published articles, by name",
        parameters=[PageParameters],
        responses=schema.responses(page_of(TagSerializer)),
    )
    def get(self, request):
        return self.answer(request, lambda: self.page(request))

    def page(self, request):
        params = _parameters(PageParameters, request)
        in_use = Article.objects.published().filter(tags=OuterRef("pk"))
        tags = Tag.objects.filter(Exists(in_use))
        page = paginate(tags, ("name",), request, params)
        data = {
            "next": page.next_url,
            "results": TagSerializer(page.items, many=True).data,
        }
        return Answer(data, caching.list_page_keys("tags"))


class AuthorListView(ApiView):
    """Writers with at least one published article, by id."""

    @extend_schema(
        operation_id="authors_list",
        summary="Writers with a published article, oldest account first",
        parameters=[PageParameters],
        responses=schema.responses(page_of(AuthorSerializer)),
    )
    def get(self, request):
        return self.answer(request, lambda: self.page(request))

    def page(self, request):
        params = _parameters(PageParameters, request)
        published = Article.objects.published().filter(author=OuterRef("pk"))
        users = (
            get_user_model()
            .objects.filter(Exists(published))
            .select_related("profile")
            .defer(*PRIVATE_USER_FIELDS)
        )
        page = paginate(users, ("id",), request, params)
        data = {
            "next": page.next_url,
            "results": AuthorSerializer(page.items, many=True).data,
        }
        return Answer(data, caching.list_page_keys("authors"))
