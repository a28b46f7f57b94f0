"""End to end in a real headless browser: portal draft, editors' desk, public page.

Playwright drives Debian's ``chromium`` (``apt-get install chromium``; CI's
``.ci/run`` installs it). The test never downloads a browser: without chromium
it is skipped. ``NEWSROOM_SCREENSHOTS=1`` copies its screenshots to
``docs/screenshots/`` for the README; otherwise they stay in the test's tmp dir.
"""

import os
import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connections
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from articles.models import Article, Image

from .builders import make_category, make_editor, make_submitted_article, make_writer

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (requirements-dev.txt)"
)
expect = sync_api.expect

SCREENSHOT_DIR = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 15_000


@pytest.fixture
def browser(monkeypatch):
    """Debian's headless chromium, or a skip saying why there is none."""
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip(
            "Debian's chromium is not installed (apt-get install chromium); "
            "this test never downloads a browser"
        )
    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # the test makes in between are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
            # While that loop runs, Django keeps this thread's connections apart
            # from its usual ones (asgiref's Local); close what the test opened,
            # or PostgreSQL refuses to drop the test database at the end.
            connections.close_all()


@pytest.fixture
def new_page(browser, live_server):
    """``new_page(javascript=True, width=1280, height=900)``: a page in a fresh
    context (own cookies), English, offline but for the live server; any
    JavaScript error in it fails the test."""
    contexts = []
    errors = []

    def open_page(
        *, javascript=True, width=VIEWPORT["width"], height=VIEWPORT["height"]
    ):
        context = browser.new_context(
            base_url=live_server.url,
            locale="en-US",
            viewport={"width": width, "height": height},
            java_script_enabled=javascript,
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.route(
            lambda url: not url.startswith(live_server.url),
            lambda route: route.abort(),
        )
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    expect.set_options(timeout=TIMEOUT_MS)
    yield open_page
    for context in contexts:
        context.close()
    assert errors == [], f"JavaScript errors in the pages: {errors}"


@pytest.fixture
def hero_jpeg(tmp_path):
    """A landscape JPEG that looks like a photo placeholder, not a blank square."""
    width, height = 1200, 675
    image = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = int(90 + 120 * y / height)
        draw.line([(0, y), (width, y)], fill=(40, shade // 2 + 40, shade))
    draw.rectangle([480, 180, 720, 340], fill=(200, 30, 30))
    draw.rectangle([480, 340, 720, 500], fill=(245, 245, 245))
    draw.line([(478, 180), (478, 640)], fill=(30, 30, 30), width=8)
    path = tmp_path / "hero.jpg"
    image.save(path, "JPEG", quality=85)
    return path


def _save_screenshot(page, tmp_path, name):
    path = tmp_path / name
    page.screenshot(path=path, full_page=True)
    if os.environ.get("NEWSROOM_SCREENSHOTS") == "1":
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, SCREENSHOT_DIR / name)


def _ckeditor_ready(page, field_id):
    """Wait until CKEditor has replaced the textarea ``field_id`` and is usable."""
    expect(page.locator(f"#cke_{field_id} iframe")).to_be_visible()
    page.wait_for_function(
        "id => window.CKEDITOR && CKEDITOR.instances[id]"
        " && CKEDITOR.instances[id].status === 'ready'",
        arg=field_id,
    )


def _set_rich_text(page, field_id, html):
    _ckeditor_ready(page, field_id)
    page.evaluate(
        "([id, html]) => CKEDITOR.instances[id].setData(html)", [field_id, html]
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writer_draft_is_approved_published_and_read_with_numbered_sections(
    live_server, new_page, hero_jpeg, tmp_path
):
    """A writer's two-section draft with a hero image, written in CKEditor in a real browser, goes through the editors' desk and reaches an anonymous reader numbered 1 and 2 with its credit line."""
    make_writer("ayu", first_name="Ayu", last_name="Lestari")
    make_editor("dewi", first_name="Dewi", last_name="Editor")
    category = make_category("Metro")

    # The writer signs in to the portal and writes a draft.
    writer = new_page()
    writer.goto("/write/login/")
    writer.locator("#id_username").fill("ayu")
    writer.locator("#id_password").fill("test-pass-123")
    writer.get_by_role("button", name="Log in").click()
    expect(writer).to_have_url(re.compile(r"/write/$"))

    writer.goto("/write/new/")
    writer.locator("#id_title").fill("Floods close three roads in North Jakarta")
    writer.locator("#id_category").select_option(label=category.name)
    writer.locator("#id_dateline").fill("Jakarta")
    _ckeditor_ready(writer, "id_lead")
    lead = writer.frame_locator("#cke_id_lead iframe").locator("body")
    lead.click()
    writer.keyboard.type("Heavy rain flooded three roads in North Jakarta on Monday.")
    # The tag input (static/js/tag-input.js): typed names become tags on Enter.
    writer.locator("#id_tags-entry").fill("banjir, Jakarta")
    writer.locator("#id_tags-entry").press("Enter")
    writer.locator("#id_key_points").fill(
        "Three roads are closed.\nBuses take detours.\nMore rain is expected."
    )
    writer.locator("#id_hero-file").set_input_files(hero_jpeg)
    writer.locator("#id_hero-alt_text").fill("A flag on a pole under a blue sky")
    writer.locator("#id_hero-caption").fill("A flag over Jakarta")
    writer.locator("#id_hero-credit").fill("Jane Doe")
    writer.locator("#id_hero-source").fill("unsplash.com")
    writer.locator("#id_sections-0-heading").fill("Where the water is")
    _set_rich_text(
        writer,
        "id_sections-0-body",
        "<p>Water stands knee-deep on Jalan Yos Sudarso.</p>",
    )
    writer.get_by_role("button", name="Save draft").click()

    # Saved: the page comes back with the typed lead and one more empty section.
    expect(writer).to_have_url(re.compile(r"/write/\d+/$"))
    expect(writer.get_by_text("Draft saved.")).to_be_visible()
    expect(writer.frame_locator("#cke_id_lead iframe").locator("body")).to_contain_text(
        "Heavy rain flooded three roads"
    )
    writer.locator("#id_sections-1-heading").fill("What the city says")
    _set_rich_text(
        writer,
        "id_sections-1-body",
        "<p>The city sent pumps, according to <em>Kompas</em>.</p>",
    )
    writer.locator("#id_sections-1-heading").blur()  # no focus ring in the picture
    _save_screenshot(writer, tmp_path, "portal-editor.png")
    writer.get_by_role("button", name="Save and submit for review").click()
    expect(writer).to_have_url(re.compile(r"/write/$"))
    expect(writer.get_by_text("Submitted.")).to_be_visible()

    article = Article.objects.get(title="Floods close three roads in North Jakarta")
    assert article.status == Article.Status.SUBMITTED
    assert "Heavy rain flooded three roads" in article.lead

    # An editor reviews, approves and publishes on the admin desk.
    editor = new_page()
    editor.goto(f"/admin/login/?next=/admin/articles/article/{article.pk}/change/")
    editor.locator("#id_username").fill("dewi")
    editor.locator("#id_password").fill("test-pass-123")
    editor.get_by_role("button", name="Log in").click()
    status = editor.locator(".desk-status")
    expect(status).to_contain_text("Submitted")
    editor.get_by_role("button", name="Start review", exact=True).click()
    expect(status).to_contain_text("In review")
    editor.get_by_role("button", name="Approve", exact=True).click()
    expect(status).to_contain_text("Approved")
    editor.get_by_role("button", name="Publish now", exact=True).click()
    expect(status).to_contain_text("Published")

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED

    # An anonymous reader sees numbered sections and the hero's credit line.
    reader = new_page()
    reader.goto(article.get_absolute_url())
    expect(reader.locator("h1.article__title")).to_have_text(article.title)
    expect(reader.locator("#section-1-heading")).to_have_text("1. Where the water is")
    expect(reader.locator("#section-2-heading")).to_have_text("2. What the city says")
    expect(reader.locator(".article__hero figcaption")).to_have_text(
        "A flag over Jakarta (unsplash.com/Jane Doe)"
    )
    hero = reader.locator(".article__hero img")
    expect(hero).to_be_visible()
    reader.wait_for_function(  # the uploaded file itself is served, not a broken image
        "img => img.complete && img.naturalWidth > 0", arg=hero.element_handle()
    )
    _save_screenshot(reader, tmp_path, "article-page.png")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_text_typed_before_a_csrf_refusal_is_offered_back(live_server, new_page):
    """A save refused for an old CSRF token shows the site's page; the text comes back."""
    make_writer("ayu", first_name="Ayu", last_name="Lestari")
    make_category("Metro")
    writer = new_page()
    writer.goto("/write/login/")
    writer.locator("#id_username").fill("ayu")
    writer.locator("#id_password").fill("test-pass-123")
    writer.get_by_role("button", name="Log in").click()
    expect(writer).to_have_url(re.compile(r"/write/$"))

    writer.goto("/write/new/")
    _ckeditor_ready(writer, "id_lead")
    writer.locator("#id_title").fill("A title typed before the session changed")
    _set_rich_text(writer, "id_lead", "<p>A lead that must not be lost.</p>")
    writer.locator("#id_title").press("End")  # an input event after the lead
    # The copy is written half a second after typing: wait until it is there.
    writer.wait_for_function(
        """() => Object.keys(localStorage).some(
            (key) => (localStorage.getItem(key) || "").includes("must not be lost"))"""
    )
    # Logging out and in elsewhere rotates the token: here, the cookie changes.
    writer.context.add_cookies(
        [{"name": "csrftoken", "value": "x" * 32, "url": live_server.url}]
    )
    writer.get_by_role("button", name="Save draft").click()

    expect(writer.get_by_text("Your form could not be sent")).to_be_visible()
    expect(writer.get_by_text("Restore my text")).to_be_visible()
    assert not Article.objects.exists()

    writer.goto("/write/new/")
    writer.get_by_role("button", name="Restore my text").click()
    expect(writer.locator("#id_title")).to_have_value(
        "A title typed before the session changed"
    )
    _ckeditor_ready(writer, "id_lead")
    expect(writer.frame_locator("#cke_id_lead iframe").locator("body")).to_contain_text(
        "A lead that must not be lost."
    )


CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_csp_violation_on_the_article_page_the_portal_editor_and_the_admin(
    live_server, new_page
):
    """The Content-Security-Policy blocks nothing the site itself uses."""
    writer_user = make_writer("ayu", first_name="Ayu", last_name="Lestari")
    make_editor("dewi", first_name="Dewi", last_name="Editor")
    article = Article.objects.create(
        title="Pasar terapung ramai lagi",
        category=make_category("Metro"),
        author=writer_user,
        lead="<p>Pedagang kembali ke sungai.</p>",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
    )

    def violations(page, path, ready=None):
        page.add_init_script(CSP_LISTENER)
        page.goto(path)
        if ready:
            ready(page)
        page.wait_for_timeout(300)
        return page.evaluate("window.__cspViolations")

    reader = new_page()
    assert violations(reader, article.get_absolute_url()) == []

    writer = new_page()
    writer.goto("/write/login/")
    writer.locator("#id_username").fill("ayu")
    writer.locator("#id_password").fill("test-pass-123")
    writer.get_by_role("button", name="Log in").click()
    expect(writer).to_have_url(re.compile(r"/write/$"))
    assert (
        violations(writer, "/write/new/", lambda p: _ckeditor_ready(p, "id_lead")) == []
    )

    editor = new_page()
    editor.goto("/admin/login/")
    editor.locator("#id_username").fill("dewi")
    editor.locator("#id_password").fill("test-pass-123")
    editor.get_by_role("button", name=re.compile("Log in|Masuk")).click()
    change = f"/admin/articles/article/{article.pk}/change/"
    assert violations(editor, change, lambda p: _ckeditor_ready(p, "id_lead")) == []


def _desk_log_in(page, username):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("test-pass-123")
    page.get_by_role("button", name=re.compile("Log in|Masuk")).click()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_uploads_a_hero_in_the_popup_and_sees_the_desk_home(
    live_server, new_page, hero_jpeg
):
    """The desk home loads without CSP violations; "+" beside the hero opens an
    upload popup whose new image becomes the article's hero choice."""
    make_editor("dewi", first_name="Dewi", last_name="Editor")
    article = make_submitted_article(title="Sungai kembali jernih")
    page = new_page()
    page.add_init_script(CSP_LISTENER)
    _desk_log_in(page, "dewi")
    expect(page.locator(".desk-count--waiting .desk-count__number")).to_have_text("1")
    expect(page.locator(".desk-oldest")).to_contain_text("Sungai kembali jernih")
    assert page.evaluate("window.__cspViolations") == []

    page.goto(f"/admin/articles/article/{article.pk}/change/")
    with page.expect_popup() as opened:
        page.locator("#add_id_hero_image").click()
    popup = opened.value
    popup.locator("#id_file").set_input_files(str(hero_jpeg))
    popup.locator("#id_alt_text").fill("Air sungai yang jernih")
    popup.locator("#id_caption").fill("Sungai Ciliwung")
    popup.locator("#id_credit").fill("Ani")
    popup.locator("input[name=_save]").click()
    popup.wait_for_event("close")
    new_image = Image.objects.get(caption="Sungai Ciliwung")
    expect(page.locator("#id_hero_image")).to_have_value(str(new_image.pk))
    assert page.evaluate("window.__cspViolations") == []
