"""Admin for the reference data of articles: categories and images.

The one article admin (the editors' desk, with workflow, history and
revisions) lives in ``editorial.desk.admin``: who may change an article, and
how, is the editorial app's concern.
"""

from ckeditor.widgets import CKEditorWidget
from django.contrib import admin
from django.db import models

from .fields import SanitizedHTMLField
from .forms import ImageUploadForm
from .models import Category, Image, SitePage


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


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    """The AI policy page readers reach from every AI-made key-points box."""

    list_display = ["title", "slug", "updated_at"]
    fields = ["slug", "title", "body"]
    formfield_overrides = {SanitizedHTMLField: {"widget": CKEditorWidget}}
