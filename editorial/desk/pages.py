"""The desk's own pages beside the article form: workflow actions, corrections,
comparing and restoring revisions.

Each page fetches the article, collects the input an action needs, calls the
domain function (``workflow.apply``, ``workflow.add_correction``,
``editing.restore_revision``) and turns a refusal into an admin message.
"""

import functools

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.models import Article
from editorial import diff, editing, permissions, revisions, workflow
from editorial.models import Revision

from .forms import CorrectionForm, WorkflowActionForm


def editors_only(view):
    """The desk's own pages: staff without the review permission get a 404."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.is_editor(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class DeskPagesMixin:
    """The article admin's extra pages, mounted under its own URLs."""

    def desk_urls(self):
        pages = [
            ("<int:pk>/workflow/<str:action>/", self.workflow_view, "workflow"),
            ("<int:pk>/correction/", self.correction_view, "correction"),
            (
                "<int:pk>/revisions/<int:revision_pk>/",
                self.revision_view,
                "revision",
            ),
            (
                "<int:pk>/revisions/<int:revision_pk>/restore/",
                self.restore_view,
                "restore",
            ),
        ]
        return [
            path(
                route,
                self.admin_site.admin_view(editors_only(view)),
                name=f"articles_article_{name}",
            )
            for route, view, name in pages
        ]

    def change_url(self, article):
        return reverse("admin:articles_article_change", args=[article.pk])

    # -- workflow actions --------------------------------------------------

    def workflow_view(self, request, pk, action):
        article = get_object_or_404(Article.objects.select_related("reviewer"), pk=pk)
        transition = workflow.TRANSITIONS.get(action)
        if transition is None:
            raise Http404
        scheduling = action == "publish" and (
            request.GET.get("schedule") or request.POST.get("schedule")
        )
        form_kwargs = {
            "needs_note": transition.note_required,
            "needs_date": bool(scheduling),
            "needs_check": workflow.needs_summary_check(article, action),
        }
        if request.method == "POST":
            form = WorkflowActionForm(request.POST, **form_kwargs)
            if form.is_valid():
                try:
                    workflow.apply(
                        article,
                        action,
                        request.user,
                        note=form.cleaned_data.get("note", ""),
                        publish_at=form.cleaned_data.get("publish_at"),
                        summary_checked=form.cleaned_data.get("summary_checked", False),
                    )
                except workflow.TransitionError as error:
                    self.message_user(request, str(error), messages.ERROR)
                    for _field, problem in error.problems:
                        self.message_user(request, problem, messages.ERROR)
                    if not any(form_kwargs.values()):
                        return HttpResponseRedirect(self.change_url(article))
                else:
                    self.message_user(request, self.done_message(article, transition))
                    return HttpResponseRedirect(self.change_url(article))
        else:
            form = WorkflowActionForm(**form_kwargs)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "article": article,
            "original": article,
            "transition": transition,
            "scheduling": scheduling,
            "summary_check": form_kwargs["needs_check"],
            "form": form,
            "title": f"{transition.label}: {article.title}",
        }
        return TemplateResponse(
            request, "admin/editorial/workflow_action.html", context
        )

    @staticmethod
    def done_message(article, transition) -> str:
        if article.is_scheduled:
            return _("“%(title)s” is scheduled for %(when)s.") % {
                "title": article.title,
                "when": date_format(
                    timezone.localtime(article.published_at), "DATETIME_FORMAT"
                ),
            }
        return _("“%(title)s”: %(action)s done; status is now %(status)s.") % {
            "title": article.title,
            "action": transition.label,
            "status": article.get_status_display().lower(),
        }

    def correction_view(self, request, pk):
        article = get_object_or_404(Article, pk=pk)
        if request.method == "POST":
            form = CorrectionForm(request.POST)
            if form.is_valid():
                try:
                    workflow.add_correction(
                        article, request.user, form.cleaned_data["note"]
                    )
                except workflow.TransitionError as error:
                    self.message_user(request, str(error), messages.ERROR)
                else:
                    self.message_user(
                        request, _("The correction is published with the article.")
                    )
                    return HttpResponseRedirect(self.change_url(article))
        else:
            form = CorrectionForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "article": article,
            "original": article,
            "form": form,
            "title": _("Add a correction: %(title)s") % {"title": article.title},
        }
        return TemplateResponse(request, "admin/editorial/correction.html", context)

    # -- revisions ---------------------------------------------------------

    def revision_view(self, request, pk, revision_pk):
        """Compare a revision with the current text, or with another revision."""
        article = get_object_or_404(Article.objects.for_page(), pk=pk)
        revision = get_object_or_404(Revision, pk=revision_pk, article=article)
        against = None
        if request.GET.get("against"):
            against_pk = request.GET["against"]
            if not against_pk.isdigit():
                raise Http404
            against = Revision.objects.filter(pk=against_pk, article=article).first()
            if against is None:
                raise Http404
        newer = against.data if against else revisions.snapshot(article)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "article": article,
            "original": article,
            "revision": revision,
            "against": against,
            "changes": diff.compare(revision.data, newer),
            "all_revisions": article.revisions.select_related("author")[:50],
            "can_restore": permissions.can_edit_content(request.user, article),
            "title": _("What changed: %(title)s") % {"title": article.title},
        }
        return TemplateResponse(
            request, "admin/editorial/revision_compare.html", context
        )

    def restore_view(self, request, pk, revision_pk):
        article = get_object_or_404(Article, pk=pk)
        revision = get_object_or_404(Revision, pk=revision_pk, article=article)
        if request.method == "POST":
            try:
                editing.restore_revision(revision, request.user, article=article)
            except editing.EditRefused as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request, _("The revision was restored as a new revision.")
                )
            return HttpResponseRedirect(self.change_url(article))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "article": article,
            "original": article,
            "revision": revision,
            "title": _("Restore a revision: %(title)s") % {"title": article.title},
        }
        return TemplateResponse(
            request, "admin/editorial/revision_restore.html", context
        )
