"""The community writers' portal at /write/."""

from django.urls import path

from . import autosave, suggestions, tags, uploads, views
from .accounts import urls as account_urls

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.new_article, name="new"),
    path("new/autosave/", autosave.autosave, name="autosave_new"),
    path("<int:pk>/", views.edit_article, name="edit"),
    path("<int:pk>/autosave/", autosave.autosave, name="autosave"),
    path("<int:pk>/do/<str:action>/", views.transition, name="transition"),
    path("<int:pk>/suggest/", suggestions.suggest, name="suggest"),
    path(
        "<int:pk>/suggestions/<int:suggestion_pk>/",
        suggestions.status,
        name="suggestion_status",
    ),
    path(
        "<int:pk>/suggestions/<int:suggestion_pk>/<str:decision>/",
        suggestions.decide,
        name="suggestion_decide",
    ),
    path("profile/", views.profile, name="profile"),
    path("upload/", uploads.ckeditor_upload, name="upload"),
    path("tags/", tags.tag_suggestions, name="tag_suggestions"),
    *account_urls.urlpatterns,
]
