"""The desk home at the admin index: what waits for editors, and what just happened.

A fixed number of queries whatever the size of the archive: one for the
counts (through the status index; only workflow states are counted, never the
published archive), one for the oldest waiting submission and one for the
recent workflow activity (through the events' date index).
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from articles.models import Article
from editorial.models import ReviewEvent

S = Article.Status
RECENT_EVENTS = 10


@dataclass(frozen=True)
class QueueCount:
    """One number of the review queue, linking to the articles it counts."""

    key: str
    label: str
    count: int
    url: str


def end_of_today(now: datetime) -> datetime:
    """Midnight at the end of ``now``'s day in the site's time zone."""
    local = timezone.localtime(now)
    tomorrow = local.date() + timedelta(days=1)
    return datetime.combine(tomorrow, time.min, tzinfo=local.tzinfo)


def changelist_url(**filters) -> str:
    return reverse("admin:articles_article_changelist") + "?" + urlencode(filters)


def queue_counts(user, now: datetime | None = None) -> list[QueueCount]:
    """Waiting, in review by ``user``, changes requested, scheduled today. One query."""
    now = now or timezone.now()
    scheduled_today = Q(
        status=S.PUBLISHED, published_at__gt=now, published_at__lt=end_of_today(now)
    )
    mine = Q(status=S.IN_REVIEW, reviewer=user)
    counts = Article.objects.filter(
        Q(status__in=[S.SUBMITTED, S.CHANGES_REQUESTED]) | mine | scheduled_today
    ).aggregate(
        waiting=Count("pk", filter=Q(status=S.SUBMITTED)),
        mine=Count("pk", filter=mine),
        changes=Count("pk", filter=Q(status=S.CHANGES_REQUESTED)),
        today=Count("pk", filter=scheduled_today),
    )
    return [
        QueueCount(
            "waiting",
            gettext_lazy("Waiting for review"),
            counts["waiting"],
            changelist_url(status__exact=S.SUBMITTED),
        ),
        QueueCount(
            "mine",
            gettext_lazy("In review by me"),
            counts["mine"],
            changelist_url(status__exact=S.IN_REVIEW, reviewer__id__exact=user.pk),
        ),
        QueueCount(
            "changes",
            gettext_lazy("Changes requested"),
            counts["changes"],
            changelist_url(status__exact=S.CHANGES_REQUESTED),
        ),
        QueueCount(
            "today",
            gettext_lazy("Scheduled today"),
            counts["today"],
            changelist_url(scheduled="today"),
        ),
    ]


def oldest_waiting() -> Article | None:
    """The submitted article waiting longest, with ``submitted_at``. One query."""
    last_submit = (
        ReviewEvent.objects.filter(article=OuterRef("pk"), action="submit")
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    return (
        Article.objects.filter(status=S.SUBMITTED)
        .annotate(submitted_at=Subquery(last_submit))
        .select_related("author__profile")
        .only(
            "pk",
            "title",
            "status",
            "author__username",
            "author__first_name",
            "author__last_name",
            "author__profile__display_name",
        )
        .order_by("submitted_at", "pk")
        .first()
    )


def recent_activity(limit: int = RECENT_EVENTS) -> list[ReviewEvent]:
    """The newest workflow events of all articles, with actor and article. One query."""
    return list(
        ReviewEvent.objects.select_related("actor__profile", "article")
        .only(
            "pk",
            "action",
            "note",
            "from_status",
            "to_status",
            "scheduled_for",
            "created_at",
            "article__id",
            "article__title",
            "actor__id",
            "actor__username",
            "actor__first_name",
            "actor__last_name",
            "actor__profile__display_name",
        )
        .order_by("-created_at", "-pk")[:limit]
    )


def desk_home(user) -> dict:
    """The desk home's context for ``user`` (an editor). Three queries."""
    return {
        "desk_counts": queue_counts(user),
        "desk_oldest": oldest_waiting(),
        "desk_activity": recent_activity(),
    }
