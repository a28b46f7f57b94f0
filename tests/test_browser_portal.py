"""The writer portal in a real browser: sections with JavaScript on and off,
the request-changes loop, and every page on a 360 px phone.

Uses the browser fixtures of ``tests/test_browser.py`` (Debian's chromium;
skipped without it).
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from articles.models import Article
from editorial import workflow
from editorial.revisions import record_revision

from .builders import (
    PASSWORD,
    make_category,
    make_editor,
    make_ready_article,
    make_writer,
)
from .test_browser import (  # noqa: F401 (fixtures)
    _ckeditor_ready,
    _set_rich_text,
    browser,
    expect,
    hero_jpeg,
    new_page,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def open_page(new_page):  # noqa: F811
    """``open_page(javascript=True, width=1280)``: ``test_browser.new_page``."""
    return new_page


def log_in(page, username, path="/write/login/"):
    page.goto(path)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("^(Log in|Masuk)$")).click()
    expect(page).not_to_have_url(re.compile("login"))


def headings(article):
    return [s.heading for s in Article.objects.get(pk=article.pk).sections.all()]


def test_sections_are_added_moved_and_removed_at_once_with_javascript(
    open_page,
    hero_jpeg,  # noqa: F811
):
    """With JavaScript, "Add a section", "Move up" and "Remove" act at once; a new section takes an image in the first save."""
    make_writer("ayu")
    category = make_category("Metro")
    page = open_page()
    log_in(page, "ayu")
    page.goto("/write/new/")
    page.locator("#id_title").fill("Pasar terapung di Banjarmasin")
    page.locator("#id_category").select_option(label=category.name)
    expect(page.locator("#id_sections-0-ORDER")).to_be_hidden()
    expect(page.locator("[data-section]")).to_have_count(2)
    page.get_by_role("button", name="Add a section").click()
    expect(page.locator("[data-section]")).to_have_count(3)
    expect(page.locator("#id_sections-TOTAL_FORMS")).to_have_value("3")
    for index, heading in enumerate(["Pagi", "Siang", "Sore"]):
        page.locator(f"#id_sections-{index}-heading").fill(heading)
        _set_rich_text(page, f"id_sections-{index}-body", f"<p>{heading} hari.</p>")
    # The added section has its image slot from the start.
    third = page.locator("[data-section]").nth(2)
    third.locator("summary").click()
    page.locator("#id_sections-2-image-file").set_input_files(hero_jpeg)
    page.locator("#id_sections-2-image-alt_text").fill("Perahu di sungai")

    third.get_by_role("button", name="Move up", exact=True).click()  # Pagi, Sore, Siang
    expect(page.locator("[data-section-title]").nth(1)).to_have_text("Section 2")
    page.locator("[data-section]").nth(0).get_by_role(
        "button", name="Remove section"
    ).click()
    expect(page.get_by_text("Section removed")).to_be_visible()
    # The moved section's editor still holds its text.
    _ckeditor_ready(page, "id_sections-2-body")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()

    article = Article.objects.get(title="Pasar terapung di Banjarmasin")
    assert headings(article) == ["Sore", "Siang"]
    sore = article.sections.get(heading="Sore")
    assert sore.body == "<p>Sore hari.</p>"
    assert sore.image.alt_text == "Perahu di sungai"

    # After saving: move the second up, remove nothing, and undo a removal.
    page.locator("[data-section]").nth(1).get_by_role(
        "button", name="Move up", exact=True
    ).click()
    page.locator("[data-section]").nth(1).get_by_role(
        "button", name="Remove section"
    ).click()
    page.get_by_role("button", name="Undo").click()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    assert headings(article) == ["Siang", "Sore"]


def test_sections_work_without_javascript(open_page):
    """Without JavaScript: two empty slots, "Order" numbers and "Delete" boxes."""
    make_writer("ayu")
    category = make_category("Metro")
    page = open_page(javascript=False)
    log_in(page, "ayu")
    page.goto("/write/new/")
    expect(page.get_by_role("button", name="Add a section")).to_be_hidden()
    page.locator("#id_title").fill("Tanpa JavaScript")
    page.locator("#id_category").select_option(label=category.name)
    page.locator("#id_sections-0-heading").fill("Pertama")
    page.locator("#id_sections-0-body").fill("<p>Satu.</p>")
    page.locator("#id_sections-0-ORDER").fill("2")
    page.locator("#id_sections-1-heading").fill("Kedua")
    page.locator("#id_sections-1-body").fill("<p>Dua.</p>")
    page.locator("#id_sections-1-ORDER").fill("1")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    article = Article.objects.get(title="Tanpa JavaScript")
    assert headings(article) == ["Kedua", "Pertama"]

    # Two new empty slots after the two sections; tick Delete on the first.
    expect(page.locator("#id_sections-3-heading")).to_be_visible()
    page.locator("#id_sections-0-DELETE").check()
    page.locator("#id_sections-2-heading").fill("Ketiga")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    assert headings(article) == ["Pertama", "Ketiga"]


def test_tags_are_typed_as_tags_with_suggestions(open_page):
    """Typed tags become chips as typed; an existing tag is suggested and picked."""
    from .builders import make_article

    make_writer("ayu")
    make_article(tags=["Pasar Terapung"])
    category = make_category("Metro")
    page = open_page()
    log_in(page, "ayu")
    page.goto("/write/new/")
    page.locator("#id_title").fill("Tag sebagai tag")
    page.locator("#id_category").select_option(label=category.name)
    entry = page.locator("#id_tags-entry")
    entry.fill("Banjarmasin")
    entry.press("Enter")
    entry.type("UMKM,")
    expect(page.locator(".tag-input__chip")).to_have_count(2)
    entry.type("pasar")
    expect(page.locator("#id_tags-suggestions option")).to_have_count(1)
    expect(page.locator("#id_tags-suggestions option")).to_have_attribute(
        "value", "Pasar Terapung"
    )
    entry.fill("Pasar Terapung")
    page.get_by_role("button", name="Remove the tag UMKM").click()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    article = Article.objects.get(title="Tag sebagai tag")
    assert sorted(t.name for t in article.tags.all()) == [
        "Banjarmasin",
        "Pasar Terapung",
    ]
    expect(page.locator(".tag-input__chip")).to_have_count(2)


def test_autosave_keeps_typing_and_a_second_tab_is_told_it_is_stale(open_page):
    """Typing is saved a few seconds later with no click; a tab opened before that is refused, visibly, when it autosaves."""
    writer = make_writer("ayu")
    article = make_ready_article(author=writer, title="Judul awal")
    first, second = open_page(), open_page()
    for page in (first, second):
        log_in(page, "ayu")
        page.goto(f"/write/{article.pk}/")
        _ckeditor_ready(page, "id_lead")
    first.locator("#id_title").fill("Judul yang tersimpan sendiri")
    expect(first.get_by_text("Saved automatically")).to_be_visible()
    article.refresh_from_db()
    assert article.title == "Judul yang tersimpan sendiri"
    assert first.locator("#id_loaded_version").input_value() == str(article.version)

    second.locator("#id_title").fill("Dari tab kedua")
    expect(second.get_by_text("saved a newer version")).to_be_visible()
    article.refresh_from_db()
    assert article.title == "Judul yang tersimpan sendiri"

    # The first tab's own "Save draft" after its autosave is not stale.
    first.locator("#id_dateline").fill("Banjarmasin")
    first.get_by_role("button", name="Save draft").click()
    expect(first.get_by_text("Draft saved.")).to_be_visible()


def test_request_changes_loop_note_on_the_edit_page_then_resubmit(open_page):
    """An editor asks for changes on the desk; the email leads the writer to the edit page with the note; the writer edits and resubmits; the editor sees what changed and the note is answered."""
    writer = make_writer("ayu", first_name="Ayu", last_name="Lestari")
    make_editor("dewi", first_name="Dewi", last_name="Editor")
    article = make_ready_article(author=writer, title="Harga karet naik")
    record_revision(article, writer)  # the draft as the writer saved it
    workflow.apply(article, "submit", writer, notify=False)

    desk = open_page()
    log_in(
        desk, "dewi", f"/admin/login/?next=/admin/articles/article/{article.pk}/change/"
    )
    desk.get_by_role("button", name="Start review", exact=True).click()
    expect(desk.locator(".desk-status")).to_contain_text("In review")
    desk.get_by_role("link", name="Request changes…").click()
    desk.locator("textarea").fill("Sebutkan sumber angka harga karet.")
    desk.get_by_role("button", name="Request changes").click()
    expect(desk.locator(".desk-status")).to_contain_text("Changes requested")

    [email] = [m for m in mail.outbox if m.to == [writer.email]]
    link = re.search(r"https?://\S+", email.body).group(0)
    path = re.sub(r"^https?://[^/]+", "", link)
    assert path == f"/write/{article.pk}/"

    portal = open_page()
    log_in(portal, "ayu", f"/write/login/?next={path}")
    expect(portal).to_have_url(re.compile(rf"/write/{article.pk}/$"))
    note = portal.locator("section.editor-note--open")
    expect(note).to_contain_text("Dewi Editor asks for changes")
    expect(note).to_contain_text("Sebutkan sumber angka harga karet.")
    portal.locator("#id_title").fill("Harga karet naik 12 persen menurut BPS")
    portal.get_by_role("button", name="Save and submit for review").click()
    expect(portal.get_by_text("Submitted.")).to_be_visible()
    expect(portal.locator(".editor-note--answered")).to_contain_text("Answered")

    article.refresh_from_db()
    assert article.status == Article.Status.SUBMITTED
    # The desk's link compares what the editor reviewed with the resubmitted
    # text: not "no differences".
    desk.goto(f"/admin/articles/article/{article.pk}/change/")
    desk.get_by_role("link", name="What changed since changes were requested").click()
    expect(desk).to_have_url(re.compile(r"/revisions/\d+/$"))
    expect(desk.locator(".desk-diff")).to_contain_text("12 persen menurut BPS")


PHONE = 360
# What sticks out, to say why a page is too wide.
WIDEST = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
  .slice(-4).map(e => e.tagName + '.' + e.className + '#' + e.id
  + ' ' + Math.round(e.getBoundingClientRect().right))"""


