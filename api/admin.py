"""API keys in the admin: made there, shown once, stored as a hash."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .keys import assign_new_key
from .models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = [
        "partner",
        "name",
        "prefix",
        "is_active",
        "rate_per_minute",
        "last_used_at",
        "created_at",
    ]
    list_filter = ["is_active"]
    search_fields = ["partner", "name", "prefix"]
    readonly_fields = ["prefix", "last_used_at", "created_at"]
    fields = [
        "partner",
        "name",
        "is_active",
        "rate_per_minute",
        "prefix",
        "last_used_at",
        "created_at",
    ]
    actions = ["deactivate"]

    def save_model(self, request, obj, form, change):
        key = None if change else assign_new_key(obj)
        super().save_model(request, obj, form, change)
        if key is not None:
            messages.warning(
                request,
                _(
                    "Copy the new API key for %(partner)s now: it is stored only "
                    "as a hash and will not be shown again. The key: %(key)s"
                )
                % {"partner": obj.partner, "key": key},
            )

    @admin.action(description=gettext_lazy("Switch off the selected keys"))
    def deactivate(self, request, queryset):
        queryset.update(is_active=False)
