"""The writer portal: dashboard, draft editor, submit/withdraw, profile, access."""

import pytest
from django.urls import reverse

from articles.models import Article, Image, Profile
from editorial import workflow
from tests.builders import (
    draft_payload,
    jpeg_upload,
    make_article,
    make_editor,
    make_image,
    make_user,
)

pytestmark = pytest.mark.django_db
S = Article.Status


def test_anonymous_is_sent_to_the_portal_login(client):
    """Portal pages ask anonymous visitors to log in."""
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def test_dashboard_lists_only_own_articles_with_status_words_and_notes(
    writer_client, writer
):
    """The dashboard shows the writer's articles, plain-words status and the editor note."""
    mine = make_article(
        title="My story",
        author=writer,
        status=S.DRAFT,
        hero_image=make_image(),
        sections=1,
    )
    workflow.apply(mine, "submit", writer, notify=False)
    editor = make_editor(first_name="Rina", last_name="Hapsari")
    workflow.apply(mine, "start_review", editor, notify=False)
    workflow.apply(
        mine, "request_changes", editor, note="Tambahkan sumber data.", notify=False
    )
    waiting = make_article(
        title="Waiting story",
        author=writer,
        status=S.DRAFT,
        hero_image=make_image(),
        sections=1,
    )
    workflow.apply(waiting, "submit", writer, notify=False)
    make_article(title="Someone else's story", status=S.DRAFT)
    html = writer_client.get(reverse("portal:dashboard")).content.decode()
    assert "My story" in html and "Waiting story" in html
    assert (
        "Someone else&#x27;s story" not in html and "Someone else's story" not in html
    )
    assert "Changes requested" in html
    assert "Tambahkan sumber data." in html
    assert "Waiting for review" in html
    assert reverse("portal:transition", args=[waiting.pk, "withdraw"]) in html


def test_dashboard_says_who_reviews(writer_client, writer):
    """An article in review names the reviewing editor."""
    article = make_article(
        author=writer,
        status=S.IN_REVIEW,
        reviewer=make_editor(first_name="Agus", last_name="Salim"),
    )
    html = writer_client.get(reverse("portal:dashboard")).content.decode()
    assert "In review by Agus Salim" in html
    assert article.title in html


def test_empty_dashboard_explains_how_to_start(writer_client):
    """With no articles the dashboard explains the first steps."""
    html = writer_client.get(reverse("portal:dashboard")).content.decode()
    assert "You have not written anything yet." in html
    assert reverse("portal:new") in html


def test_new_draft_is_saved_with_sections_and_a_revision(writer_client, writer):
    """Saving a new draft creates it for the writer, sanitised, with sections and a revision."""
    data = draft_payload(
        sections=[
            ("Awal", "<p>Satu <script>x()</script></p>"),
            ("Lanjut", "<p>Dua</p>"),
        ],
        lead="<p onclick='x()'>Pagi itu.</p>",
    )
    response = writer_client.post(reverse("portal:new"), data)
    assert response.status_code == 302
    article = Article.objects.get(author=writer)
    assert article.status == S.DRAFT
    assert article.lead == "<p>Pagi itu.</p>"
    assert [(s.position, s.heading, s.body) for s in article.sections.all()] == [
        (1, "Awal", "<p>Satu </p>"),
        (2, "Lanjut", "<p>Dua</p>"),
    ]
    assert sorted(t.name for t in article.tags.all()) == ["sungai", "warga"]
    assert article.revisions.count() == 1


def test_sections_can_be_reordered_and_removed_without_javascript(
    writer_client, writer
):
    """The Order and Delete fields renumber and remove sections."""
    article = make_article(author=writer, status=S.DRAFT, sections=3)
    data = draft_payload(article)
    data["sections-0-ORDER"] = 3
    data["sections-2-ORDER"] = 1
    data["sections-1-DELETE"] = "on"
    writer_client.post(reverse("portal:edit", args=[article.pk]), data)
    assert [(s.position, s.heading) for s in article.sections.all()] == [
        (1, "Heading 3"),
        (2, "Heading 1"),
    ]


