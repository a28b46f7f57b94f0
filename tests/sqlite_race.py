"""Concurrent content saves and workflow actions on a file SQLite database.

Run by tests/test_sqlite_concurrency.py in a process of its own, with
DATABASE_URL naming a fresh SQLite file: threads save the same article and
move others through the workflow at once, and the script prints how many
operations failed and why, as one JSON line.
"""

import json
import os
import sys
import threading

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from articles.models import Article  # noqa: E402
from editorial import editing, workflow  # noqa: E402
from tests.builders import make_editor, make_ready_article, make_writer  # noqa: E402

THREADS, ROUNDS = 4, 5


def main() -> None:
    call_command("migrate", verbosity=0)
    writer, editor = make_writer("race-writer"), make_editor("race-editor")
    shared = make_ready_article(Article.Status.DRAFT, author=writer)
    submitted = [
        make_ready_article(Article.Status.SUBMITTED, author=writer)
        for _ in range(THREADS * ROUNDS)
    ]
    connection.close()
    failures: list[str] = []
    barrier = threading.Barrier(THREADS)

    def work(number: int) -> None:
        barrier.wait()
        try:
            for round_ in range(ROUNDS):
                try:
                    editing.save_content(
                        Article.objects.get(pk=shared.pk),
                        editing.ContentChanges(
                            fields={"title": f"T {number} {round_}"}
                        ),
                        writer,
                        loaded_version=editing.ANY_VERSION,
                    )
                    article = submitted[number * ROUNDS + round_]
                    workflow.apply(article, "approve", editor, notify=False)
                except Exception as error:  # noqa: BLE001 - counted, not hidden
                    failures.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    approved = Article.objects.filter(status=Article.Status.APPROVED).count()
    print(json.dumps({"failures": failures, "approved": approved}))


if __name__ == "__main__":
    sys.exit(main())
