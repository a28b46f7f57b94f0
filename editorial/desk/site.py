"""The admin site of the desk: Django's, with the desk home at its index."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class DeskSite(admin.AdminSite):
    """Editors land on the review queue's numbers and the recent workflow
    activity; the list of models stays below for everything else."""

    index_template = "admin/desk_index.html"
    # The model list down the left took a fifth of a 1366 px screen from the
    # article list; the breadcrumbs and the desk home lead everywhere instead.
    enable_nav_sidebar = False

    def index(self, request, extra_context=None):
        # Imported here: this module is loaded with the app registry, before models.
        from editorial import permissions

        from .home import desk_home

        if permissions.is_editor(request.user):
            extra_context = {**desk_home(request.user), **(extra_context or {})}
        return super().index(request, extra_context)


class DeskAdminConfig(AdminConfig):
    """``django.contrib.admin`` with ``DeskSite`` as ``admin.site``."""

    default_site = "editorial.desk.site.DeskSite"
