"""Emails about workflow events: who hears about a step, and what they read.

``workflow.apply`` asks ``editorial.tasks.email_about`` to email the
audience its transition row names: the editors (for a submission) or the
article's writer (for an editor's decision).
Every recipient gets their own message, so no address is shown to anyone
else. The text lives in ``templates/editorial/email/<action>_subject.txt``
and ``<action>_body.txt`` and is rendered in the active language.

Sending happens in the background (``editorial.tasks``), one task per
recipient, after the step has committed: a mail outage is logged and retried
there, never shown to the person who took the step.
"""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone

from articles.links import absolute_url
from articles.models import display_name

from . import permissions
from .models import ReviewEvent

# The audiences of ``workflow.Transition.emails``.
NOBODY, EDITORS, WRITER = "", "editors", "writer"
# Day, month name, year, time and zone abbreviation, e.g. "5 March 2099, 14:30 WIB".
PUBLISHED_AT_FORMAT = "j F Y, H:i T"


def recipients_for(event: ReviewEvent, audience: str) -> list[str]:
    """The addresses to email about ``event``, without duplicates, in a fixed order.

    ``EDITORS`` is everyone who may review (``permissions.editors()``) with an
    address; ``WRITER`` is the article's writer if their account is active
    and has an address; any other audience is nobody. The person who acted is
    never emailed about their own step.
    """
    if audience == EDITORS:
        users = permissions.editors().exclude(pk=event.actor_id).order_by("pk")
    elif audience == WRITER:
        author = event.article.author
        users = [author] if author.is_active and author.pk != event.actor_id else []
    else:
        return []
    addresses: list[str] = []
    seen: set[str] = set()
    for user in users:
        address = (user.email or "").strip()
        if address and address.lower() not in seen:
            seen.add(address.lower())
            addresses.append(address)
    return addresses


def link_for(event: ReviewEvent, audience: str) -> str:
    """The absolute URL the email points to.

    Editors get the article's page in the admin desk; the writer gets the
    portal's edit page when asked for changes (the note is shown there), the
    public page once the article is live, and the preview otherwise.
    """
    article = event.article
    if audience == EDITORS:
        path = reverse("admin:articles_article_change", args=[article.pk])
    elif event.action == "request_changes":
        path = reverse("portal:edit", args=[article.pk])
    elif article.is_live:
        path = article.get_absolute_url()
    else:
        path = reverse("editorial:preview", args=[article.pk])
    return absolute_url(path)


def email_context(event: ReviewEvent, audience: str) -> dict[str, Any]:
    """What the email templates may use about ``event`` and its article.

    ``editor_name`` is the person who took the step (the writer on submit).
    ``published_at`` is in the site's time zone (Asia/Jakarta), and
    ``published_at_display`` is it written out for people.
    """
    article = event.article
    published_at = None
    published_at_display = ""
    if article.published_at is not None:
        published_at = timezone.localtime(
            article.published_at, timezone.get_default_timezone()
        )
        published_at_display = dateformat.format(published_at, PUBLISHED_AT_FORMAT)
    return {
        "site_name": settings.SITE_NAME,
        "article": article,
        "title": article.title,
        "writer_name": display_name(article.author),
        "editor_name": display_name(event.actor),
        "note": event.note,
        "link": link_for(event, audience),
        "status": article.get_status_display(),
        "is_scheduled": article.is_scheduled,
        "published_at": published_at,
        "published_at_display": published_at_display,
    }


def render_email(event: ReviewEvent, audience: str) -> tuple[str, str]:
    """The subject (one line) and plain-text body of the email about ``event``."""
    context = email_context(event, audience)
    prefix = f"editorial/email/{event.action}"
    subject = render_to_string(f"{prefix}_subject.txt", context)
    body = render_to_string(f"{prefix}_body.txt", context)
    # Mail headers cannot hold line breaks; a title could.
    return " ".join(subject.split()), body.strip() + "\n"


def send_one(event: ReviewEvent, audience: str, address: str) -> None:
    """Send the email about ``event`` to one address; raise if it cannot be sent.

    Run by the background task ``editorial.tasks.send_event_email``, which
    retries a failed send later; one message per recipient, so no address is
    shown to anyone else and one bounce does not stop the others.
    """
    subject, body = render_email(event, audience)
    message = EmailMultiAlternatives(
        subject, body, settings.DEFAULT_FROM_EMAIL, [address]
    )
    message.send(fail_silently=False)
