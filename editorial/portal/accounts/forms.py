"""Forms of the writer accounts: log in, sign up, reset a password."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from articles.links import site_domain, site_scheme
from articles.models import Profile
from editorial.login_limits import LoginLimitsMixin


class RefusableFormMixin:
    """A form its view can refuse before it does anything (e.g. rate limited).

    When the view sets ``refusal``, validation stops before any field or form
    check runs: nothing is authenticated, no user is looked up, and the only
    error is the refusal. The typed values stay in the bound form.
    """

    refusal = None

    def full_clean(self):
        if not (self.is_bound and self.refusal):
            return super().full_clean()
        self._errors = ErrorDict(renderer=self.renderer)
        self.cleaned_data = {}
        self.add_error(None, ValidationError(self.refusal, code="refused"))


class LoginForm(LoginLimitsMixin, auth_forms.AuthenticationForm):
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "not_confirmed": _(
            "This account is not activated yet. Follow the link in the email "
            "we sent you when you signed up."
        ),
    }

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "invalid_login" and self._is_unconfirmed_signup():
                raise ValidationError(
                    self.error_messages["not_confirmed"], code="not_confirmed"
                ) from error
            raise

    def refused_for_limits(self) -> bool:
        return any(e.code == "too_many" for e in self.non_field_errors().as_data())

    def _is_unconfirmed_signup(self) -> bool:
        """The right password for an account that never completed its activation.

        Only someone who knows the password learns the account exists.
        """
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return False
        user = (
            get_user_model()
            ._default_manager.filter(
                **{get_user_model().USERNAME_FIELD: username},
                is_active=False,
                last_login__isnull=True,
            )
            .first()
        )
        if user is None:
            # The same one password hash as for an unconfirmed account, so
            # the time a failed login takes tells nothing about the account.
            make_password(password)
            return False
        return user.check_password(password)


class PasswordResetForm(RefusableFormMixin, auth_forms.PasswordResetForm):
    """Django's reset form, with the emailed link always on SITE_URL."""

    def save(self, **kwargs):
        # Django builds the link from the request's Host header; a forged
        # Host would send our users a link to someone else's site.
        kwargs["domain_override"] = site_domain()
        kwargs["use_https"] = site_scheme() == "https"
        return super().save(**kwargs)


class SignupForm(RefusableFormMixin, auth_forms.UserCreationForm):
    """A new community writer: username, email, byline name and password."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a link to this address to activate your account."),
    )
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=Profile._meta.get_field("display_name").max_length,
        help_text=_("Shown as the byline of your articles."),
    )

    class Meta(auth_forms.UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")
        field_classes = {"username": auth_forms.UsernameField}

    field_order = ("username", "email", "display_name", "password1", "password2")
