"""Autosave of drafts: ``/write/<pk>/autosave/`` and ``/write/new/autosave/``.

static/js/autosave.js posts the editor's form (without files) a few seconds
after a change. The save goes through the same forms and
``editing.save_content`` as "Save draft", with the version the page holds,
so two tabs still cannot overwrite each other: a stale page gets 409 and a
message to show. The answer is JSON: the new version, the ids of sections
that were new in the form, and for a new draft the URLs it now lives at.
Consecutive autosaves of one writer between two workflow steps share one
revision (the latest replaces the one before), so the history stays readable.
"""

from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from articles.models import Article
from editorial import editing, permissions
from editorial.models import Revision

from .forms import DraftForm, SectionFormSet
from .views import _save, writer_portal

AUTOSAVE_NOTE = gettext_lazy("Autosaved")


@writer_portal
@require_POST
def autosave(request, pk=None):
    if pk is None:
        article = Article(author=request.user)
    else:
        article = permissions.get_own_article_or_404(request.user, pk)
        reason = permissions.edit_refusal_reason(request.user, article)
        if reason:
            return _refused(reason, "not_editable")
    # Files are never autosaved: they go with "Save draft".
    form = DraftForm(request.POST, instance=article, user=request.user)
    formset = SectionFormSet(
        request.POST,
        instance=article,
        prefix="sections",
        form_kwargs={"user": request.user},
    )
    if not (form.is_valid() and formset.is_valid()):
        return JsonResponse(
            {
                "saved": False,
                "error": _(
                    "Not saved automatically: some fields need attention. "
                    "Use “Save draft” to see which."
                ),
            },
            status=400,
        )
    previous = _latest_autosave(article, request.user) if article.pk else None
    try:
        article = _save(request, form, formset, note=str(AUTOSAVE_NOTE))
    except editing.EditRefused as refusal:
        return _refused(str(refusal), refusal.code)
    if previous is not None:
        previous.delete()
    return JsonResponse(_answer(article, formset))


def _refused(message: str, code: str) -> JsonResponse:
    return JsonResponse({"saved": False, "error": message, "code": code}, status=409)


def _latest_autosave(article: Article, user) -> Revision | None:
    """The newest revision, if it is this writer's autosave since the last step."""
    latest = article.revisions.first()
    if latest is None or latest.author_id != user.pk:
        return None
    if latest.note != str(AUTOSAVE_NOTE):
        return None
    step = article.review_events.first()
    if step is not None and step.created_at >= latest.created_at:
        return None
    return latest


def _answer(article: Article, formset) -> dict:
    sections = list(article.sections.order_by("position").values_list("pk", flat=True))
    new_ids = {
        form.prefix: pk
        for form, pk in zip(getattr(formset, "draft_forms", []), sections, strict=False)
        if form.instance.pk is None
    }
    return {
        "saved": True,
        "version": article.version,
        "sections": new_ids,
        "message": _("Saved automatically at %(time)s.")
        % {"time": time_format(timezone.localtime(), "TIME_FORMAT")},
        "edit_url": reverse("portal:edit", args=[article.pk]),
        "autosave_url": reverse("portal:autosave", args=[article.pk]),
    }
