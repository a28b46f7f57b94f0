"""The desk home at the admin index: queue counts, the oldest submission, activity."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article, Profile, display_name
from editorial import workflow
from editorial.desk.home import desk_home, end_of_today
from editorial.models import ReviewEvent
from tests.builders import (
    desk_change_url,
    log_in,
    make_article,
    make_editor,
    make_ready_article,
    make_submitted_article,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_resized_copies")]
S = Article.Status


def counts(context):
    return {item.key: item.count for item in context["desk_counts"]}


def test_desk_home_counts_the_queue_for_the_editor(editor_client, editor):
    """Waiting, in review by me, changes requested and scheduled today, each counted."""
    make_submitted_article()
    make_submitted_article()
    mine = make_submitted_article()
    workflow.apply(mine, "start_review", editor, notify=False)
    theirs = make_submitted_article()
    workflow.apply(theirs, "start_review", make_editor(), notify=False)
    make_ready_article(S.CHANGES_REQUESTED)
    soon = timezone.now() + timedelta(minutes=1)
    make_article(published_at=soon)
    make_article(published_at=timezone.now() + timedelta(days=2))
    make_article()

    response = editor_client.get(reverse("admin:index"))

    assert counts(response.context) == {
        "waiting": 2,
        "mine": 1,
        "changes": 1,
        "today": 1 if soon < end_of_today(timezone.now()) else 0,
    }


def test_each_count_links_to_the_articles_it_counts(editor_client, editor):
    """Following a count's link lists exactly the articles counted."""
    make_submitted_article(title="Waiting story")
    mine = make_submitted_article(title="My review")
    workflow.apply(mine, "start_review", editor, notify=False)
    make_ready_article(S.CHANGES_REQUESTED, title="Sent back")
    response = editor_client.get(reverse("admin:index"))
    links = {item.key: item.url for item in response.context["desk_counts"]}
    html = response.content.decode()
    for key, title in [
        ("waiting", "Waiting story"),
        ("mine", "My review"),
        ("changes", "Sent back"),
    ]:
        assert links[key].replace("&", "&amp;") in html
        listed = editor_client.get(links[key]).content.decode()
        assert title in listed
        others = {"Waiting story", "My review", "Sent back"} - {title}
        assert not any(other in listed for other in others)
    assert editor_client.get(links["today"]).status_code == 200


def test_desk_home_names_the_submission_waiting_longest_and_its_age(editor_client):
    """The oldest waiting submission is linked, with its writer and how long it waits."""
    old = make_submitted_article(title="Old one")
    ReviewEvent.objects.filter(article=old).update(
        created_at=timezone.now() - timedelta(days=3)
    )
    Profile.objects.create(user=old.author, display_name="Rina Kurnia")
    make_submitted_article(title="New one")
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert desk_change_url(old) in html
    assert "Rina Kurnia" in html
    assert "3\xa0days" in html


def test_recent_activity_shows_workflow_events_in_the_editors_language(client):
    """Workflow steps appear with the actor's display name, a label and a link."""
    editor = make_editor("dewi")
    Profile.objects.create(user=editor, display_name="Dewi Lestari")
    article = make_submitted_article(title="Sungai bersih")
    workflow.apply(article, "request_changes", editor, note="Perbaiki judul.")
    log_in(client, editor, language="id")
    html = client.get(reverse("admin:index")).content.decode()
    with translation.override("id"):
        label = str(workflow.event_label(ReviewEvent(action="request_changes")))
    assert label != "Changes requested"
    assert label in html and "request_changes" not in html
    assert "Dewi Lestari" in html
    assert desk_change_url(article) in html


def test_desk_home_runs_a_fixed_number_of_queries(editor, django_assert_num_queries):
    """Three queries for the home's data, however many articles and events there are."""
    for _ in range(3):
        workflow.apply(make_submitted_article(), "start_review", editor, notify=False)
    make_submitted_article()
    with django_assert_num_queries(3):
        home = desk_home(editor)
        shown = [
            (display_name(e.actor), e.article.title) for e in home["desk_activity"]
        ]
        oldest = display_name(home["desk_oldest"].author)
    assert len(shown) == 7 and oldest
    assert [item.count for item in home["desk_counts"]] == [1, 3, 0, 0]


def test_the_index_page_costs_the_same_with_more_activity(client, editor):
    """The admin index's query count does not grow with articles or events."""
    log_in(client, editor)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("admin:index")).status_code == 200
        return len(captured)

    make_submitted_article()
    first = queries()
    for _ in range(5):
        article = make_submitted_article()
        workflow.apply(article, "start_review", make_editor(), notify=False)
    assert queries() == first


def test_staff_outside_the_editors_group_get_the_plain_index(client):
    """Staff who do not review see Django's index without the desk's numbers."""
    log_in(client, make_user(staff=True))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "desk_counts" not in response.context
