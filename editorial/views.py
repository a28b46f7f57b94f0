"""Editorial views outside the admin: the preview of an unpublished article."""

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.views import render_article_page

from . import permissions, workflow
from .permissions import get_previewable_article_or_404


@login_required
def preview(request, pk):
    """The real article page for staff and the owning writer, marked as preview."""
    article = get_previewable_article_or_404(request.user, pk)
    response = render_article_page(
        request,
        article,
        preview=True,
        preview_actions=preview_actions(request.user, article),
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def preview_actions(user, article) -> dict:
    """The way back from a preview, and the writer's next steps (submit...)."""
    if not permissions.is_owner(user, article):
        return {
            "back_url": reverse("admin:articles_article_change", args=[article.pk]),
            "back_label": _("Back to the desk"),
            "actions": [],
        }
    editable = permissions.can_edit_content(user, article)
    return {
        "back_url": reverse("portal:edit", args=[article.pk])
        if editable
        else reverse("portal:dashboard"),
        "back_label": _("Back to editing") if editable else _("Back to my articles"),
        "actions": [
            {
                "url": reverse("portal:transition", args=[article.pk, row.action]),
                "label": row.label,
            }
            for row in workflow.owner_actions(article, user)
        ],
    }
