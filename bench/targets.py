"""Print, as JSON, the URLs ``make bench`` loads, read from the bench database.

    DATABASE_URL=... python -m bench.targets

Run by ``bench/servers.py`` in the same environment as the server, so it works on
the seeded demo and on a big archive alike: the article is the demo flagship
when it exists, else the newest published one; listings use the category with
the most published articles, its page 1 and a deep page, page 50 (or its
last page when it has fewer); the tag is the article's first; the search word
is the longest word of its title. Only reads.
"""

import json
import math
import os
from urllib.parse import urlencode

# A deep listing page: page 50 when there is one, else the last page.
DEEP_PAGE = 50


def discover() -> dict[str, str]:
    from django.conf import settings
    from django.db.models import Count
    from django.urls import reverse

    from articles.models import Article, Category
    from editorial.demo.published import FLAGSHIP_SLUG

    published = Article.objects.published()
    article = published.filter(slug=FLAGSHIP_SLUG).first() or (
        published.filter(category__isnull=False).order_by("-published_at").first()
    )
    if article is None:
        raise SystemExit("bench.targets: no published article in this database")
    biggest = (
        published.filter(category__isnull=False)
        .values("category")
        .annotate(n=Count("pk"))
        .order_by("-n", "category")
        .first()
    )
    category = Category.objects.get(pk=biggest["category"])
    pages = max(1, math.ceil(biggest["n"] / settings.ARTICLES_PER_PAGE))
    deep = min(DEEP_PAGE, pages)
    tag = article.tags.order_by("name").first()
    word = max(article.title.split(), key=len).strip(".,:;!?\"'()").lower()

    listing = category.get_absolute_url()
    targets = {
        "floor": reverse("bench_floor"),
        "article-uncached": article.get_absolute_url(),
        "article-cached": article.get_absolute_url(),
        "home": reverse("articles:home"),
        "category-p1": listing,
        "category-deep": f"{listing}?page={deep}",
    }
    if tag is not None:
        targets["tag"] = reverse("articles:tag", args=[tag.slug])
    targets["search"] = f"{reverse('articles:search')}?{urlencode({'q': word})}"
    # Not built yet on every branch: the harness reports a 404 as "absent".
    targets["api-articles"] = "/api/v1/articles/"
    return targets


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    print(json.dumps(discover()))
