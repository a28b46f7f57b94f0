"""Forms of the editors' desk: the edit form's version check and action inputs."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.admin import ArticleAdminForm
from articles.models import Article, display_name
from editorial import permissions

# Fields only the workflow changes. An edit form's instance was loaded before
# the row lock, so these are taken from the locked row: saving content must
# never undo a transition that committed in between.
WORKFLOW_FIELDS = (
    "status",
    "reviewer",
    "approved_by",
    "published_at",
    "summary_checked_by",
    "slug",
)


def check_editable(article, user, loaded_version: int | None) -> Article:
    """Lock ``article``'s row and refuse an edit that is not allowed or stale.

    Must run inside a transaction (the admin's change view is atomic) so the
    lock holds until the edit and its revision are saved. On success the
    workflow fields of ``article`` are refreshed from the locked row.
    """
    current = (
        Article.objects.select_for_update(of=("self",))
        .select_related("reviewer")
        .get(pk=article.pk)
    )
    reason = permissions.edit_refusal_reason(user, current)
    if reason:
        raise forms.ValidationError(reason, code="not_editable")
    if loaded_version != current.version:
        latest = current.revisions.select_related("author").first()
        who = display_name(latest.author) if latest else _("someone")
        when = (
            date_format(timezone.localtime(latest.created_at), "DATETIME_FORMAT")
            if latest
            else ""
        )
        raise forms.ValidationError(
            _(
                "%(who)s saved a newer version of this article (%(when)s) after you "
                "opened it. Your changes are still in the form below, but were not "
                "saved: open the article again in a new tab, re-apply what you "
                "need, and save there."
            )
            % {"who": who, "when": when},
            code="stale",
        )
    for field in WORKFLOW_FIELDS:
        setattr(article, field, getattr(current, field))
    return current


class ArticleDeskForm(ArticleAdminForm):
    """The admin edit form: carries the version it was loaded at."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Set by the admin for each request (see ArticleDeskAdmin.get_form).
    current_user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            check_editable(
                self.instance, self.current_user, cleaned.get("loaded_version")
            )
        return cleaned


class WorkflowActionForm(forms.Form):
    """Inputs an action may need: a note, a publication time, the AI check."""

    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
    )
    publish_at = forms.DateTimeField(
        label=gettext_lazy("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        help_text=gettext_lazy("In the site's time zone. Leave empty to publish now."),
    )
    summary_checked = forms.BooleanField(
        label=gettext_lazy("I checked the AI-written key points against the article."),
        required=False,
    )

    def __init__(
        self, *args, needs_note=False, needs_date=False, needs_check=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = needs_note
        if not needs_date:
            del self.fields["publish_at"]
        else:
            self.fields["publish_at"].required = True
        if not needs_check:
            del self.fields["summary_checked"]
        else:
            self.fields["summary_checked"].required = True

    def clean_publish_at(self):
        value = self.cleaned_data.get("publish_at")
        if value and value <= timezone.now():
            raise forms.ValidationError(
                _("Choose a time in the future, or use “Publish now”.")
            )
        return value


class CorrectionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Correction note"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=gettext_lazy(
            "Shown to readers under the article with today's date, e.g. "
            "“An earlier version gave the wrong date of the meeting.”"
        ),
    )
