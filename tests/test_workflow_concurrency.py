"""Two editors acting on one article at the same moment: the row lock lets one win."""

import threading
import time

import pytest
from django.db import connection

from articles.models import Article
from editorial import workflow
from editorial.models import ReviewEvent
from editorial.workflow import TransitionError, apply
from tests.builders import make_editor, make_ready_article

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs row locks (select_for_update); SQLite serialises writers differently",
    ),
    # Each thread has its own connection, so the data must really be committed.
    # serialized_rollback brings back the Editors group (a data migration)
    # that the flush after a transactional test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

S = Article.Status
HOLD_LOCK_SECONDS = 0.2


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


def test_two_editors_approving_at_once_approve_once(slow_first_change):
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
    assert ReviewEvent.objects.filter(article=article, action="approve").count() == 1


def test_two_editors_publishing_at_once_publish_once(slow_first_change):
    """Of two simultaneous publications one succeeds, the other is refused; one event."""
    article = make_ready_article(S.APPROVED)
    editors = [make_editor(), make_editor()]
    start = time.monotonic()

    winner = assert_one_winner(race(article, "publish", editors))

    assert time.monotonic() - start < 2
    assert slow_first_change == ["publish"]
    article.refresh_from_db()
    assert article.status == S.PUBLISHED
    assert ReviewEvent.objects.filter(article=article, action="publish").count() == 1
    assert winner.to_status == S.PUBLISHED
