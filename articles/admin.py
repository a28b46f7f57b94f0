"""Basic admin registrations for the content models.

The editors' desk (workflow buttons, history, revisions) is built on top of
this in ``editorial.desk.admin``.
"""

from ckeditor.widgets import CKEditorWidget
from django import forms
from django.contrib import admin
from django.core.paginator import Paginator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .fields import SanitizedHTMLField
from .forms import ImageUploadForm, KeyPointsField, NewsTagField
from .models import Article, Category, Image, Section

RICH_TEXT_WIDGET = {SanitizedHTMLField: {"widget": CKEditorWidget}}


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageUploadForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "__str__",
        "attribution",
        "width",
        "height",
        "uploaded_by",
        "created_at",
    ]
    list_select_related = ["uploaded_by"]
    search_fields = ["alt_text", "caption", "credit", "source"]
    readonly_fields = ["width", "height", "uploaded_by", "created_at"]
    fields = [
        "file",
        "alt_text",
        "caption",
        "credit",
        "source",
        "source_url",
        *readonly_fields,
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    ordering = ["position", "pk"]
    fields = ["position", "heading", "body", "image"]
    autocomplete_fields = ["image"]
    formfield_overrides = RICH_TEXT_WIDGET


class ArticleAdminForm(forms.ModelForm):
    key_points = KeyPointsField(required=False)
    tags = NewsTagField(required=False, label=_("tags"))

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets choose)


class CappedCountPaginator(Paginator):
    """Counts at most ``MAX_COUNT`` rows: a bounded walk of the list's ordering
    index instead of a COUNT(*) over the archive on every changelist view."""

    MAX_COUNT = 10_000

    @cached_property
    def count(self):
        return self.object_list.order_by().values("pk")[: self.MAX_COUNT].count()


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    # A million articles: no second COUNT(*) for "N total", a capped count for
    # the pages (the first 10,000 matches; search and filters narrow it).
    show_full_result_count = False
    paginator = CappedCountPaginator
    inlines = [SectionInline]
    formfield_overrides = RICH_TEXT_WIDGET
    list_display = ["title", "category", "author", "status", "published_at"]
    list_filter = ["status", "category", "summary_is_ai"]
    list_select_related = ["category", "author"]
    search_fields = ["title", "author__username", "tags__name"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["hero_image"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "author", "dateline"]}),
        (_("Story"), {"fields": ["hero_image", "lead", "tags"]}),
        (
            _("Key points"),
            {"fields": ["key_points", "summary_is_ai", "summary_checked_by"]},
        ),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "approved_by",
                    "published_at",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Links to a published article must keep working: its slug is frozen.
        if obj is not None and obj.published_at is not None:
            return [*self.readonly_fields, "slug"]
        return self.readonly_fields
