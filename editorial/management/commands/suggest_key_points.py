"""``manage.py suggest_key_points ARTICLE_ID``: print proposed key points.

Prints one point per line on stdout and where they came from on stderr; the
article is never changed.
"""

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from editorial.summaries import ArticleText, SummaryError, suggest
from editorial.summaries.service import BACKENDS


class Command(BaseCommand):
    help = "Print suggested key points for an article, without changing it."

    def add_arguments(self, parser):
        parser.add_argument("article_id", type=int)
        parser.add_argument(
            "--backend",
            choices=BACKENDS,
            help="Override SUMMARY_BACKEND for this run.",
        )
        parser.add_argument("--count", type=int, default=3, choices=range(2, 6))

    def handle(self, *args, article_id, backend, count, **options):
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            raise CommandError(f"There is no article with id {article_id}.")
        try:
            suggestion = suggest(
                ArticleText.from_article(article), backend=backend, count=count
            )
        except SummaryError as error:
            raise CommandError(str(error)) from None
        for point in suggestion.points:
            self.stdout.write(point)
        source = f"{suggestion.backend} ({suggestion.model})"
        if suggestion.fallback_from:
            failed = suggestion.fallback_from
            source += f", after the {failed} backend failed: {suggestion.error}"
        self.stderr.write(f"Suggested by {source} in {suggestion.duration_ms} ms.")
