"""A task for tests/test_worker_recovery.py: slow, and it records each completion."""

import time

from django_tasks import task


@task()
def slow_mark(path: str, seconds: float) -> None:
    """Wait ``seconds``, then append one line to the file at ``path``."""
    time.sleep(seconds)
    with open(path, "a") as marks:
        marks.write("done\n")
