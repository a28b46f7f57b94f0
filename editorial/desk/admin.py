"""The editors' desk: the article admin with workflow, history and revisions.

Every status change goes through ``editorial.workflow``; the views here only
collect input, call it and turn a ``TransitionError`` into an admin message.
"""

import functools

from django.contrib import admin, messages
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.admin import ArticleAdmin
from articles.models import Article, display_name
from editorial import permissions, revisions, workflow
from editorial.models import ReviewEvent, ReviewQueue, Revision

from .forms import ArticleDeskForm, CorrectionForm, WorkflowActionForm
from .similar import similar_published

STATUS_COLOURS = {
    "draft": "#6b7280",
    "submitted": "#b45309",
    "in_review": "#1d4ed8",
    "changes_requested": "#c2410c",
    "approved": "#15803d",
    "published": "#166534",
    "unpublished": "#4b5563",
    "rejected": "#b91c1c",
}
# Actions that ask for input on an intermediate page; the rest are one click.
NOTE_ACTIONS = {"request_changes", "unpublish", "reject"}


def status_badge(article: Article):
    label = article.get_status_display()
    if article.is_scheduled:
        label = _("Scheduled")
    return format_html(
        '<span class="status-badge" style="background:{}">{}</span>',
        STATUS_COLOURS.get(article.status, "#6b7280"),
        label,
    )


