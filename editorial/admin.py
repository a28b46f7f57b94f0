"""Django's admin finds an app's registrations here; the desk lives in ``desk/``.

``desk.admin`` registers the article admin, ``desk.history`` the review queue
and the read-only history lists.
"""

from .desk import admin, history  # noqa: F401
