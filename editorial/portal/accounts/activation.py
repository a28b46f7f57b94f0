"""Sign-up and activation of community writers.

Sign-up creates an inactive community writer; the emailed activation link
turns the account on. Nothing here can make anyone staff.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from articles.links import absolute_url
from articles.models import Profile
from editorial.permissions import WRITERS_GROUP

from .forms import SignupForm


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
    return absolute_url(path)


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
