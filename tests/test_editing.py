"""Content edits: one entry point (editing.save_content) for admin, portal and restore."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.models import Article
from editorial import editing, permissions, workflow
from editorial.editing import (
    ANY_VERSION,
    ContentChanges,
    EditRefused,
    SectionDraft,
    save_content,
)
from editorial.notifications import EDITORS, NOBODY, WRITER
from tests.builders import (
    draft_payload,
    edit_payload,
    log_in,
    make_article,
    make_editor,
    make_image,
    make_user,
    make_writer,
)

pytestmark = pytest.mark.django_db
S = Article.Status


@pytest.fixture
def spy(monkeypatch):
    """Record every call of editing.save_content while letting it run."""
    calls = []
    real = editing.save_content

    def recording(*args, **kwargs):
        calls.append((args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(editing, "save_content", recording)
    return calls


def checked_article(**fields):
    """A draft whose AI key points an editor has already confirmed."""
    article = make_article(
        author=make_writer(),
        status=S.DRAFT,
        sections=2,
        key_points=["Satu poin.", "Dua poin."],
        summary_source="llm",
        **fields,
    )
    article.summary_checked_by = make_editor()
    article.save(update_fields=["summary_checked_by"])
    return article


def test_admin_save_goes_through_save_content(client, spy):
    """The admin change form saves through editing.save_content, once."""
    editor = make_editor()
    article = make_article(author=make_writer(), status=S.DRAFT, sections=1)
    response = log_in(client, editor).post(
        reverse("admin:articles_article_change", args=[article.pk]),
        edit_payload(article, title="Lewat satu pintu"),
    )
    assert response.status_code == 302
    assert len(spy) == 1
    article.refresh_from_db()
    assert article.title == "Lewat satu pintu"


def test_portal_save_goes_through_save_content(client, spy):
    """The writer portal's draft editor saves through editing.save_content, once."""
    writer = make_writer()
    article = make_article(author=writer, status=S.DRAFT, sections=1)
    response = log_in(client, writer).post(
        reverse("portal:edit", args=[article.pk]),
        draft_payload(article, title="Dari portal"),
    )
    assert response.status_code == 302
    assert len(spy) == 1
    article.refresh_from_db()
    assert article.title == "Dari portal"


