"""Screenshots of the editors' desk for the README, taken in a real browser.

Runs the demo (``migrate`` and ``seed_demo``) on a temporary SQLite database
and media folder, serves it with ``runserver`` on a free loopback port, logs in
as the demo editor with Debian's chromium driven by Playwright, and saves
1366 x 900 PNGs into ``docs/screenshots/``:

- ``desk-home.png``: the admin index with the review queue and activity;
- ``desk-list.png``: the article list;
- ``desk-change-page.png``: the change page of the submission waiting longest.

Usage: ``.venv/bin/python scripts/screenshots.py`` (chromium must be installed;
nothing is downloaded). Nothing outside the temporary folder and the three
PNGs is written; the server is stopped on exit.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
EDITOR = ("editor", "editor-demo-2026")  # editorial/demo/people.py
VIEWPORT = {"width": 1366, "height": 900}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
    )


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def save(page, name: str) -> None:
    """A viewport-sized PNG, reduced to 256 colours to stay small."""
    path = OUT / name
    page.wait_for_load_state("networkidle")  # lazy thumbnails included
    page.screenshot(path=str(path))
    Image.open(path).convert("RGB").quantize(256).save(path, optimize=True)
    print(f"screenshots: {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")


def shoot(base: str) -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("screenshots: Debian's chromium is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(base_url=base, viewport=VIEWPORT, locale="en-US")
        context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
        page = context.new_page()
        page.goto("/admin/login/")
        page.fill("#id_username", EDITOR[0])
        page.fill("#id_password", EDITOR[1])
        page.click("input[type=submit]")
        page.wait_for_url("**/admin/")
        save(page, "desk-home.png")
        page.goto("/admin/articles/article/")
        save(page, "desk-list.png")
        page.goto("/admin/")
        page.click(".desk-oldest a >> nth=0")
        page.wait_for_selector(".desk-panel")
        save(page, "desk-change-page.png")
        browser.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="newsroom-shots-") as work:
        env = {
            **os.environ,
            "DEBUG": "True",
            "DATABASE_URL": f"sqlite:///{work}/db.sqlite3",
            "MEDIA_ROOT": f"{work}/media",
            "TASKS_BACKEND": "immediate",
            "LANGUAGE_CODE": "en",
        }
        manage(env, "migrate", "--noinput", stdout=subprocess.DEVNULL)
        manage(env, "seed_demo", stdout=subprocess.DEVNULL)
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
            wait_for(base + "/admin/login/")
            shoot(base)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
