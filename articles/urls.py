from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter

from . import feeds, search, sitemaps, views
from .caching import list_page_keys
from .page_cache import reader_page

app_name = "articles"


class NameConverter:
    """A tag slug or username: anything but slashes and control characters.

    (PostgreSQL refuses NUL in a query, so such a URL must not reach one.)
    """

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(NameConverter, "name")


def keys(*names):
    """Keys of a page that shows no particular article (search, sitemaps)."""
    return lambda request, response, **kwargs: list_page_keys(*names)


# Every reader page may be cached for anonymous readers (articles.page_cache).

urlpatterns = [
    path("", reader_page()(views.HomeView.as_view()), name="home"),
    path("search/", reader_page(keys("search"))(search.search_view), name="search"),
    path(
        "author/<name:username>/",
        reader_page()(views.AuthorView.as_view()),
        name="author",
    ),
    path("tag/<name:slug>/", reader_page()(views.TagView.as_view()), name="tag"),
    path("read/<slug:slug>/", views.article_short, name="article_short"),
    # Feeds: the whole site, a category, a tag, an author; RSS and Atom each.
    path("feeds/<slug:kind>/", feeds.site_feed, name="feed"),
    path(
        "feeds/category/<slug:slug>/<slug:kind>/",
        feeds.category_feed,
        name="category_feed",
    ),
    path("feeds/tag/<name:slug>/<slug:kind>/", feeds.tag_feed, name="tag_feed"),
    path(
        "feeds/author/<name:username>/<slug:kind>/",
        feeds.author_feed,
        name="author_feed",
    ),
    path(
        "sitemap.xml",
        reader_page(keys("sitemap"))(sitemaps.sitemap_index),
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        reader_page(keys("sitemap"))(sitemap),
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap_section",
    ),
    path(
        "news-sitemap.xml",
        reader_page(keys("sitemap"))(sitemaps.news_sitemap),
        name="news_sitemap",
    ),
    path("ai-policy/", views.ai_policy, name="ai_policy"),
    path("robots.txt", reader_page(keys("robots"))(sitemaps.robots_txt), name="robots"),
    path("<slug:slug>/", reader_page()(views.CategoryView.as_view()), name="category"),
    path("<slug:category_slug>/<slug:slug>/", views.article_detail, name="article"),
]
