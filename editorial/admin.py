"""Django's admin finds an app's registrations here; the desk lives in ``desk/``."""

from .desk import admin  # noqa: F401
