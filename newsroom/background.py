"""Background work: enqueue after commit, retry with backoff, log every run.

Tasks use Django's task framework API (the ``django-tasks`` backport of
``django.tasks``). The backend is chosen by ``TASKS_BACKEND`` in settings: a
queue in the database (default, no new service), RQ on Redis in production,
or immediate execution in tests. Every task here is idempotent: running it
twice leaves the same result, so a retry, or a worker killed mid-task whose
job runs again, does no harm.

``retrying`` wraps a task body: a failure is logged and the task is enqueued
again after a growing delay (30 s, 2 min, 8 min, ...), up to ``MAX_ATTEMPTS``;
the content a task derives from is never touched by its failure.
"""

import contextlib
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend

from .request_id import current_request_id, request_id_context

logger = logging.getLogger("newsroom.tasks")

MAX_ATTEMPTS = 5
FIRST_DELAY = timedelta(seconds=30)


def enqueue_after_commit(task, *args, **kwargs) -> None:
    """Enqueue ``task`` once the current transaction commits (now, outside one).

    A queue that cannot be reached is logged, never raised: the person whose
    save scheduled the work must not see an error for it, and the work can be
    run again (e.g. ``make_renditions``, ``rebuild_search``).
    """
    # The request's id goes with the task, so its log lines can be matched.
    kwargs.setdefault("request_id", current_request_id())
    if not settings.TASKS_ENQUEUE_ON_COMMIT:
        _enqueue(task, args, kwargs)  # tests: tasks run at once, in the test
        return
    transaction.on_commit(lambda: _enqueue(task, args, kwargs))


def _enqueue(task, args, kwargs) -> None:
    try:
        task.enqueue(*args, **kwargs)
    except Exception:
        logger.exception("Could not enqueue task %s", task.name)


def backoff(attempt: int) -> timedelta:
    """The wait before attempt ``attempt + 1``: 30 s, four times longer each time."""
    return FIRST_DELAY * 4 ** (attempt - 1)


@contextlib.contextmanager
def retrying(task, *args, attempt: int, request_id: str | None = None, **kwargs):
    """Run a task body; on failure log it and enqueue ``task`` again later.

    The task must accept ``attempt`` and ``request_id`` as keyword arguments
    and pass them here; every line logged meanwhile carries that request id.
    """
    with request_id_context(request_id) as request_id:
        yield from _attempt(task, args, attempt, {**kwargs, "request_id": request_id})


def _attempt(task, args, attempt: int, kwargs: dict):
    logger.info("Task %s attempt %d started", task.name, attempt)
    try:
        yield
    except Exception:
        if attempt >= MAX_ATTEMPTS:
            logger.exception("Task %s failed %d times; giving up", task.name, attempt)
            return
        delay = backoff(attempt)
        logger.warning(
            "Task %s attempt %d failed; retrying in %d s",
            task.name,
            attempt,
            delay.total_seconds(),
            exc_info=True,
        )
        again = task
        if default_task_backend.supports_defer:
            again = task.using(run_after=timezone.now() + delay)
        _enqueue(again, args, {**kwargs, "attempt": attempt + 1})
    else:
        logger.info("Task %s attempt %d done", task.name, attempt)
