from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from . import schema, views
from .docs import ApiDocsView
from .errors import not_found

app_name = "api"

urlpatterns = [
    path("articles/", views.ArticleListView.as_view(), name="articles"),
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="article"),
    path(
        "articles/by-slug/<slug:slug>/",
        views.ArticleBySlugView.as_view(),
        name="article_by_slug",
    ),
    path("categories/", views.CategoryListView.as_view(), name="categories"),
    path("tags/", views.TagListView.as_view(), name="tags"),
    path("authors/", views.AuthorListView.as_view(), name="authors"),
    path(
        "openapi.json",
        SpectacularJSONAPIView.as_view(custom_settings=schema.SCHEMA_TEXT),
        name="schema",
    ),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    # Anything else under /api/v1/ is a JSON 404, not the site's HTML page.
    re_path(r"^", not_found),
]
