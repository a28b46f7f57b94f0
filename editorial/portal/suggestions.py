"""The writer portal's "Suggest key points": ask, poll, accept, discard.

Each view fetches the writer's own article through
``permissions.get_own_article_or_404`` (404 for somebody else's), calls
``editorial.suggestions`` and goes back to the edit page, where the proposal
is shown (``templates/editorial/includes/suggestion_panel.html``). "Edit" is
a link to the edit page with ``?suggestion=<id>``, which puts the proposal
into the key points field.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from editorial import permissions, suggestions
from editorial.models import KeyPointSuggestion

from .views import writer_portal


def _edit_url(article) -> str:
    return reverse("portal:edit", args=[article.pk]) + "#key-point-suggestion"


@writer_portal
@require_POST
def suggest(request, pk):
    article = permissions.get_own_article_or_404(request.user, pk)
    try:
        suggestions.request_suggestion(article, request.user)
    except suggestions.SuggestionRefused as refusal:
        messages.error(request, str(refusal))
    return HttpResponseRedirect(_edit_url(article))


@writer_portal
@require_POST
def decide(request, pk, suggestion_pk, decision):
    article = permissions.get_own_article_or_404(request.user, pk)
    suggestion = get_object_or_404(
        KeyPointSuggestion.objects.select_related("article"),
        pk=suggestion_pk,
        article=article,
    )
    try:
        if decision == "accept":
            suggestions.accept(
                suggestion, request.user, replace=bool(request.POST.get("replace"))
            )
            messages.success(request, _("The proposed key points are saved."))
        elif decision == "discard":
            suggestions.discard(suggestion, request.user)
            messages.success(request, _("The proposed key points were discarded."))
        else:
            raise Http404
    except suggestions.SuggestionRefused as refusal:
        messages.error(request, str(refusal))
    return HttpResponseRedirect(_edit_url(article))


@writer_portal
def status(request, pk, suggestion_pk):
    """The suggestion as JSON, for the edit page's script while it waits."""
    article = permissions.get_own_article_or_404(request.user, pk)
    suggestion = get_object_or_404(
        KeyPointSuggestion, pk=suggestion_pk, article=article
    )
    return JsonResponse(suggestions.status_data(suggestion))
