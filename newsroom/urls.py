from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

# django-ckeditor's own URLs (its uploader/browser) are deliberately not
# included: that view is CSRF-exempt and stores uploads unchecked.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("write/", include("editorial.portal_urls")),
    path("", include("editorial.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns = (
        static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
    )
