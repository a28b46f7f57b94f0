import logging
from datetime import UTC, datetime

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editorial import workflow
from editorial.models import ReviewEvent
from editorial.notifications import NOBODY, recipients_for
from editorial.workflow import TransitionError
from newsroom.background import MAX_ATTEMPTS
from tests.builders import SITE_URL, make_article, make_editor, make_image, make_writer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

S = Article.Status


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server unreachable")


class FlakyBackend(LocmemBackend):
    """Refuses the first ``failures_left`` sends, then delivers to the outbox."""

    failures_left = 0

    def send_messages(self, messages):
        if FlakyBackend.failures_left:
            FlakyBackend.failures_left -= 1
            raise ConnectionRefusedError("mail server restarting")
        return super().send_messages(messages)


class BouncingBackend(LocmemBackend):
    """Delivers to the outbox, except to addresses that start with "bounce"."""

    def send_messages(self, messages):
        if any(a.startswith("bounce") for m in messages for a in m.recipients()):
            raise OSError("recipient refused")
        return super().send_messages(messages)


def article_for(writer, **fields):
    """A complete article by ``writer``: it passes the ready-for-review checks."""
    fields.setdefault("status", S.DRAFT)
    return make_article(sections=1, hero_image=make_image(), author=writer, **fields)


def act(capture, article, action, actor, **kwargs):
    """``workflow.apply`` with its on-commit callbacks (the emails) run."""
    with capture(execute=True):
        return workflow.apply(article, action, actor, **kwargs)


def preview_url(article):
    return SITE_URL + reverse("editorial:preview", args=[article.pk])


def edit_url(article):
    return SITE_URL + reverse("portal:edit", args=[article.pk])


