"""A throw-away demo site and Debian's chromium, for the README's screenshots.

``scripts/screenshots.py`` (the desk) and ``scripts/portal_screenshots.py``
(the portal on a phone) share it: the demo (``migrate``, ``seed_demo``) on a
temporary SQLite database and media folder, served by ``runserver`` on a free
loopback port and stopped on exit; the browser is Debian's chromium, never a
downloaded one.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env, *args) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")


@contextlib.contextmanager
def demo_site(**settings: str) -> Iterator[str]:
    """Serve the demo with these extra settings (environment variables);
    yields its base URL."""
    with tempfile.TemporaryDirectory(prefix="newsroom-shots-") as work:
        env = {
            **os.environ,
            "DEBUG": "True",
            "DATABASE_URL": f"sqlite:///{work}/db.sqlite3",
            "MEDIA_ROOT": f"{work}/media",
            "TASKS_BACKEND": "immediate",
            **settings,
        }
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                "--noreload",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/healthz")
            OUT.mkdir(parents=True, exist_ok=True)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=10)


def launch_chromium(playwright):
    """Debian's chromium under Playwright."""
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("Debian's chromium is needed: apt-get install chromium")
    return playwright.chromium.launch(
        executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
    )
