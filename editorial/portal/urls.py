"""The community writers' portal at /write/."""

from django.urls import path

from . import tags, uploads, views
from .accounts import urls as account_urls

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.new_article, name="new"),
    path("<int:pk>/", views.edit_article, name="edit"),
    path("<int:pk>/do/<str:action>/", views.transition, name="transition"),
    path("profile/", views.profile, name="profile"),
    path("upload/", uploads.ckeditor_upload, name="upload"),
    path("tags/", tags.tag_suggestions, name="tag_suggestions"),
    *account_urls.urlpatterns,
]
