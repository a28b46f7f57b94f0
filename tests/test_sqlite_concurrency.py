"""SQLite, the default database, lets two people save or act at once without a 500."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="about the SQLite settings only"
)


def test_concurrent_saves_and_actions_wait_instead_of_failing(tmp_path):
    """Four threads saving one article and approving others at once: no 'database is locked'."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DEBUG": "True",
    }
    run = subprocess.run(
        [sys.executable, "-m", "tests.sqlite_race"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["failures"] == []
    assert result["approved"] == 4 * 5
