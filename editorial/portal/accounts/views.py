"""Account views at /write/: Django's auth views with our templates and limits.

Every redirect stays inside the "portal" namespace.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from .activation import activate_account, activation_link_is_valid, register_writer
from .forms import LoginForm, PasswordResetForm, SignupForm
from .limits import PASSWORD_RESET_LIMITS, SIGNUP_LIMITS, RateLimitedFormMixin


class PortalLoginView(auth_views.LoginView):
    template_name = "editorial/accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.refused_for_limits():
            response.status_code = 429
        return response

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
    """GET asks to confirm; only the POST activates, so a mail scanner cannot."""
    if request.method != "POST":
        if not activation_link_is_valid(uidb64, token):
            return _invalid_activation(request)
        return render(request, "editorial/accounts/activation_confirm.html")
    user = activate_account(uidb64, token)
    if user is None:
        return _invalid_activation(request)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(
        request, _("Welcome! Your account is active and you are logged in.")
    )
    return redirect("portal:dashboard")


def _invalid_activation(request):
    return render(
        request,
        "editorial/accounts/activation_invalid.html",
        {"signup_enabled": settings.WRITER_SIGNUP_ENABLED},
        status=400,
    )