def test_admin_shows_a_refusal_under_the_lock_with_the_typed_input(client, monkeypatch):
    """A save refused after validation shows the form again with its text, not a 500."""
    editor = make_editor()
    article = make_article(author=make_writer(), status=S.DRAFT, sections=1)

    def refuse(*args, **kwargs):
        raise EditRefused("Someone saved a newer version just now.", "stale")

    monkeypatch.setattr(editing, "save_content", refuse)
    response = log_in(client, editor).post(
        reverse("admin:articles_article_change", args=[article.pk]),
        edit_payload(article, title="Teks yang diketik"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone saved a newer version just now." in page
    assert "Teks yang diketik" in page
    article.refresh_from_db()
    assert article.title != "Teks yang diketik"


def test_stale_version_is_refused_and_nothing_changes():
    """A form loaded at an older version cannot overwrite a newer save."""
    editor = make_editor()
    article = make_article(author=make_writer(), status=S.DRAFT, title="Asli")
    with pytest.raises(EditRefused) as refused:
        save_content(
            article,
            ContentChanges(fields={"title": "Basi"}),
            editor,
            loaded_version=article.version - 1,
        )
    assert refused.value.code == "stale"
    article.refresh_from_db()
    assert article.title == "Asli"


def test_missing_version_counts_as_stale():
    """A form that lost its version field is refused rather than trusted."""
    article = make_article(author=make_writer(), status=S.DRAFT)
    with pytest.raises(EditRefused):
        save_content(article, ContentChanges(), make_editor(), loaded_version=None)


def test_workflow_fields_are_not_content():
    """save_content refuses to write status or other workflow fields."""
    article = make_article(author=make_writer(), status=S.DRAFT)
    with pytest.raises(ValueError):
        save_content(
            article,
            ContentChanges(fields={"status": S.PUBLISHED}),
            make_editor(),
            loaded_version=ANY_VERSION,
        )


@pytest.mark.parametrize(
    "changes",
    [
        ContentChanges(fields={"lead": "<p>Teks ringkasan yang baru.</p>"}),
        ContentChanges(fields={"key_points": ["Poin baru.", "Poin lain."]}),
        ContentChanges(fields={"title": "Judul lain sama sekali"}),
        ContentChanges(sections=[SectionDraft(heading="Hanya satu", body="<p>x</p>")]),
    ],
    ids=["lead", "points", "title", "sections"],
)
def test_changing_the_summarised_text_clears_the_ai_check(changes):
    """The editor's check covered the old text; a new text needs a new check."""
    article = checked_article()
    saved = save_content(article, changes, make_editor(), loaded_version=ANY_VERSION)
    article.refresh_from_db()
    assert saved.summary_check_cleared
    assert article.summary_checked_by is None


def test_unchanged_text_keeps_the_ai_check():
    """Re-saving the same text (or only a section image) keeps the confirmed check."""
    article = checked_article()
    drafts = [
        SectionDraft(heading=s.heading, body=s.body, image=make_image(), pk=s.pk)
        for s in article.sections.all()
    ]
    saved = save_content(
        article,
        ContentChanges(fields={"lead": article.lead}, sections=drafts),
        make_editor(),
        loaded_version=article.version,
    )
    article.refresh_from_db()
    assert not saved.summary_check_cleared
    assert article.summary_checked_by is not None


def test_sections_are_renumbered_in_the_order_given():
    """Kept, new and removed sections end up numbered 1..n in the given order."""
    article = make_article(author=make_writer(), status=S.DRAFT, sections=3)
    first, second, third = article.sections.all()
    save_content(
        article,
        ContentChanges(
            sections=[
                SectionDraft(heading="Baru", body="<p>b</p>"),
                SectionDraft(heading=third.heading, body=third.body, pk=third.pk),
                SectionDraft(heading=first.heading, body=first.body, pk=first.pk),
            ]
        ),
        make_editor(),
        loaded_version=ANY_VERSION,
    )
    headings = list(article.sections.values_list("position", "heading"))
    assert headings == [(1, "Baru"), (2, third.heading), (3, first.heading)]
    assert not article.sections.filter(pk=second.pk).exists()


def test_a_save_records_a_revision_and_bumps_the_version():
    """Every content save leaves a revision and a new version number."""
    article = make_article(author=make_writer(), status=S.DRAFT)
    before = article.version
    saved = save_content(
        article,
        ContentChanges(fields={"title": "Versi baru"}),
        make_editor(),
        loaded_version=before,
    )
    assert article.version == before + 1
    assert saved.revision.version == article.version
    assert saved.revision.data["title"] == "Versi baru"


def test_a_writer_cannot_start_an_article_for_someone_else():
    """Only editors may create an article with another author."""
    writer = make_writer()
    with pytest.raises(EditRefused):
        save_content(
            Article(),
            ContentChanges(fields={"title": "Bukan milikku", "author": make_writer()}),
            writer,
            loaded_version=None,
        )
    assert not Article.objects.filter(title="Bukan milikku").exists()


# --- Editors: one definition ---------------------------------------------------


def test_editors_queryset_agrees_with_is_editor():
    """permissions.editors() lists exactly the users is_editor says may review."""
    by_group = make_editor()
    superuser = make_user(staff=True, is_superuser=True)
    by_own_permission = make_user(staff=True)
    by_own_permission.user_permissions.add(
        Permission.objects.get(codename="review_article")
    )
    staff_without_permission = make_user(staff=True)
    inactive = make_editor(is_active=False)
    writer = make_writer()
    everyone = [
        by_group,
        superuser,
        by_own_permission,
        staff_without_permission,
        inactive,
        writer,
    ]
    expected = {u.pk for u in everyone if permissions.is_editor(u)}
    assert expected == {by_group.pk, superuser.pk, by_own_permission.pk}
    assert set(permissions.editors().values_list("pk", flat=True)) == expected


# --- The transition table carries everything about an action --------------------


@pytest.mark.parametrize(
    "action, emails, owner_sees",
    [
        ("submit", EDITORS, True),
        ("withdraw", NOBODY, True),
        ("start_review", NOBODY, False),
        ("take_over", NOBODY, False),
        ("request_changes", WRITER, False),
        ("approve", WRITER, False),
        ("publish", WRITER, False),
        ("unpublish", WRITER, False),
        ("reject", WRITER, False),
    ],
)
def test_each_row_names_its_emails_and_whether_the_writer_sees_it(
    action, emails, owner_sees
):
    """Who is emailed and whether the portal offers it are read off the row."""
    row = workflow.TRANSITIONS[action]
    assert row.emails == emails
    assert row.owner_sees == owner_sees