def test_submit_emails_each_editor_separately(
    writer, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """Submitting sends every editor their own message with the admin link."""
    first, second = make_editor(), make_editor()
    article = article_for(writer, title="Floods in Bekasi")

    act(django_capture_on_commit_callbacks, article, "submit", writer)

    assert sorted(m.to[0] for m in mailoutbox) == sorted([first.email, second.email])
    admin_link = SITE_URL + reverse("admin:articles_article_change", args=[article.pk])
    for message in mailoutbox:
        assert len(message.to) == 1 and not message.cc and not message.bcc
        assert message.from_email == settings.DEFAULT_FROM_EMAIL
        assert "Floods in Bekasi" in message.subject
        assert admin_link in message.body
        assert "Sari Wulandari" in message.body


def test_submit_skips_inactive_editors_and_editors_without_email(
    writer, mailoutbox, django_capture_on_commit_callbacks
):
    """Only active editors with an address hear about a submission."""
    active = make_editor()
    make_editor(is_active=False)
    no_address = make_editor()
    no_address.email = ""
    no_address.save(update_fields=["email"])

    act(django_capture_on_commit_callbacks, article_for(writer), "submit", writer)

    assert [m.to for m in mailoutbox] == [[active.email]]


def test_editor_submitting_own_article_is_not_emailed_about_it(
    mailoutbox, django_capture_on_commit_callbacks
):
    """An editor who writes and submits an article gets no email about it."""
    author, colleague = make_editor(), make_editor()

    act(django_capture_on_commit_callbacks, article_for(author), "submit", author)

    assert [m.to for m in mailoutbox] == [[colleague.email]]


@pytest.mark.parametrize(
    "action, status, note, subject_word",
    [
        ("request_changes", S.SUBMITTED, "Add a source for the figures.", "Changes"),
        ("request_changes", S.IN_REVIEW, "Shorten the lead.", "Changes"),
        ("approve", S.SUBMITTED, "", "Approved"),
        ("approve", S.IN_REVIEW, "", "Approved"),
        ("reject", S.SUBMITTED, "This is an advertisement.", "Not accepted"),
        ("reject", S.IN_REVIEW, "Duplicate of an earlier story.", "Not accepted"),
        ("unpublish", S.PUBLISHED, "The quote was wrongly attributed.", "offline"),
    ],
)
def test_writer_is_emailed_about_decisions_with_note_and_a_link_to_act_on(
    writer,
    editor,
    mailoutbox,
    django_capture_on_commit_callbacks,
    action,
    status,
    note,
    subject_word,
):
    """The writer hears of each editor decision, with the note and a link: the edit page when changes are asked for, the preview otherwise."""
    reviewer = editor if status == S.IN_REVIEW else None
    article = article_for(writer, title="Market prices", status=status)
    if reviewer:
        article.reviewer = reviewer
        article.save(update_fields=["reviewer"])

    act(django_capture_on_commit_callbacks, article, action, editor, note=note)

    [message] = mailoutbox
    assert message.to == [writer.email]
    assert subject_word in message.subject and "Market prices" in message.subject
    assert "Hello Sari Wulandari," in message.body
    assert "Dewi Lestari" in message.body
    assert note in message.body
    if action == "request_changes":
        assert edit_url(article) in message.body
        assert preview_url(article) not in message.body
    else:
        assert preview_url(article) in message.body


def test_editor_note_reaches_writer_verbatim(
    writer, editor, mailoutbox, django_capture_on_commit_callbacks
):
    """The note is plain text: quotes, ampersands, tags and line breaks survive."""
    note = 'Check "Pak Budi\'s" quote & the <b>date</b>.\n\nThen the 50% figure.'
    article = article_for(writer, status=S.SUBMITTED)

    act(
        django_capture_on_commit_callbacks,
        article,
        "request_changes",
        editor,
        note=note,
    )

    [message] = mailoutbox
    assert note in message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.body


def test_publish_now_emails_writer_the_public_link(
    writer, editor, mailoutbox, django_capture_on_commit_callbacks
):
    """Publishing now tells the writer it is out and links the public page."""
    article = article_for(writer, title="New bridge opens", status=S.APPROVED)

    act(django_capture_on_commit_callbacks, article, "publish", editor)

    [message] = mailoutbox
    article.refresh_from_db()
    assert message.to == [writer.email]
    assert "Published: New bridge opens" in message.subject
    assert "now published" in message.body
    assert SITE_URL + article.get_absolute_url() in message.body
    assert "/preview/" not in message.body


def test_scheduled_publish_tells_writer_when_in_jakarta_time(
    writer, editor, mailoutbox, django_capture_on_commit_callbacks
):
    """A publication set in the future is announced as scheduled, in local time."""
    article = article_for(writer, title="Election results", status=S.APPROVED)
    when = datetime(2099, 3, 5, 7, 30, tzinfo=UTC)  # 14:30 in Jakarta (UTC+7)

    act(django_capture_on_commit_callbacks, article, "publish", editor, publish_at=when)

    [message] = mailoutbox
    assert "Scheduled: Election results" in message.subject
    assert "scheduled" in message.body
    assert "5 March 2099, 14:30 WIB" in message.body
    assert preview_url(article) in message.body


def test_scheduled_time_ignores_the_active_time_zone(
    writer, editor, mailoutbox, django_capture_on_commit_callbacks
):
    """The time is given in Jakarta time even while another zone is active."""
    article = article_for(writer, status=S.APPROVED)
    when = datetime(2099, 3, 5, 7, 30, tzinfo=UTC)

    with timezone.override("Europe/Amsterdam"):
        act(
            django_capture_on_commit_callbacks,
            article,
            "publish",
            editor,
            publish_at=when,
        )

    [message] = mailoutbox
    assert "5 March 2099, 14:30 WIB" in message.body


@pytest.mark.parametrize("action", ["start_review", "take_over", "withdraw"])
def test_quiet_actions_send_no_email(
    writer, editor, mailoutbox, django_capture_on_commit_callbacks, action
):
    """Starting or taking over a review and withdrawing email nobody."""
    make_editor()
    if action == "take_over":
        article = article_for(writer, status=S.IN_REVIEW, reviewer=make_editor())
    else:
        article = article_for(writer, status=S.SUBMITTED)
    actor = writer if action == "withdraw" else editor

    act(django_capture_on_commit_callbacks, article, action, actor)

    assert mailoutbox == []


def test_refused_transition_sends_no_email(
    writer, mailoutbox, django_capture_on_commit_callbacks
):
    """A transition that is refused (and rolled back) emails nobody."""
    make_editor()
    article = make_article(author=writer, status=S.DRAFT)  # no hero image, no section

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(TransitionError):
            workflow.apply(article, "submit", writer)

    assert callbacks == []
    assert mailoutbox == []


def test_rolled_back_transaction_sends_no_email(
    writer, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """When the surrounding transaction rolls back, the email is never sent."""
    settings.TASKS_ENQUEUE_ON_COMMIT = True  # as in production
    make_editor()
    article = article_for(writer)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            workflow.apply(article, "submit", writer)
            raise RuntimeError("something later failed")

    assert callbacks == []
    assert mailoutbox == []


def test_editor_deciding_on_own_article_is_not_emailed(
    mailoutbox, django_capture_on_commit_callbacks
):
    """An editor who publishes their own article gets no email about it."""
    author = make_editor()
    article = article_for(author, status=S.APPROVED)

    act(django_capture_on_commit_callbacks, article, "publish", author)

    assert mailoutbox == []


def test_inactive_writer_is_not_emailed(
    editor, mailoutbox, django_capture_on_commit_callbacks
):
    """A writer whose account is switched off gets no email."""
    writer = make_writer(is_active=False)
    article = article_for(writer, status=S.SUBMITTED)

    act(django_capture_on_commit_callbacks, article, "approve", editor)

    assert mailoutbox == []


def test_subject_is_one_line_even_if_title_has_a_line_break(
    writer, editor, mailoutbox, django_capture_on_commit_callbacks
):
    """A line break in the title cannot break the mail header."""
    article = article_for(writer, title="First line\nsecond line", status=S.SUBMITTED)

    act(django_capture_on_commit_callbacks, article, "approve", editor)

    [message] = mailoutbox
    assert "\n" not in message.subject
    assert "First line second line" in message.subject


@pytest.mark.parametrize("action", ["start_review", "take_over", "withdraw"], ids=str)
def test_actions_whose_row_names_nobody_email_nobody(writer, editor, action):
    """Only submit and the editor decisions name anyone to tell in their row."""
    article = article_for(writer, status=S.PUBLISHED)
    event = ReviewEvent(
        article=article,
        actor=editor,
        action=action,
        from_status=S.PUBLISHED,
        to_status=S.PUBLISHED,
    )

    assert workflow.TRANSITIONS[action].emails == NOBODY
    assert recipients_for(event, NOBODY) == []


def test_mail_outage_is_retried_then_given_up_and_logged(
    writer, editor, settings, caplog, django_capture_on_commit_callbacks
):
    """A failing mail backend is retried with backoff, logged, and never raised."""
    settings.EMAIL_BACKEND = "tests.test_notifications.FailingBackend"
    article = article_for(writer, status=S.SUBMITTED)

    with caplog.at_level(logging.WARNING, logger="newsroom.tasks"):
        act(django_capture_on_commit_callbacks, article, "approve", editor)

    messages = [r.getMessage() for r in caplog.records]
    assert sum("retrying" in m for m in messages) == MAX_ATTEMPTS - 1
    assert any("giving up" in m for m in messages)
    assert all(r.exc_info[0] is ConnectionRefusedError for r in caplog.records)


def test_mail_outage_does_not_break_the_transition(
    writer, settings, django_capture_on_commit_callbacks
):
    """The workflow step is saved and returns normally while mail is down."""
    settings.EMAIL_BACKEND = "tests.test_notifications.FailingBackend"
    make_editor()
    article = article_for(writer)

    act(django_capture_on_commit_callbacks, article, "submit", writer)

    article.refresh_from_db()
    assert article.status == S.SUBMITTED


def test_a_send_that_fails_once_is_delivered_once_on_retry(
    writer, editor, settings, mailoutbox, django_capture_on_commit_callbacks
):
    """A passing mail outage delays the email; it arrives exactly once."""
    settings.EMAIL_BACKEND = "tests.test_notifications.FlakyBackend"
    FlakyBackend.failures_left = 1
    act(
        django_capture_on_commit_callbacks,
        article_for(writer, status=S.SUBMITTED),
        "approve",
        editor,
    )
    assert [m.to for m in mailoutbox] == [[writer.email]]


def test_one_refused_address_does_not_stop_the_others(
    writer, mailoutbox, settings, django_capture_on_commit_callbacks
):
    """Each editor's message is its own task, so one bounce loses only one."""
    settings.EMAIL_BACKEND = "tests.test_notifications.BouncingBackend"
    bouncing = make_editor()
    bouncing.email = "bounce@example.org"
    bouncing.save(update_fields=["email"])
    reachable = make_editor()

    act(django_capture_on_commit_callbacks, article_for(writer), "submit", writer)

    assert [m.to for m in mailoutbox] == [[reachable.email]]
