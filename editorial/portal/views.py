"""The community writers' portal: dashboard, draft editor, profile.

Views stay thin: fetch through ``permissions.get_own_article_or_404``, call
the workflow or save through the forms, then render or redirect.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import (
    Article,
    Profile,
    WriterBadge,
    display_name,
    writer_badge,
)
from editorial import editing, permissions, suggestions, workflow
from editorial.models import ReviewEvent

from .forms import DraftForm, ProfileForm, SectionFormSet, attach_problems
from .notes import editor_notes
from .uploads import UPLOAD_LIMIT_MESSAGE, over_upload_limit

S = Article.Status


def writer_portal(view):
    """Logged-in community writers and editors only; others are told why (403)."""

    @functools.wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not permissions.can_use_portal(request.user):
            raise PermissionDenied(
                _("The writer portal is for community writers and editors.")
            )
        return view(request, *args, **kwargs)

    return wrapper


def writer_status(article: Article) -> str:
    """The article's state in words a writer understands."""
    if article.status == S.SUBMITTED:
        return _("Waiting for review")
    if article.status == S.IN_REVIEW:
        return _("In review by %(name)s") % {"name": display_name(article.reviewer)}
    if article.status == S.APPROVED:
        return _("Approved, waiting for publication")
    if article.is_scheduled:
        return _("Scheduled for %(when)s") % {
            "when": date_format(
                timezone.localtime(article.published_at), "DATETIME_FORMAT"
            )
        }
    return article.get_status_display()


@writer_portal
def dashboard(request):
    # Notes and submissions: a note is answered by the next submission.
    events = ReviewEvent.objects.filter(
        Q(action="submit") | ~Q(note="")
    ).select_related("actor__profile")
    articles = (
        Article.objects.filter(author=request.user)
        .select_related("category", "reviewer__profile")
        .prefetch_related(Prefetch("review_events", queryset=events, to_attr="events"))
        .order_by("-updated_at")
    )
    rows = [
        {
            "article": article,
            "status": writer_status(article),
            "note": next(iter(editor_notes(article.events)), None),
            "actions": workflow.owner_actions(article, request.user),
            "editable": permissions.can_edit_content(request.user, article),
        }
        for article in articles
    ]
    return render(
        request,
        "editorial/portal/dashboard.html",
        {
            "rows": rows,
            "badge": WriterBadge(writer_badge(request.user)),
        },
    )


@writer_portal
def new_article(request):
    return _editor(request, Article(author=request.user))


@writer_portal
def edit_article(request, pk):
    article = permissions.get_own_article_or_404(request.user, pk)
    if not permissions.can_edit_content(request.user, article):
        return _read_only(request, article)
    return _editor(request, article)


def _editor(request, article: Article):
    """Show or save the draft; "save", "preview" and "submit" all save first."""
    if request.method == "POST":
        form = DraftForm(
            request.POST, request.FILES, instance=article, user=request.user
        )
        formset = SectionFormSet(
            request.POST,
            request.FILES,
            instance=article,
            prefix="sections",
            form_kwargs={"user": request.user},
        )
        intent = request.POST.get("intent", "save")
        # Images in the form count against the same hourly limit as CKEditor's.
        if any([over_upload_limit(request) for _file in request.FILES.values()]):
            form.add_error(None, UPLOAD_LIMIT_MESSAGE)
        else:
            if form.is_valid() and formset.is_valid():
                try:
                    article = _save(request, form, formset)
                except editing.EditRefused as refusal:
                    form.add_error(None, str(refusal))
                else:
                    return _after_save(request, article, intent)
            _keep_uploads(form, formset)
    else:
        form = DraftForm(
            instance=article,
            user=request.user,
            suggestion=suggestions.open_suggestion(
                article, request.GET.get("suggestion")
            ),
        )
        formset = SectionFormSet(
            instance=article, prefix="sections", form_kwargs={"user": request.user}
        )
        if article.pk and request.GET.get("check"):
            # Back from a refused submit: show every problem next to its field.
            attach_problems(form, formset, workflow.review_readiness(article))
    return render(
        request,
        "editorial/portal/editor.html",
        {
            "form": form,
            "formset": formset,
            "article": article,
            "status": _status_of(article),
            "key_point_suggestion": _suggestion_panel(request, article, form),
            "notes": _notes_of(article),
        },
    )


