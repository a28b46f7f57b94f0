"""Background work of the editorial app: workflow emails, key-point suggestions."""

from django.core.cache import cache
from django_tasks import task

from newsroom.background import MAX_ATTEMPTS, enqueue_after_commit, retrying

from .models import ReviewEvent
from .notifications import recipients_for, send_one

# How long a sent message is remembered, so a retried task does not resend it.
SENT_MEMORY = 7 * 24 * 60 * 60


def email_about(event: ReviewEvent, audience: str) -> None:
    """Schedule one email per recipient of ``event``, once the step has committed."""
    for address in recipients_for(event, audience):
        enqueue_after_commit(send_event_email, event.pk, audience, address)


@task()
def send_event_email(
    event_id: int, audience: str, address: str, attempt: int = 1, request_id=None
):
    """Email ``address`` about one workflow event, once."""
    sent_key = f"notification-sent:{event_id}:{audience}:{address.lower()}"
    if cache.get(sent_key):
        return
    with retrying(
        send_event_email,
        event_id,
        audience,
        address,
        attempt=attempt,
        request_id=request_id,
    ):
        event = ReviewEvent.objects.select_related("article", "actor").get(pk=event_id)
        send_one(event, audience, address)
        cache.set(sent_key, True, SENT_MEMORY)


@task()
def make_key_point_suggestion(suggestion_id: int, attempt: int = 1, request_id=None):
    """Propose key points for one pending suggestion (see editorial.suggestions)."""
    from . import suggestions

    with retrying(
        make_key_point_suggestion,
        suggestion_id,
        attempt=attempt,
        request_id=request_id,
    ):
        try:
            suggestions.run(suggestion_id)
        except Exception:
            if attempt >= MAX_ATTEMPTS:
                suggestions.give_up(suggestion_id)
            raise
