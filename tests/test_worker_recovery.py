"""A task worker killed mid-task: the task runs again and completes once."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="runs once, on its own SQLite file"
)

ENQUEUE = """
import django, sys
django.setup()
from tests.fault_tasks import slow_mark
slow_mark.enqueue(sys.argv[1], sys.argv[2])
"""
STATUS = """
import django
django.setup()
from django_tasks_db.models import DBTaskResult
print(DBTaskResult.objects.values_list("status", flat=True).first())
"""


def run(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, text=True, check=True, **kwargs
    )


def status(env) -> str:
    return run(env, "-c", STATUS, capture_output=True).stdout.strip()


def wait_for(env, wanted: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        current = status(env)
        if current == wanted:
            return current
        time.sleep(0.3)
    return status(env)


def start_worker(env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "task_worker", "--interval", "0.2",
         "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def test_killed_worker_task_runs_again_and_completes_once(tmp_path):
    """kill -9 during a task, start a worker again: one completion, status SUCCESSFUL."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tasks.sqlite3'}",
        "TASKS_BACKEND": "db",
        "DEBUG": "True",
    }
    marks = tmp_path / "marks.txt"
    release = tmp_path / "release"  # the task blocks until this file exists
    run(env, "manage.py", "migrate", "--noinput", capture_output=True)
    run(env, "-c", ENQUEUE, str(marks), str(release))

    first = start_worker(env)
    try:
        assert wait_for(env, "RUNNING", 30) == "RUNNING"
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    assert not marks.exists()
    assert status(env) == "RUNNING"  # abandoned, as a dead worker leaves it

    release.touch()
    second = start_worker(env)
    try:
        assert wait_for(env, "SUCCESSFUL", 40) == "SUCCESSFUL"
    finally:
        second.send_signal(signal.SIGINT)
        second.wait(15)
    assert marks.read_text() == "done\n"
