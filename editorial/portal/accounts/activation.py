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

from articles.links import absolute_reverse, absolute_url
from articles.models import Profile, display_name
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
    no account is left behind that its owner could never activate. When the
    email address already has an account, nothing is created and that address
    is told so instead: the person signing up sees the same page either way,
    so sign-up does not reveal who has an account. Returns the new user or
    None.
    """
    email = form.cleaned_data["email"]
    existing = get_user_model()._default_manager.filter(email__iexact=email).first()
    if existing is not None:
        send_already_registered_email(existing)
        return None
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
    _send(
        user,
        "activation",
        activation_url=activation_url(user),
        valid_days=max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)),
    )


def send_already_registered_email(user) -> None:
    """Tell the owner of an address that someone tried to sign up with it."""
    _send(
        user,
        "already_registered",
        login_url=absolute_reverse("portal:login"),
        reset_url=absolute_reverse("portal:password_reset"),
    )


def _send(user, template: str, **context) -> None:
    context = {
        "user": user,
        "name": display_name(user),
        "site_name": settings.SITE_NAME,
        **context,
    }
    prefix = f"editorial/accounts/email/{template}"
    subject = render_to_string(f"{prefix}_subject.txt", context)
    body = render_to_string(f"{prefix}_body.txt", context)
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


def activation_link_is_valid(uidb64: str, token: str) -> bool:
    """Whether the link would activate an account (it changes nothing)."""
    user = user_for_link(uidb64)
    if user is None or user.is_active:
        return False
    return activation_token.check_token(user, token)


def activate_account(uidb64: str, token: str):
    """Activate the account a sign-up link names; None if the link is not valid."""
    if not activation_link_is_valid(uidb64, token):
        return None
    user = user_for_link(uidb64)
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user