def editors_only(view):
    """The desk's own pages: staff without the review permission get a 404."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.is_editor(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class ScheduledFilter(admin.SimpleListFilter):
    title = gettext_lazy("schedule")
    parameter_name = "scheduled"

    def lookups(self, request, model_admin):
        return [("yes", _("Scheduled")), ("no", _("Not scheduled"))]

    def queryset(self, request, queryset):
        scheduled = {
            "status": Article.Status.PUBLISHED,
            "published_at__gt": timezone.now(),
        }
        if self.value() == "yes":
            return queryset.filter(**scheduled)
        if self.value() == "no":
            return queryset.exclude(**scheduled)
        return queryset


class DeskMedia:
    css = {"all": ["css/admin-desk.css"]}


admin.site.site_header = gettext_lazy("Newsroom editors' desk")
admin.site.site_title = gettext_lazy("Newsroom desk")
admin.site.index_title = gettext_lazy("Editors' desk")
admin.site.unregister(Article)


@admin.register(Article)
class ArticleDeskAdmin(ArticleAdmin):
    form = ArticleDeskForm
    Media = DeskMedia
    change_form_template = "admin/editorial/article_change_form.html"
    list_display = [
        "title",
        "badge",
        "category",
        "author",
        "reviewer",
        "summary_is_ai",
        "published_at",
        "updated_at",
    ]
    list_filter = [
        "status",
        ScheduledFilter,
        "category",
        ("author", admin.RelatedOnlyFieldListFilter),
        ("reviewer", admin.RelatedOnlyFieldListFilter),
        "summary_is_ai",
    ]
    list_select_related = ["category", "author", "reviewer"]
    search_fields = [
        "title",
        "author__username",
        "author__first_name",
        "author__last_name",
        "tags__name",
    ]
    ordering = ["-updated_at"]
    readonly_fields = [
        "slug",
        "status",
        "reviewer",
        "approved_by",
        "published_at",
        "summary_checked_by",
        "version",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "category",
                    "author",
                    "dateline",
                    "loaded_version",
                ]
            },
        ),
        (gettext_lazy("Story"), {"fields": ["hero_image", "lead", "tags"]}),
        (
            gettext_lazy("Key points"),
            {"fields": ["key_points", "summary_is_ai", "summary_checked_by"]},
        ),
        (
            gettext_lazy("Workflow"),
            {
                "fields": [
                    "status",
                    "reviewer",
                    "approved_by",
                    "published_at",
                    "version",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def badge(self, obj):
        return status_badge(obj)

    def view_on_site(self, obj):
        # Only a live article has a public page; the panel links the preview.
        return obj.get_absolute_url() if obj.is_live else None

    def get_readonly_fields(self, request, obj=None):
        # The slug always follows the title until publication, then stays.
        return self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.current_user = request.user
        return form

    def get_changeform_initial_data(self, request):
        return {
            "author": request.user.pk,
            **super().get_changeform_initial_data(request),
        }

    def save_model(self, request, obj, form, change):
        if change and {"key_points", "summary_is_ai"} & set(form.changed_data):
            # An editor's check covered the old points; new ones need a new check.
            obj.summary_checked_by = None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Sections and tags are saved by now: snapshot the whole article.
        revisions.record_revision(form.instance, request.user)

    def get_urls(self):
        own = [
            path(
                "<int:pk>/workflow/<str:action>/",
                self.admin_site.admin_view(editors_only(self.workflow_view)),
                name="articles_article_workflow",
            ),
            path(
                "<int:pk>/correction/",
                self.admin_site.admin_view(editors_only(self.correction_view)),
                name="articles_article_correction",
            ),
            path(
                "<int:pk>/revisions/<int:revision_pk>/",
                self.admin_site.admin_view(editors_only(self.revision_view)),
                name="articles_article_revision",
            ),
            path(
                "<int:pk>/revisions/<int:revision_pk>/restore/",
                self.admin_site.admin_view(editors_only(self.restore_view)),
                name="articles_article_restore",
            ),
        ]
        return own + super().get_urls()

    # -- the change page ---------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        if article is not None:
            extra_context = {
                **(extra_context or {}),
                **self.desk_context(request, article),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def desk_context(self, request, article):
        user = request.user
        actions = []
        for action in workflow.allowed_actions(article, user):
            transition = workflow.TRANSITIONS[action]
            actions.append(
                {
                    "name": action,
                    "label": transition.label,
                    "url": reverse(
                        "admin:articles_article_workflow", args=[article.pk, action]
                    ),
                    "needs_page": self.needs_page(article, action),
                }
            )
        if "publish" in {a["name"] for a in actions}:
            actions.append(
                {
                    "name": "schedule",
                    "label": _("Schedule…"),
                    "url": reverse(
                        "admin:articles_article_workflow", args=[article.pk, "publish"]
                    )
                    + "?schedule=1",
                    "needs_page": True,
                }
            )
        events = article.review_events.select_related("actor")[:50]
        article_revisions = article.revisions.select_related("author")[:50]
        since_submit = revisions.revision_before(article, "submit")
        since_live = revisions.revision_before(article, "publish")
        return {
            "desk_status": status_badge(article),
            "desk_actions": actions,
            "desk_events": events,
            "desk_revisions": article_revisions,
            "desk_since_submit": since_submit,
            "desk_since_live": since_live,
            "desk_similar": similar_published(article),
            "desk_preview_url": reverse("editorial:preview", args=[article.pk]),
            "desk_edit_refusal": permissions.edit_refusal_reason(user, article),
            "desk_can_correct": permissions.is_editor(user)
            and article.status == Article.Status.PUBLISHED,
            "desk_reviewer": display_name(article.reviewer),
        }

    @staticmethod
    def needs_page(article, action) -> bool:
        if action in NOTE_ACTIONS:
            return True
        return (
            action == "approve"
            and article.summary_is_ai
            and article.summary_checked_by_id is None
        )

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
            "needs_check": action == "approve"
            and article.summary_is_ai
            and article.summary_checked_by_id is None,
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
                "when": timezone.localtime(article.published_at).strftime(
                    "%Y-%m-%d %H:%M"
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
            "changes": revisions.compare(revision.data, newer),
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
                revisions.restore(revision, request.user, article=article)
            except workflow.TransitionError as error:
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


@admin.register(ReviewQueue)
class ReviewQueueAdmin(admin.ModelAdmin):
    """Submitted articles first, oldest submission first; then those in review."""

    list_display = [
        "open_link",
        "badge",
        "author",
        "submitted_at",
        "reviewer",
        "summary_is_ai",
    ]
    list_display_links = None
    Media = DeskMedia
    list_select_related = ["author", "reviewer", "category"]
    list_filter = ["status", "category", "summary_is_ai"]
    search_fields = [
        "title",
        "author__username",
        "author__first_name",
        "author__last_name",
    ]

    def get_queryset(self, request):
        last_submit = (
            ReviewEvent.objects.filter(article=OuterRef("pk"), action="submit")
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        return self.model._default_manager.filter(
            status__in=[Article.Status.SUBMITTED, Article.Status.IN_REVIEW]
        ).annotate(
            submitted_at=Subquery(last_submit),
            queue_rank=Case(
                When(status=Article.Status.SUBMITTED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )

    def get_ordering(self, request):
        # Annotations from get_queryset; the admin would otherwise apply the
        # model's default (newest first).
        return ["queue_rank", "submitted_at", "pk"]

    @admin.display(description=gettext_lazy("title"))
    def open_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[obj.pk]),
            obj.title,
        )

    @admin.display(description=gettext_lazy("status"))
    def badge(self, obj):
        return status_badge(obj)

    @admin.display(description=gettext_lazy("submitted"), ordering="submitted_at")
    def submitted_at(self, obj):
        return obj.submitted_at

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AppendOnlyAdmin(admin.ModelAdmin):
    """Readable history that nobody can edit or delete from the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReviewEvent)
class ReviewEventAdmin(AppendOnlyAdmin):
    list_display = [
        "created_at",
        "article",
        "action",
        "from_status",
        "to_status",
        "actor",
    ]
    list_filter = ["action", "to_status"]
    list_select_related = ["article", "actor"]
    search_fields = ["article__title", "note", "actor__username"]
    date_hierarchy = "created_at"


@admin.register(Revision)
class RevisionAdmin(AppendOnlyAdmin):
    list_display = ["created_at", "article", "version", "author", "note"]
    list_select_related = ["article", "author"]
    search_fields = ["article__title"]
    exclude = ["data"]
