"""Server time of every hot page on a big archive, with nothing cached.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_million
    export DEBUG=False SECRET_KEY=... ALLOWED_HOSTS=127.0.0.1 STATIC_ROOT=/tmp/static
    python manage.py collectstatic --noinput    # DEBUG off serves the manifest
    python -m bench.archive_timings [--repeat 7]

The database is the one ``manage.py generate_articles`` filled. Each page is
requested in-process (Django's test client, DEBUG off) ``--repeat`` times
after one warm-up; the cache is emptied before every request, so each one
does all of its database work (the page cache and the article's cached
pieces would otherwise answer from memory). Prints the median and the
slowest time per page and the number of SQL queries, as a Markdown table.
Only reads; the desk pages are requested as the first active superuser.
"""

import argparse
import os
import statistics
import time
from urllib.parse import urlencode


def pages() -> dict[str, str]:
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.urls import reverse
    from taggit.models import Tag

    from articles.models import Article, ArticleTag, Category

    published = Article.objects.published()
    newest = published.filter(category__isnull=False).order_by("-published_at")
    recent = newest.first()
    old = newest[200_000:200_001].first() or recent
    category = Category.objects.annotate(n=Count("articles")).order_by("-n").first()
    most_used = (
        ArticleTag.objects.values("tag").annotate(n=Count("pk")).order_by("-n").first()
    )
    tag = Tag.objects.get(pk=most_used["tag"])
    rare_tag = recent.tags.order_by("name").last()
    author = get_user_model().objects.get(pk=old.author_id)
    listing = category.get_absolute_url()
    search = reverse("articles:search")
    changelist = reverse("admin:articles_article_changelist")
    found = {
        "home": reverse("articles:home"),
        "article (recent)": recent.get_absolute_url(),
        "article (old)": old.get_absolute_url(),
        "category page 1": listing,
        "category page 50": f"{listing}?page=50",
        "tag (most used)": reverse("articles:tag", args=[tag.slug]),
        "tag (another)": reverse("articles:tag", args=[rare_tag.slug]),
        "author": reverse("articles:author", args=[author.get_username()]),
        "search (common word)": f"{search}?{urlencode({'q': 'warga'})}",
        "search (rare word)": f"{search}?{urlencode({'q': 'terapung'})}",
        "feed (RSS)": reverse("articles:feed", args=["rss"]),
        "sitemap index": "/sitemap.xml",
        "sitemap section (oldest)": last_article_sitemap(),
        "news sitemap": "/news-sitemap.xml",
        "admin changelist": changelist,
        "admin changelist (waiting)": f"{changelist}?status__exact=submitted",
        "admin changelist (category)": (
            f"{changelist}?category__id__exact={category.pk}"
        ),
        "admin search (common word)": f"{changelist}?q=pasar",
        "admin search (writer)": f"{changelist}?q={author.get_username()}",
        "desk home": reverse("admin:index"),
        "review queue": reverse("admin:editorial_reviewqueue_changelist"),
        "api articles": "/api/v1/articles/",
    }
    return found


def last_article_sitemap() -> str:
    """The last article section the sitemap index lists (the oldest ids)."""
    import re
    from urllib.parse import urlsplit

    from django.test import Client

    response = Client(SERVER_NAME="127.0.0.1").get("/sitemap.xml")
    index = response.content.decode()
    sections = [
        loc for loc in re.findall(r"<loc>([^<]+)</loc>", index) if "articles" in loc
    ]
    url = urlsplit(sections[-1].replace("&amp;", "&"))
    return f"{url.path}?{url.query}" if url.query else url.path


def measure(client, url: str, repeat: int) -> tuple[int, list[float], int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    status = client.get(url).status_code
    times, queries = [], 0
    for _ in range(repeat):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    return status, times, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("CACHE_URL", "locmemcache://")
    # Plain http on loopback: production's redirect to https would answer 301.
    os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from articles.models import Article

    reader = Client(SERVER_NAME="127.0.0.1")
    editor = Client(SERVER_NAME="127.0.0.1")
    admin = get_user_model().objects.filter(is_superuser=True, is_active=True).first()
    if admin is not None:
        editor.force_login(admin)
    print(
        f"{Article.objects.published().count():,} published articles, "
        f"{Article.objects.count():,} in all; median of {args.repeat} requests, "
        "cache emptied before each"
    )
    print("| page | status | median ms | slowest ms | queries |")
    print("|---|---|---|---|---|")
    for name, url in pages().items():
        client = editor if url.startswith("/admin/") else reader
        status, times, queries = measure(client, url, args.repeat)
        print(
            f"| {name} (`{url}`) | {status} | {statistics.median(times):,.0f} "
            f"| {max(times):,.0f} | {queries} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
