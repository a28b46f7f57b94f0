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

from demo_site import OUT, ROOT, demo_site, launch_chromium
from PIL import Image
from playwright.sync_api import sync_playwright

EDITOR = ("editor", "editor-demo-2026")  # editorial/demo/people.py
VIEWPORT = {"width": 1366, "height": 900}


def save(page, name: str) -> None:
    """A viewport-sized PNG, reduced to 256 colours to stay small."""
    path = OUT / name
    page.wait_for_load_state("networkidle")  # lazy thumbnails included
    page.screenshot(path=str(path))
    Image.open(path).convert("RGB").quantize(256).save(path, optimize=True)
    print(f"screenshots: {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")


def shoot(base: str) -> None:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
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
    with demo_site(LANGUAGE_CODE="en") as base:
        shoot(base)


if __name__ == "__main__":
    main()