def test_hero_image_upload_is_stored_with_credits(writer_client, writer):
    """A hero upload becomes a credited Image owned by the writer."""
    data = draft_payload(
        hero_file=jpeg_upload(),
        hero_alt_text="Warga di tepi sungai",
        hero_caption="Kerja bakti",
        hero_credit="Budi",
        hero_source="unsplash.com",
    )
    writer_client.post(reverse("portal:new"), data)
    article = Article.objects.get(author=writer)
    assert article.hero_image.uploaded_by == writer
    assert article.hero_image.attribution == "unsplash.com/Budi"
    assert article.hero_image.width == 320


def test_bad_input_keeps_everything_typed(writer_client, writer):
    """Six key points and an SVG hero are refused; all typed text comes back."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    svg = SimpleUploadedFile(
        "x.svg",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        content_type="image/svg+xml",
    )
    data = draft_payload(
        title="Judul yang saya ketik",
        key_points="1\n2\n3\n4\n5\n6",
        hero_file=svg,
        hero_alt_text="Sesuatu",
        sections=[("Bagian yang saya ketik", "<p>Isi yang saya ketik</p>")],
    )
    response = writer_client.post(reverse("portal:new"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing you typed has been lost" in html
    assert "at most 5 key points" in html
    assert "not an image we can use" in html
    assert 'value="Judul yang saya ketik"' in html
    assert "Bagian yang saya ketik" in html and "Isi yang saya ketik" in html
    assert not Article.objects.filter(author=writer).exists()
    assert not Image.objects.exists()


def test_submit_when_not_ready_shows_problems_next_to_fields(writer_client, writer):
    """A refused submit keeps the saved draft and lists each problem at its field."""
    data = draft_payload(intent="submit", key_points="Only one point.")
    response = writer_client.post(reverse("portal:new"), data, follow=True)
    html = response.content.decode()
    article = Article.objects.get(author=writer)
    assert article.status == S.DRAFT
    assert "Your draft is saved." in html
    assert "Give 2 to 5 key points (now 1)." in html
    assert "Add a hero image." in html
    assert "Add at least one section with a heading and a body." in html


def test_submit_when_ready_moves_to_review_and_emails_editors(
    writer_client, writer, mailoutbox, django_capture_on_commit_callbacks
):
    """A complete draft submitted from the editor goes to review and editors hear of it."""
    make_editor(email="desk@example.org")
    data = draft_payload(
        intent="submit",
        sections=[("Awal", "<p>Isi</p>")],
        hero_file=jpeg_upload(),
        hero_alt_text="Sungai",
        hero_credit="Budi",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = writer_client.post(reverse("portal:new"), data)
    assert response.status_code == 302
    assert Article.objects.get(author=writer).status == S.SUBMITTED
    assert [m.to for m in mailoutbox] == [["desk@example.org"]]


def test_withdraw_returns_to_draft(writer_client, writer):
    """The writer can withdraw while waiting, and edit again."""
    article = make_article(
        author=writer, status=S.DRAFT, hero_image=make_image(), sections=1
    )
    workflow.apply(article, "submit", writer, notify=False)
    writer_client.post(reverse("portal:transition", args=[article.pk, "withdraw"]))
    article.refresh_from_db()
    assert article.status == S.DRAFT


@pytest.mark.parametrize(
    "status", [S.SUBMITTED, S.IN_REVIEW, S.APPROVED, S.PUBLISHED, S.REJECTED]
)
def test_writer_cannot_edit_after_submit(writer_client, writer, status):
    """Outside draft and changes requested the editor is read-only with the reason."""
    article = make_article(author=writer, status=status, title="Frozen title")
    url = reverse("portal:edit", args=[article.pk])
    html = writer_client.get(url).content.decode()
    assert "cannot be edited now" in html or "rejected" in html or "reviewing" in html
    response = writer_client.post(url, draft_payload(article, title="Sneaky change"))
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.title == "Frozen title"


def other_writers_urls(article):
    return [
        ("get", reverse("portal:edit", args=[article.pk])),
        ("post", reverse("portal:edit", args=[article.pk])),
        ("post", reverse("portal:transition", args=[article.pk, "submit"])),
        ("post", reverse("portal:transition", args=[article.pk, "withdraw"])),
        ("get", reverse("editorial:preview", args=[article.pk])),
    ]


def test_every_portal_url_answers_404_for_someone_elses_article(
    writer_client, other_writer
):
    """Another writer's article is invisible: 404 for GET and POST, nothing changes."""
    article = make_article(
        author=other_writer,
        status=S.DRAFT,
        title="Not yours",
        hero_image=make_image(),
        sections=1,
    )
    for method, url in other_writers_urls(article):
        response = getattr(writer_client, method)(
            url, draft_payload(article, title="Hijacked") if method == "post" else None
        )
        assert response.status_code == 404, (method, url)
    article.refresh_from_db()
    assert article.title == "Not yours" and article.status == S.DRAFT
    missing = Article.objects.order_by("-pk").first().pk + 100
    assert writer_client.get(reverse("portal:edit", args=[missing])).status_code == 404


