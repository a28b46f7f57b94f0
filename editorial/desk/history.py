"""The desk's read-only lists: the review queue and the history of every article."""

from django.contrib import admin
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from articles.models import Article, display_name
from editorial import workflow
from editorial.models import KeyPointSuggestion, ReviewEvent, ReviewQueue, Revision

from .badges import DeskMedia, PeopleColumns, status_badge


@admin.register(ReviewQueue)
class ReviewQueueAdmin(PeopleColumns, admin.ModelAdmin):
    """Submitted articles first, oldest submission first; then those in review."""

    list_display = [
        "open_link",
        "badge",
        "author_name",
        "submitted_at",
        "reviewer_name",
        "summary_source",
    ]
    list_display_links = None
    Media = DeskMedia
    list_select_related = ["author__profile", "reviewer__profile", "category"]
    list_filter = ["status", "category", "summary_source"]
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


class ActionFilter(admin.SimpleListFilter):
    """Events by action, under the labels people read, not the stored codes."""

    title = gettext_lazy("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        codes = [*workflow.TRANSITIONS, *workflow.OTHER_EVENT_LABELS]
        return [
            (code, workflow.event_label(ReviewEvent(action=code))) for code in codes
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(action=self.value())
        return queryset


@admin.register(ReviewEvent)
class ReviewEventAdmin(AppendOnlyAdmin):
    list_display = [
        "created_at",
        "article",
        "action_label",
        "from_status",
        "to_status",
        "actor_name",
    ]
    list_filter = [ActionFilter, "to_status"]
    list_select_related = ["article", "actor__profile"]
    search_fields = ["article__title", "note", "actor__username"]
    date_hierarchy = "created_at"

    @admin.display(description=gettext_lazy("actor"), ordering="actor")
    def actor_name(self, obj):
        return display_name(obj.actor)

    @admin.display(description=gettext_lazy("action"), ordering="action")
    def action_label(self, obj):
        return workflow.event_label(obj)


@admin.register(Revision)
class RevisionAdmin(AppendOnlyAdmin):
    list_display = ["created_at", "article", "version", "author", "note"]
    list_select_related = ["article", "author"]
    search_fields = ["article__title"]
    exclude = ["data"]


@admin.register(KeyPointSuggestion)
class KeyPointSuggestionAdmin(AppendOnlyAdmin):
    """Every machine proposal of key points, with its provenance and outcome."""

    list_display = [
        "created_at",
        "article",
        "status",
        "backend",
        "model",
        "outcome",
        "requested_by",
        "decided_by",
    ]
    list_filter = ["status", "backend", "outcome"]
    list_select_related = ["article", "requested_by", "decided_by"]
    search_fields = ["article__title"]
