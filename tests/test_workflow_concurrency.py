"""Two people acting on one article at once: one wins, the other is refused, no edit is lost."""

import threading
import time

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Article
from editorial import workflow
from editorial.editing import ContentChanges, save_content
from editorial.models import ReviewEvent
from editorial.workflow import TransitionError, apply
from tests.builders import (
    desk_change_url,
    draft_payload,
    edit_payload,
    make_article,
    make_editor,
    make_image,
    make_ready_article,
    make_writer,
)

pytestmark = pytest.mark.django_db

S = Article.Status
HOLD_LOCK_SECONDS = 0.2


# --- Stale forms -------------------------------------------------------------


def test_portal_edit_without_a_loaded_version_is_refused(writer_client, writer):
    """A portal post that lacks the version it was loaded at saves nothing."""
    article = make_article(author=writer, status=S.DRAFT, title="Asli")
    data = draft_payload(article, title="Tanpa versi")
    del data["loaded_version"]
    response = writer_client.post(reverse("portal:edit", args=[article.pk]), data)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.title == "Asli"


def test_content_save_keeps_a_transition_made_after_the_form_was_loaded():
    """A form instance loaded before a transition saves content without undoing it."""
    editor = make_editor()
    article = make_article(
        author=make_writer(), status=S.DRAFT, hero_image=make_image(), sections=1
    )
    workflow.apply(article, "submit", article.author, notify=False)
    loaded = Article.objects.get(pk=article.pk)  # what an edit form holds
    workflow.apply(
        Article.objects.get(pk=article.pk), "start_review", editor, notify=False
    )
    save_content(
        loaded,
        ContentChanges(fields={"title": "Edited while in review"}),
        editor,
        loaded_version=loaded.version,
    )
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW and article.reviewer == editor
    assert article.title == "Edited while in review"


def test_stale_desk_form_is_refused_and_input_kept(editor_client):
    """Saving a form loaded before someone else's save is refused; the typed text stays."""
    article = make_ready_article(title="Asli")
    stale = edit_payload(article, title="My careful rewrite")
    editor_client.post(
        desk_change_url(article), edit_payload(article, title="Someone else's edit")
    )
    response = editor_client.post(desk_change_url(article), stale)
    html = response.content.decode()
    assert response.status_code == 200
    assert "saved a newer version" in html
    assert 'value="My careful rewrite"' in html
    article.refresh_from_db()
    assert article.title == "Someone else's edit"


def test_stale_portal_form_is_refused_with_input_kept(writer_client, writer):
    """A form loaded before a newer save is refused; the typed text stays on screen."""
    article = make_article(author=writer, status=S.DRAFT, sections=1)
    stale = draft_payload(article, title="Versi saya")
    writer_client.post(
        reverse("portal:edit", args=[article.pk]),
        draft_payload(article, title="Versi lain"),
    )
    response = writer_client.post(reverse("portal:edit", args=[article.pk]), stale)
    html = response.content.decode()
    assert "saved a newer version" in html
    assert 'value="Versi saya"' in html
    article.refresh_from_db()
    assert article.title == "Versi lain"


# --- Simultaneous transitions (PostgreSQL row locks) -------------------------


@pytest.fixture
def slow_first_change(monkeypatch):
    """The first caller to get past the lock holds it a moment, so the other must wait."""
    original = workflow._change
    calls = []
    guard = threading.Lock()

    def change(*args, **kwargs):
        with guard:
            calls.append(args[0].action)
            first = len(calls) == 1
        if first:
            time.sleep(HOLD_LOCK_SECONDS)
        return original(*args, **kwargs)

    monkeypatch.setattr(workflow, "_change", change)
    return calls


def race(article, action, actors):
    """Run ``apply`` for each actor in its own thread, all released at once."""
    barrier = threading.Barrier(len(actors))
    outcomes = [None] * len(actors)

    def run(index, actor):
        try:
            own_copy = Article.objects.get(pk=article.pk)
            barrier.wait(timeout=5)
            outcomes[index] = apply(own_copy, action, actor, notify=False)
        except Exception as error:  # the outcome is what the test checks
            outcomes[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, actor))
        for index, actor in enumerate(actors)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def assert_one_winner(outcomes):
    winners = [o for o in outcomes if isinstance(o, ReviewEvent)]
    losers = [o for o in outcomes if isinstance(o, TransitionError)]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1, outcomes
    return winners[0]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs row locks (select_for_update); SQLite serialises writers differently",
)
# Each thread has its own connection, so the data must really be committed.
# serialized_rollback brings back the Editors group (a data migration)
# that the flush after a transactional test removes.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestTwoEditorsAtOnce:
    def test_two_editors_approving_at_once_approve_once(self, slow_first_change):
        """Of two simultaneous approvals one succeeds, the other is refused; one event."""
        article = make_ready_article(S.SUBMITTED)
        editors = [make_editor(), make_editor()]
        start = time.monotonic()

        winner = assert_one_winner(race(article, "approve", editors))

        assert time.monotonic() - start < 2
        assert slow_first_change == ["approve"]
        article.refresh_from_db()
        assert article.status == S.APPROVED
        assert article.approved_by == winner.actor
        assert (
            ReviewEvent.objects.filter(article=article, action="approve").count() == 1
        )

    def test_two_editors_publishing_at_once_publish_once(self, slow_first_change):
        """Of two simultaneous publications one succeeds, the other is refused; one event."""
        article = make_ready_article(S.APPROVED)
        editors = [make_editor(), make_editor()]
        start = time.monotonic()

        winner = assert_one_winner(race(article, "publish", editors))

        assert time.monotonic() - start < 2
        assert slow_first_change == ["publish"]
        article.refresh_from_db()
        assert article.status == S.PUBLISHED
        assert (
            ReviewEvent.objects.filter(article=article, action="publish").count() == 1
        )
        assert winner.to_status == S.PUBLISHED
