"""The community writers' portal at /write/."""

from django.urls import path

from . import accounts, portal, uploads

app_name = "portal"

urlpatterns = [
    path("", portal.dashboard, name="dashboard"),
    path("new/", portal.new_article, name="new"),
    path("<int:pk>/", portal.edit_article, name="edit"),
    path("<int:pk>/do/<str:action>/", portal.transition, name="transition"),
    path("profile/", portal.profile, name="profile"),
    path("upload/", uploads.ckeditor_upload, name="upload"),
    *accounts.urlpatterns,
]
