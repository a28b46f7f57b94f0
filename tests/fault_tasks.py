"""A task for tests/test_worker_recovery.py: it blocks, and records each completion."""

import os
import time

from django_tasks import task


@task()
def slow_mark(path: str, release: str, limit: float = 60) -> None:
    """Wait until the file ``release`` exists (at most ``limit`` seconds), then
    append one line to the file at ``path``.

    Blocking on a file, not sleeping a fixed time, lets the test kill the
    worker while the task runs however slow the machine is.
    """
    deadline = time.monotonic() + limit
    while not os.path.exists(release) and time.monotonic() < deadline:
        time.sleep(0.05)
    with open(path, "a") as marks:
        marks.write("done\n")