def test_every_portal_and_reader_page_fits_a_360_px_phone(open_page):
    """No page scrolls sideways on a 360 px wide screen, and the header stays short."""
    writer = make_writer("ayu", first_name="Ayu", last_name="Lestari")
    make_editor("dewi")
    category = make_category("Ekonomi dan Bisnis")
    published = make_ready_article(
        author=writer,
        category=category,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=2),
        title="Pedagang pasar terapung Lok Baintan kembali berjualan setiap pagi",
        tags=["pasar terapung", "Banjarmasin"],
    )
    sent_back = make_ready_article(author=writer, title="Harga karet naik lagi")
    workflow.apply(sent_back, "submit", writer, notify=False)
    editor = make_editor()
    workflow.apply(
        sent_back,
        "request_changes",
        editor,
        note="Tambahkan sumber data dari dinas perdagangan provinsi.",
        notify=False,
    )
    make_ready_article(author=writer, title="Draf tentang perahu kayu")

    reader = open_page(width=PHONE)
    tag = published.tags.first()
    reader_pages = [
        "/",
        published.get_absolute_url(),
        category.get_absolute_url(),
        f"/tag/{tag.slug}/",
        f"/author/{writer.username}/",
        "/search/?q=pasar",
        "/en/",
        "/no-such-page/",
        "/write/login/",
        "/write/signup/",
    ]
    writer_page = open_page(width=PHONE)
    log_in(writer_page, "ayu")
    portal_pages = [
        "/write/",
        "/write/new/",
        f"/write/{sent_back.pk}/",
        "/write/profile/",
        f"/preview/{sent_back.pk}/",
    ]
    too_wide = {}
    for page, paths in ((reader, reader_pages), (writer_page, portal_pages)):
        for path in paths:
            page.goto(path)
            page.wait_for_load_state("load")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE:
                too_wide[path] = (width, page.evaluate(WIDEST))
    assert too_wide == {}
    writer_page.goto("/write/")
    header = writer_page.evaluate(
        "document.querySelector('.site-header').getBoundingClientRect().height"
    )
    assert header <= 120
