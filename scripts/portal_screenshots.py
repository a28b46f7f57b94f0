"""Screenshots of the writer portal on a phone, for the README.

    .venv/bin/python scripts/portal_screenshots.py

Builds the demo in a throw-away SQLite database and media folder, serves it
with ``runserver`` on a free loopback port, logs in as the demo writer "sari"
with Debian's chromium (Playwright; nothing is downloaded) and saves, 390 px
wide (a common phone), the dashboard and the edit page of the article an
editor sent back, in ``docs/screenshots/``. Everything it starts is stopped.
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

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
WRITER = ("sari", "writer-demo-2026")  # editorial/demo/people.py
PHONE = {"width": 390, "height": 844}


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
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")


def shoot(base: str) -> list[Path]:
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("Debian's chromium is needed: apt-get install chromium")
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(
            base_url=base, viewport=PHONE, device_scale_factor=1, locale="id-ID"
        )
        page = context.new_page()
        page.goto("/write/login/")
        page.locator("#id_username").fill(WRITER[0])
        page.locator("#id_password").fill(WRITER[1])
        page.locator("#id_password").press("Enter")
        page.wait_for_url(f"{base}/write/")
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / "portal-dashboard-phone.png"
        page.screenshot(path=path, full_page=True)
        saved.append(path)
        sent_back = page.locator(".editor-note--open").first
        if sent_back.count():
            sent_back.locator("xpath=ancestor::tr//a").first.click()
            page.wait_for_load_state("load")
            path = OUT / "portal-sent-back-phone.png"
            page.screenshot(path=path)
            saved.append(path)
        browser.close()
    return saved


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="newsroom-shots-") as work:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{work}/db.sqlite3",
            "MEDIA_ROOT": f"{work}/media",
            "DEBUG": "True",
            "TASKS_BACKEND": "immediate",
            "PAGE_CACHE": "False",
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
            wait_for(base + "/healthz")
            for path in shoot(base):
                print(f"saved {path.relative_to(ROOT)}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
