"""Rate limits of the account forms (log in, password reset, sign-up).

Counted with django-ratelimit in the default cache; a form view over any of
its limits refuses the post with a form error and status 429.
"""

import unicodedata

from django.utils.translation import gettext_lazy
from django_ratelimit.core import is_ratelimited


def _posted(field):
    """A ratelimit key: the submitted value of ``field``, normalised as login does.

    NFKC + casefold, so look-alike spellings ("ｓａｒｉ") share one counter.
    """

    def key(group, request):
        value = unicodedata.normalize("NFKC", request.POST.get(field, ""))
        return value.strip().casefold()

    return key


# (group, key, rate): every limit is counted on each POST, and any one over its
# rate refuses the post. A per-value limit skips posts without that value, so
# blank submissions do not share one counter across all visitors.
# Logins count failures only: see login_limits. A reset post sends mail, so
# every post counts; an office behind one address gets room for a crowd.
PASSWORD_RESET_LIMITS = (
    ("portal.password_reset.ip", "ip", "30/h"),
    ("portal.password_reset.email", _posted("email"), "5/h"),
)
SIGNUP_LIMITS = (("portal.signup.ip", "ip", "10/h"),)


def over_limit(request, limits) -> bool:
    """Count this request against each limit; True when any is exceeded."""
    results = [
        is_ratelimited(request, group=group, key=key, rate=rate, increment=True)
        for group, key, rate in limits
        if not callable(key) or key(group, request)
    ]
    return any(results)


class RateLimitedFormMixin:
    """A form view that refuses a POST over its limits: form error, status 429."""

    rate_limits = ()
    rate_limited_message = gettext_lazy(
        "Too many attempts. Wait a minute and try again."
    )
    refused = False

    def post(self, request, *args, **kwargs):
        self.refused = over_limit(request, self.rate_limits)
        return super().post(request, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.refused:
            form.refusal = self.rate_limited_message
        return form

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if self.refused:
            response.status_code = 429
        return response
