"""The project as an app: its commands (task_worker) and static-file rules."""

from django.apps import AppConfig, apps


class NewsroomConfig(AppConfig):
    name = "newsroom"

    def ready(self):
        from .security import UNUSED_STATIC_PATTERNS

        staticfiles = apps.get_app_config("staticfiles")
        staticfiles.ignore_patterns = [
            *staticfiles.ignore_patterns,
            *UNUSED_STATIC_PATTERNS,
        ]
