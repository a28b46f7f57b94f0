"""The community writers' portal at /write/."""

from django.urls import path

from . import uploads, views
from .accounts import urls as account_urls

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.new_article, name="new"),
    path("<int:pk>/", views.edit_article, name="edit"),
    path("<int:pk>/do/<str:action>/", views.transition, name="transition"),
    path("profile/", views.profile, name="profile"),
    path("upload/", uploads.ckeditor_upload, name="upload"),
    *account_urls.urlpatterns,
]
