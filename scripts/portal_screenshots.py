"""Screenshots of the writer portal on a phone, for the README.

    .venv/bin/python scripts/portal_screenshots.py

Builds the demo in a throw-away SQLite database and media folder, serves it
with ``runserver`` on a free loopback port, logs in as the demo writer "sari"
with Debian's chromium (Playwright; nothing is downloaded) and saves, 390 px
wide (a common phone), the dashboard and the edit page of the article an
editor sent back, in ``docs/screenshots/``. Everything it starts is stopped.
"""

from pathlib import Path

from demo_site import OUT, ROOT, demo_site, launch_chromium
from playwright.sync_api import sync_playwright

WRITER = ("sari", "writer-demo-2026")  # editorial/demo/people.py
PHONE = {"width": 390, "height": 844}


def shoot(base: str) -> list[Path]:
    saved = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(
            base_url=base, viewport=PHONE, device_scale_factor=1, locale="id-ID"
        )
        page = context.new_page()
        page.goto("/write/login/")
        page.locator("#id_username").fill(WRITER[0])
        page.locator("#id_password").fill(WRITER[1])
        page.locator("#id_password").press("Enter")
        page.wait_for_url(f"{base}/write/")
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
    with demo_site(PAGE_CACHE="False") as base:
        for path in shoot(base):
            print(f"saved {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