def test_writer_cannot_take_editor_actions_from_the_portal(writer_client, writer):
    """Only submit and withdraw exist in the portal."""
    article = make_article(author=writer, status=S.SUBMITTED)
    assert (
        writer_client.post(
            reverse("portal:transition", args=[article.pk, "approve"])
        ).status_code
        == 404
    )
    article.refresh_from_db()
    assert article.status == S.SUBMITTED


def test_writers_cannot_reach_the_admin(writer_client):
    """The Django admin is for staff only."""
    response = writer_client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_profile_sets_byline_and_badge_follows_first_publication(
    writer_client, writer, client
):
    """The display name becomes the byline; the badge turns "writer" once published."""
    html = writer_client.get(reverse("portal:profile")).content.decode()
    assert "member" in html
    response = writer_client.post(
        reverse("portal:profile"),
        {
            "display_name": "Sari W.",
            "bio": "Penulis warga dari Bogor.",
            "avatar_upload": jpeg_upload("me.jpg"),
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=writer)
    assert profile.display_name == "Sari W." and profile.avatar
    article = make_article(author=writer)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Sari W." in html
    assert "writer" in writer_client.get(reverse("portal:profile")).content.decode()


def test_profile_refuses_a_non_image_avatar(writer_client, writer):
    """A text file as avatar is a form error, and the typed name stays."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = writer_client.post(
        reverse("portal:profile"),
        {
            "display_name": "Nama baru",
            "avatar_upload": SimpleUploadedFile(
                "a.jpg", b"hello", content_type="image/jpeg"
            ),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "not an image we can use" in html
    assert 'value="Nama baru"' in html


@pytest.mark.parametrize("tag", ["🔥", "!!!", "x" * 101])
def test_tag_that_cannot_have_a_page_is_a_form_error(writer_client, tag):
    """A tag without letters or digits, or too long, is an error on the tags field and saves nothing."""
    response = writer_client.post(
        reverse("portal:new"), draft_payload(tags=f"banjir, {tag}")
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("tags")
    assert not Article.objects.exists()


def test_section_order_zero_comes_first(writer_client, writer):
    """A section given order 0 sorts before order 1, not after everything."""
    article = make_article(author=writer, status=S.DRAFT, sections=2)
    data = draft_payload(article)
    data["sections-1-ORDER"] = 0
    writer_client.post(reverse("portal:edit", args=[article.pk]), data)
    assert [s.heading for s in article.sections.all()] == ["Heading 2", "Heading 1"]


def test_writer_is_told_when_an_editors_image_credit_cannot_change(
    writer_client, writer, editor
):
    """Changing the credit of an editor's image is a form error, not a silent loss."""
    hero = make_image(uploaded_by=editor, credit="Tim Foto")
    article = make_article(author=writer, status=S.DRAFT, hero_image=hero)
    data = draft_payload(
        article, hero_alt_text=hero.alt_text, hero_caption=hero.caption
    )
    data.update(
        {
            "hero-credit": "Someone else",
            "hero-source": hero.source,
            "hero-source_url": "",
        }
    )
    response = writer_client.post(reverse("portal:edit", args=[article.pk]), data)
    assert "An editor added this image" in response.content.decode()
    hero.refresh_from_db()
    assert hero.credit == "Tim Foto"


def test_portal_is_for_writers_and_editors_only(client):
    """A logged-in account outside both groups gets 403 and cannot save a draft."""
    client.force_login(make_user())
    assert client.get(reverse("portal:new")).status_code == 403
    assert client.post(reverse("portal:new"), draft_payload()).status_code == 403
    assert not Article.objects.exists()
