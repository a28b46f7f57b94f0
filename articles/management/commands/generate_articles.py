"""``manage.py generate_articles --count N``: a realistic archive for load tests.

Makes N published articles spread over years (``--years``), categories,
thousands of writers and a tag vocabulary of thousands (popular tags much more
common than rare ones), each with 3-8 sections, 2-5 key points, a hero image
from a small pool of real images with renditions (most articles), and about
5% more articles in every other state (draft, submitted, in review, changes
requested, approved, scheduled, unpublished, rejected).

Rows go in with ``bulk_create`` in batches of ``--batch-size`` articles, one
transaction per batch, so an interrupted run leaves whole batches and running
the command again continues up to N (``articles.synthetic_archive``).
Progress goes to stderr.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from articles.synthetic_archive import ArchiveBuilder, published_in, rows_for


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, stream, total: int, done: int, enabled: bool):
        self.stream, self.total, self.start_done = stream, total, done
        self.enabled = enabled
        self.started = time.monotonic()

    def show(self, done: int) -> None:
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.started
        rate = (done - self.start_done) / elapsed if elapsed else 0
        left = (self.total - done) / rate if rate else 0
        filled = int(30 * done / self.total) if self.total else 30
        bar = "#" * filled + "." * (30 - filled)
        self.stream.write(
            f"\r[{bar}] {done:,}/{self.total:,} published "
            f"{rate:,.0f}/s, {left / 60:.1f} min left ",
            ending="",
        )
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("")


class Command(BaseCommand):
    help = (
        "Generate synthetic published articles (plus ~5%% in other states) up to "
        "--count; running it again continues where it stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--count", type=int, required=True, help="Published articles wanted."
        )
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument(
            "--authors",
            type=int,
            default=None,
            help="Writers (default: one per 250 articles, 20 to 5000).",
        )
        parser.add_argument("--tags", type=int, default=3000, help="Tag vocabulary.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar on stderr."
        )

    def handle(self, *args, **options):
        count = options["count"]
        if count < 0 or options["batch_size"] < 1:
            raise CommandError("--count must be >= 0 and --batch-size >= 1.")
        authors = options["authors"] or min(5000, max(20, count // 250))
        builder = ArchiveBuilder(seed=options["seed"], years=options["years"])
        builder.prepare(authors=authors, tags=options["tags"])

        done_rows = builder.rows_done()
        total_rows = rows_for(count)
        progress = Progress(
            self.stderr,
            count,
            published_in(done_rows),
            enabled=not options["no_progress"],
        )
        progress.show(published_in(done_rows))
        builder.insert(
            done_rows,
            total_rows,
            options["batch_size"],
            lambda row: progress.show(published_in(row)),
        )
        progress.finish()
        if done_rows < total_rows:
            builder.analyze()
        self.stdout.write(
            self.style.SUCCESS(
                f"{published_in(max(done_rows, total_rows)):,} generated published "
                f"articles ({max(done_rows, total_rows):,} rows in all)."
            )
        )
