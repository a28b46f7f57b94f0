"""``manage.py task_worker``: db_worker that first recovers abandoned tasks.

A worker killed mid-task (a deploy, the OOM killer, a crash) leaves its task
marked RUNNING forever. Our tasks are idempotent, so before it starts, this
worker puts such tasks back in the queue: at once when the worker that
claimed them was a process of this machine that is gone, and after
``TASK_LEASE_SECONDS`` (no task of ours takes that long) otherwise. Run it
under a supervisor that restarts it (docker-compose ``restart``, systemd),
and a killed worker's task runs again and completes once. Options are
``db_worker``'s; the worker id defaults to ``<host>:<pid>``.
"""

import logging
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("newsroom.tasks")


def this_host_worker_id(pid: int | None = None) -> str:
    return f"{socket.gethostname()[:50]}:{pid or os.getpid()}"


def _gone(worker_id: str) -> bool:
    """Whether ``worker_id`` names a process of this machine that no longer runs."""
    host, _, pid = worker_id.rpartition(":")
    if host != socket.gethostname()[:50] or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def requeue_abandoned(lease_seconds: int) -> int:
    """Put tasks back in the queue whose worker died; return how many."""
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    cutoff = timezone.now() - timedelta(seconds=lease_seconds)
    abandoned = [
        result.pk
        for result in running.only("pk", "worker_ids", "started_at")
        if (result.started_at is None or result.started_at < cutoff)
        or (result.worker_ids and _gone(result.worker_ids[-1]))
    ]
    count = DBTaskResult.objects.filter(
        pk__in=abandoned, status=TaskResultStatus.RUNNING
    ).update(status=TaskResultStatus.READY, started_at=None)
    if count:
        logger.warning("Put %d abandoned task(s) back in the queue", count)
    return count


class Command(db_worker.Command):
    help = "Run a task worker (db_worker) after recovering abandoned tasks."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=this_host_worker_id())

    def handle(self, *args, **options):
        self.configure_logging(options["verbosity"])
        requeue_abandoned(getattr(settings, "TASK_LEASE_SECONDS", 600))
        return super().handle(*args, **options)
