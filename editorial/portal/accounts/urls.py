"""Account addresses under /write/ (log in and out, passwords, sign-up)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .views import (
    PortalLoginView,
    PortalPasswordResetView,
    SignupSentView,
    SignupView,
    activate,
)

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
