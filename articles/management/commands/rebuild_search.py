"""``manage.py rebuild_search``: recompute every article's search vector.

Content saves keep the vector fresh (``editorial.revisions.record_revision``
calls ``articles.search.update_search_vector``); run this once on a database
that had articles before search existed, or after changing the weighting.
"""

from django.core.management.base import BaseCommand

from articles.models import Article
from articles.search import update_search_vector, uses_full_text_search


class Command(BaseCommand):
    help = "Recompute the full-text search vector of every article (PostgreSQL)."

    def handle(self, *args, **options):
        if not uses_full_text_search():
            self.stdout.write(
                "This database has no full-text index (PostgreSQL only); "
                "search uses the plain fallback. Nothing to do."
            )
            return
        articles = (
            Article.objects.only("pk", "title", "lead", "key_points")
            .prefetch_related("sections")
            .order_by("pk")
        )
        count = 0
        for article in articles.iterator(chunk_size=200):
            update_search_vector(article)
            count += 1
        self.stdout.write(
            self.style.SUCCESS(f"Rebuilt the search vector of {count} article(s).")
        )
