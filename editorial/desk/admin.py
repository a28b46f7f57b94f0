"""The editors' desk: the one article admin.

Content saves go through ``editorial.editing.save_content`` and status
changes through ``editorial.workflow``; the admin only collects input, calls
them and shows what they refuse.
"""

from django.contrib import admin
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article, Section, display_name
from editorial import editing, permissions, revisions, suggestions, workflow

from .badges import (
    DeskMedia,
    PeopleColumns,
    hero_preview,
    publication,
    status_badge,
    thumbnail,
)
from .forms import (
    RICH_TEXT_WIDGET,
    ArticleDeskForm,
    DeskLoginForm,
    SectionInlineFormSet,
)
from .home import end_of_today
from .pages import DeskPagesMixin, editors_only
from .similar import similar_published
from .suggestions import SuggestionPagesMixin


class ScheduledFilter(admin.SimpleListFilter):
    title = gettext_lazy("schedule")
    parameter_name = "scheduled"

    def lookups(self, request, model_admin):
        return [
            ("yes", _("Scheduled")),
            ("today", _("Scheduled today")),
            ("no", _("Not scheduled")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        scheduled = {"status": Article.Status.PUBLISHED, "published_at__gt": now}
        if self.value() == "today":
            return queryset.filter(**scheduled, published_at__lt=end_of_today(now))
        if self.value() == "yes":
            return queryset.filter(**scheduled)
        if self.value() == "no":
            return queryset.exclude(**scheduled)
        return queryset


class ReviewerFilter(admin.RelatedFieldListFilter):
    """Reviewers to choose from: the people who may review, not every user."""

    def field_choices(self, field, request, model_admin):
        editors = permissions.editors().select_related("profile")
        return [(user.pk, display_name(user)) for user in editors]


class CappedCountPaginator(Paginator):
    """Counts at most ``MAX_COUNT`` rows: a bounded walk of the list's ordering
    index instead of a COUNT(*) over the archive on every changelist view."""

    MAX_COUNT = 10_000

    @cached_property
    def count(self):
        return self.object_list.order_by().values("pk")[: self.MAX_COUNT].count()


admin.site.site_header = gettext_lazy("Newsroom editors' desk")
admin.site.site_title = gettext_lazy("Newsroom desk")
admin.site.index_title = gettext_lazy("Editors' desk")
admin.site.login_form = DeskLoginForm


class SectionInline(admin.StackedInline):
    model = Section
    formset = SectionInlineFormSet
    extra = 0
    ordering = ["position", "pk"]
    fields = ["position", "heading", "body", "image"]
    autocomplete_fields = ["image"]
    formfield_overrides = RICH_TEXT_WIDGET


# The change form's "Workflow" section: read-only, set by the workflow.
WORKFLOW_SECTION = [
    "status",
    "reviewer",
    "approved_by",
    "published_at",
    "version",
    "created_at",
    "updated_at",
]
# Read-only fields shown only when they say something.
WORKFLOW_FIELDS = ["slug", *WORKFLOW_SECTION, "hero_preview"]


def fields_not_applying(article) -> set[str]:
    """Fields of the change form that say nothing for ``article`` in its state."""
    if article is None:  # a new article: nothing of the workflow exists yet
        return set(WORKFLOW_FIELDS)
    hidden = set()
    if article.status != Article.Status.IN_REVIEW:
        hidden.add("reviewer")
    if article.approved_by_id is None:
        hidden.add("approved_by")
    if article.published_at is None:
        hidden.add("published_at")
    if article.hero_image_id is None:
        hidden.add("hero_preview")
    return hidden


@admin.register(Article)
class ArticleAdmin(
    PeopleColumns, SuggestionPagesMixin, DeskPagesMixin, admin.ModelAdmin
):
    form = ArticleDeskForm
    inlines = [SectionInline]
    formfield_overrides = RICH_TEXT_WIDGET
    Media = DeskMedia
    change_form_template = "admin/editorial/article_change_form.html"
    autocomplete_fields = ["hero_image"]
    # No date_hierarchy and no related-only author filter: both scan the whole
    # table on every list view (a million rows); the scheduled filter and the
    # search box (title, author, tag) find articles instead.
    # No second COUNT(*) of the whole table, and a bounded count of the page's.
    show_full_result_count = False
    paginator = CappedCountPaginator
    list_display = [
        "hero_thumbnail",
        "title",
        "badge",
        "category",
        "author_name",
        "reviewer_name",
        "summary_source",
        "publication",
    ]
    list_display_links = ["title"]
    list_filter = [
        "status",
        ScheduledFilter,
        "category",
        ("reviewer", ReviewerFilter),
        "summary_source",
    ]
    # Names and thumbnails come with the rows: the same queries for 1 or 100.
    list_select_related = [
        "category",
        "author__profile",
        "reviewer__profile",
        "hero_image",
    ]
    # Title, writer's names, tags: Article.objects.desk_search, which finds
    # them by index instead of Django's joins and DISTINCT over the archive.
    search_fields = ["title"]
    ordering = ["-updated_at"]
    # The slug follows the title until publication, then stays; workflow
    # fields change only through the workflow's actions.
    readonly_fields = [
        "hero_preview",
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
        (
            gettext_lazy("Story"),
            {"fields": ["hero_image", "hero_preview", "lead", "tags"]},
        ),
        (
            gettext_lazy("Key points"),
            {
                "fields": [
                    "key_points",
                    "summary_source",
                    "summary_checked_by",
                    "suggestion",
                ]
            },
        ),
        (
            gettext_lazy("Workflow"),
            {"fields": WORKFLOW_SECTION},
        ),
    ]

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.desk_search(search_term), False

    def badge(self, obj):
        return status_badge(obj)

    @admin.display(description=gettext_lazy("image"))
    def hero_thumbnail(self, obj):
        return thumbnail(obj.hero_image)

    @admin.display(description=gettext_lazy("hero image preview"))
    def hero_preview(self, obj):
        return hero_preview(obj.hero_image)

    # -- the change page: only what applies ---------------------------------

    def get_fieldsets(self, request, obj=None):
        hidden = fields_not_applying(obj)
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            shown = [field for field in options["fields"] if field not in hidden]
            if shown:
                fieldsets.append((name, {**options, "fields": shown}))
        return fieldsets

    def render_change_form(self, request, context, *args, **kwargs):
        # An article is written one at a time; "save as new" would copy its
        # workflow state. Neither button applies.
        context.update(show_save_and_add_another=False, show_save_as_new=False)
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.display(description=gettext_lazy("publication"), ordering="published_at")
    def publication(self, obj):
        return publication(obj)

    def view_on_site(self, obj):
        # Only a live article has a public page; the panel links the preview.
        return obj.get_absolute_url() if obj.is_live else None

    def get_changeform_initial_data(self, request):
        return {
            "author": request.user.pk,
            **super().get_changeform_initial_data(request),
        }

    def get_urls(self):
        def for_editors(view):
            return self.admin_site.admin_view(editors_only(view))

        return self.desk_urls() + self.suggestion_urls(for_editors) + super().get_urls()

    # -- saving: one call to editing.save_content ----------------------------

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.edit_refusal = getattr(request, "edit_refusal", None)
        if obj is not None:
            form.suggestion_to_edit = suggestions.open_suggestion(
                obj, request.GET.get("suggestion")
            )
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except editing.EditRefused as refusal:
            # save_content refused under the row lock (a stale form, or the
            # article left the editable states) and the admin's transaction
            # rolled back: show the same form again, typed input and reason.
            request.edit_refusal = refusal
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        """Nothing yet: the article is saved with its sections in save_related."""

    def save_related(self, request, form, formsets, change):
        [sections] = [f for f in formsets if isinstance(f, SectionInlineFormSet)]
        editing.save_content(
            form.instance,
            form.content_changes(sections.drafts()),
            request.user,
            loaded_version=form.cleaned_data.get("loaded_version"),
        )
        sections.record_for_history()

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
        actions = [
            {
                "name": action,
                "label": workflow.TRANSITIONS[action].label,
                "url": reverse(
                    "admin:articles_article_workflow", args=[article.pk, action]
                ),
                "needs_page": workflow.needs_input(article, action),
            }
            for action in workflow.allowed_actions(article, user)
        ]
        if "publish" in {a["name"] for a in actions}:
            actions.append(
                {
                    "name": "schedule",
                    "label": _("Schedule"),
                    "url": reverse(
                        "admin:articles_article_workflow", args=[article.pk, "publish"]
                    )
                    + "?schedule=1",
                    "needs_page": True,
                }
            )
        if permissions.holds_review(user, article):
            reviewer = _("you")
        else:
            reviewer = display_name(article.reviewer)
        return {
            "desk_status": status_badge(article),
            "desk_actions": actions,
            "desk_events": article.review_events.select_related("actor")[:50],
            "desk_revisions": article.revisions.select_related("author")[:50],
            # What the editor last reviewed: the text when changes were last
            # requested. The revision at the (re)submission is the writer's
            # new text itself, so comparing with it always showed nothing.
            "desk_since_review": revisions.revision_before(article, "request_changes"),
            "desk_since_live": revisions.revision_before(article, "publish"),
            "desk_similar": similar_published(article),
            "desk_preview_url": reverse("editorial:preview", args=[article.pk]),
            "desk_edit_refusal": permissions.edit_refusal_reason(user, article),
            "desk_can_correct": permissions.is_editor(user) and article.is_live,
            "desk_reviewer": reviewer,
            "key_point_suggestion": self.suggestion_panel(request, article),
            "desk_suggestions": article.key_point_suggestions.select_related(
                "requested_by", "decided_by"
            )[:20],
        }