SUGGESTION_URLS = {
    "suggest": "portal:suggest",
    "decide": "portal:suggestion_decide",
    "status": "portal:suggestion_status",
}


def _suggestion_panel(request, article, form):
    if article.pk is None:
        return None
    return suggestions.panel(
        article,
        request.user,
        names=SUGGESTION_URLS,
        edit_url=reverse("portal:edit", args=[article.pk]),
        editing=bool(form["suggestion"].value()),
    )


def _notes_of(article) -> list:
    if article.pk is None:
        return []
    return editor_notes(article.review_events.select_related("actor__profile"))


def _keep_uploads(form, formset) -> None:
    """Images chosen in a refused post are kept, so they need not be chosen again."""
    form.hero.keep_upload()
    for section_form in formset.forms:
        section_form.image.keep_upload()


def _status_of(article):
    return writer_status(article) if article.pk else _("New draft")


def _save(request, form, formset, *, note: str = "") -> Article:
    """Save the draft, its images and sections through ``editing.save_content``.

    A new draft posted twice (the same form's ``draft_token``) is saved once:
    the second post finds the first one's draft, even when both arrive at once.
    """
    token = None if form.instance.pk else form.cleaned_data.get("draft_token")
    if token is not None:
        earlier = _draft_made_by(request.user, token)
        if earlier is not None:
            return earlier
        form.instance.draft_token = token
    try:
        with transaction.atomic():
            # Images are stored first, in the same transaction: a refused save
            # keeps none of them.
            changes = form.content_changes(formset.drafts())
            editing.save_content(
                form.instance,
                changes,
                request.user,
                loaded_version=form.cleaned_data.get("loaded_version"),
                note=note,
            )
    except IntegrityError:
        earlier = _draft_made_by(request.user, token) if token else None
        if earlier is None:
            raise
        return earlier
    return form.instance


def _draft_made_by(user, token) -> Article | None:
    return Article.objects.filter(author=user, draft_token=token).first()


def _after_save(request, article, intent):
    edit_url = reverse("portal:edit", args=[article.pk])
    if intent == "preview":
        return redirect("editorial:preview", pk=article.pk)
    if intent == "submit":
        try:
            workflow.apply(article, "submit", request.user)
        except workflow.TransitionError as error:
            messages.error(
                request, _("Your draft is saved. %(reason)s") % {"reason": error}
            )
            return HttpResponseRedirect(edit_url + "?check=1")
        messages.success(
            request,
            _("Submitted. An editor will review it; we will email you the decision."),
        )
        return redirect("portal:dashboard")
    messages.success(request, _("Draft saved."))
    return HttpResponseRedirect(edit_url)


def _read_only(request, article):
    return render(
        request,
        "editorial/portal/read_only.html",
        {
            "article": article,
            "sections": article.sections.select_related("image"),
            "status": writer_status(article),
            "reason": permissions.edit_refusal_reason(request.user, article),
            "notes": _notes_of(article),
            "actions": workflow.owner_actions(article, request.user),
        },
    )


@writer_portal
@require_POST
def transition(request, pk, action):
    """Submit or withdraw from the dashboard; anything else is not a writer's."""
    article = permissions.get_own_article_or_404(request.user, pk)
    if (
        action not in workflow.TRANSITIONS
        or not workflow.TRANSITIONS[action].owner_sees
    ):
        raise Http404
    try:
        workflow.apply(article, action, request.user)
    except workflow.TransitionError as error:
        messages.error(request, str(error))
        if error.problems:
            return HttpResponseRedirect(reverse("portal:edit", args=[pk]) + "?check=1")
    else:
        messages.success(
            request,
            _("“%(title)s” is now: %(status)s.")
            % {"title": article.title, "status": writer_status(article).lower()},
        )
    return redirect("portal:dashboard")


@writer_portal
def profile(request):
    profile, _created = Profile.objects.get_or_create(
        user=request.user, defaults={"display_name": display_name(request.user)}
    )
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Profile saved."))
        return redirect("portal:profile")
    return render(
        request,
        "editorial/portal/profile.html",
        {
            "form": form,
            "profile": profile,
            "badge": WriterBadge(writer_badge(request.user)),
        },
    )
