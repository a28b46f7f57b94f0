"""The community writers' portal at /write/."""

from django.urls import path

from . import suggestions, uploads, views
from .accounts import urls as account_urls

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.new_article, name="new"),
    path("<int:pk>/", views.edit_article, name="edit"),
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
    *account_urls.urlpatterns,
]
