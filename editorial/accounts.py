"""Writer accounts at /write/: log in and out, passwords, sign-up and activation.

Django's auth views do the work; this module gives them our templates, keeps
every redirect inside the "portal" namespace, and refuses form posts beyond
their rate limits (counted with django-ratelimit in the default cache).
Sign-up creates an inactive community writer; the emailed activation link
turns the account on. Nothing here can make anyone staff.
"""

import unicodedata

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from django_ratelimit.core import is_ratelimited

from articles.models import Profile

from .account_forms import LoginForm, PasswordResetForm, SignupForm
from .permissions import WRITERS_GROUP

# --- Rate limits -------------------------------------------------------------


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
LOGIN_LIMITS = (
    ("portal.login.ip", "ip", "5/m"),
    ("portal.login.username", _posted("username"), "5/m"),
)
PASSWORD_RESET_LIMITS = (
    ("portal.password_reset.ip", "ip", "5/m"),
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


# --- Activation --------------------------------------------------------------


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """One-time tokens for sign-up links; activating the account spends them."""

    key_salt = "editorial.accounts.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


activation_token = ActivationTokenGenerator()


def register_writer(form: SignupForm):
    """Create an inactive, non-staff community writer with a profile from ``form``.

    The activation email is sent inside the transaction: if it cannot be sent,
    no account is left behind that its owner could never activate.
    """
    with transaction.atomic():
        user = form.save(commit=False)
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.save()
        user.groups.add(Group.objects.get(name=WRITERS_GROUP))
        Profile.objects.create(
            user=user, display_name=form.cleaned_data["display_name"]
        )
        send_activation_email(user)
    return user


def activation_url(user) -> str:
    """The absolute link that activates ``user``, built on settings.SITE_URL."""
    path = reverse(
        "portal:activate",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": activation_token.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


def send_activation_email(user) -> None:
    """Email ``user`` the link that activates their account."""
    context = {
        "user": user,
        "site_name": settings.SITE_NAME,
        "activation_url": activation_url(user),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)),
    }
    subject = render_to_string(
        "editorial/accounts/email/activation_subject.txt", context
    )
    body = render_to_string("editorial/accounts/email/activation_body.txt", context)
    send_mail("".join(subject.splitlines()), body, None, [user.email])


def user_for_link(uidb64: str):
    """The user a link's ``uidb64`` names, or None for anything malformed."""
    try:
        pk = urlsafe_base64_decode(uidb64).decode()
        return get_user_model()._default_manager.get(pk=pk)
    except (
        TypeError,
        ValueError,
        OverflowError,
        ValidationError,
        get_user_model().DoesNotExist,
    ):
        return None


def activate_account(uidb64: str, token: str):
    """Activate the account a sign-up link names; None if the link is not valid."""
    user = user_for_link(uidb64)
    if user is None or user.is_active:
        return None
    if not activation_token.check_token(user, token):
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


# --- Views -------------------------------------------------------------------


class PortalLoginView(RateLimitedFormMixin, auth_views.LoginView):
    template_name = "editorial/accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True
    rate_limits = LOGIN_LIMITS
    rate_limited_message = gettext_lazy(
        "Too many login attempts. Wait a minute and try again."
    )

    def get_context_data(self, **kwargs):
        kwargs["signup_enabled"] = settings.WRITER_SIGNUP_ENABLED
        return super().get_context_data(**kwargs)


class PortalPasswordResetView(RateLimitedFormMixin, auth_views.PasswordResetView):
    template_name = "editorial/accounts/password_reset_form.html"
    form_class = PasswordResetForm
    subject_template_name = "editorial/accounts/email/password_reset_subject.txt"
    email_template_name = "editorial/accounts/email/password_reset_body.txt"
    success_url = reverse_lazy("portal:password_reset_done")
    rate_limits = PASSWORD_RESET_LIMITS

    @property
    def extra_email_context(self):
        return {"site_name": settings.SITE_NAME}


class SignupEnabledMixin:
    """404 unless writers may sign up themselves (settings.WRITER_SIGNUP_ENABLED)."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.WRITER_SIGNUP_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class SignupView(SignupEnabledMixin, RateLimitedFormMixin, FormView):
    template_name = "editorial/accounts/signup.html"
    form_class = SignupForm
    success_url = reverse_lazy("portal:signup_sent")
    rate_limits = SIGNUP_LIMITS
    rate_limited_message = gettext_lazy(
        "Too many sign-ups from your network. Try again in an hour."
    )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        register_writer(form)
        return super().form_valid(form)


class SignupSentView(SignupEnabledMixin, TemplateView):
    template_name = "editorial/accounts/signup_sent.html"


def activate(request, uidb64, token):
    user = activate_account(uidb64, token)
    if user is None:
        return render(
            request,
            "editorial/accounts/activation_invalid.html",
            {"signup_enabled": settings.WRITER_SIGNUP_ENABLED},
            status=400,
        )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(
        request, _("Welcome! Your account is active and you are logged in.")
    )
    return redirect("portal:dashboard")


urlpatterns = [
    path("login/", PortalLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="editorial/accounts/password_change_form.html",
            success_url=reverse_lazy("portal:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="editorial/accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("password/reset/", PortalPasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="editorial/accounts/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="editorial/accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="editorial/accounts/password_reset_confirm.html",
            success_url=reverse_lazy("portal:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path("signup/", SignupView.as_view(), name="signup"),
    path("signup/sent/", SignupSentView.as_view(), name="signup_sent"),
    path("activate/<uidb64>/<token>/", activate, name="activate"),
]
