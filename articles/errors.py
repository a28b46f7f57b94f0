"""Error pages in the site's frame for failures Django would show bare."""

from urllib.parse import urlsplit

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def csrf_failure(request, reason=""):
    """A form that failed Django's CSRF check (settings.CSRF_FAILURE_VIEW).

    Usually the session changed in another tab (a log out and in again), so
    the token in the open form is old. Nothing was saved: the page says so,
    and how to recover. Django's ``reason`` is for developers and not shown.
    """
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    context = {"back_url": back, "from_portal": _from_portal(back)}
    return render(request, "403_csrf.html", context, status=403)


def _from_portal(url: str) -> bool:
    return urlsplit(url).path.startswith("/write/")
