"""The desk's key-point suggestions: the buttons' pages and the AI report.

The change page shows the "Suggest key points" box and the history of
proposals (``ArticleAdmin.desk_context``); these views ask for, accept and
discard proposals through ``editorial.suggestions`` and go back to it.
``ai_report_view`` lists the articles whose key points a machine made.
"""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from articles.models import Article, SummarySource
from editorial import suggestions
from editorial.models import KeyPointSuggestion

SUGGESTION_URLS = {
    "suggest": "admin:articles_article_suggest",
    "decide": "admin:articles_article_suggestion_decide",
    "status": "admin:articles_article_suggestion_status",
}
REPORT_LIMIT = 200


class SuggestionPagesMixin:
    """Mounted by ``ArticleAdmin``; every page is for editors only."""

    def suggestion_urls(self, wrap):
        pages = [
            ("<int:pk>/suggest/", self.suggest_view, "suggest"),
            (
                "<int:pk>/suggestions/<int:suggestion_pk>/",
                self.suggestion_status_view,
                "suggestion_status",
            ),
            (
                "<int:pk>/suggestions/<int:suggestion_pk>/<str:decision>/",
                self.suggestion_decide_view,
                "suggestion_decide",
            ),
            ("ai-summaries/", self.ai_report_view, "ai_report"),
        ]
        return [
            path(route, wrap(view), name=f"articles_article_{name}")
            for route, view, name in pages
        ]

    def suggestion_panel(self, request, article):
        return suggestions.panel(
            article,
            request.user,
            names=SUGGESTION_URLS,
            edit_url=reverse("admin:articles_article_change", args=[article.pk]),
            editing=bool(request.GET.get("suggestion")),
        )

    def _back(self, article):
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[article.pk])
            + "#key-point-suggestion"
        )

    def suggest_view(self, request, pk):
        if request.method != "POST":
            raise Http404
        article = get_object_or_404(Article, pk=pk)
        try:
            suggestions.request_suggestion(article, request.user)
        except suggestions.SuggestionRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        return self._back(article)

    def suggestion_decide_view(self, request, pk, suggestion_pk, decision):
        if request.method != "POST" or decision not in ("accept", "discard"):
            raise Http404
        suggestion = get_object_or_404(
            KeyPointSuggestion.objects.select_related("article"),
            pk=suggestion_pk,
            article_id=pk,
        )
        try:
            if decision == "accept":
                replace = bool(request.POST.get("replace"))
                suggestions.accept(suggestion, request.user, replace=replace)
                self.message_user(request, _("The proposed key points are saved."))
            else:
                suggestions.discard(suggestion, request.user)
                self.message_user(request, _("The proposed key points were discarded."))
        except suggestions.SuggestionRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        return self._back(suggestion.article)

    def suggestion_status_view(self, request, pk, suggestion_pk):
        suggestion = get_object_or_404(
            KeyPointSuggestion, pk=suggestion_pk, article_id=pk
        )
        return JsonResponse(suggestions.status_data(suggestion))

    def ai_report_view(self, request):
        """Machine-made key points by kind; published ones never checked stand out."""
        assisted = Article.objects.exclude(summary_source=SummarySource.HUMAN)
        counts = dict(
            assisted.values_list("summary_source")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("summary_source", "n")
        )
        unchecked = assisted.filter(
            status=Article.Status.PUBLISHED, summary_checked_by=None
        ).select_related("category", "author")
        rows = (
            assisted.select_related("category", "author", "summary_checked_by")
            .defer("search_vector", "lead")
            .order_by("-updated_at")[:REPORT_LIMIT]
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("AI-assisted key points"),
            "kinds": [
                {"value": value, "label": label, "count": counts.get(value, 0)}
                for value, label in SummarySource.choices
                if value != SummarySource.HUMAN
            ],
            "total": sum(counts.values()),
            "unchecked": list(unchecked),
            "rows": rows,
            "limit": REPORT_LIMIT,
        }
        return TemplateResponse(request, "admin/editorial/ai_report.html", context)
