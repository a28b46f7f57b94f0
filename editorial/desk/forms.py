"""Forms of the editors' desk: the article form, its sections and action inputs."""

from ckeditor.widgets import CKEditorWidget
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.fields import SanitizedHTMLField
from articles.forms import KeyPointsField, NewsTagField
from articles.models import Article, display_name
from editorial.editing import CONTENT_FIELDS, ContentChanges, SectionDraft
from editorial.login_limits import LoginLimitsMixin
from editorial.provenance_forms import KeyPointProvenanceMixin, suggestion_field

RICH_TEXT_WIDGET = {SanitizedHTMLField: {"widget": CKEditorWidget}}


class DeskLoginForm(LoginLimitsMixin, AdminAuthenticationForm):
    """The admin's log-in, under the same failed-login limits as the portal's."""


class ArticleDeskForm(KeyPointProvenanceMixin, forms.ModelForm):
    """The admin edit form: carries the version it was loaded at.

    ``editorial.editing.save_content`` compares that version under the row
    lock; when it refuses, the admin shows this form again with the refusal
    (``edit_refusal``) and everything that was typed.
    """

    key_points = KeyPointsField(required=False)
    tags = NewsTagField(required=False, label=gettext_lazy("tags"))
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    suggestion = suggestion_field()
    # Set by the admin when save_content refused the first attempt.
    edit_refusal = None
    # Set by the admin for "Edit" on a proposal (``?suggestion=<id>``).
    suggestion_to_edit = None

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets choose)
        # The headline across the whole form, never cut off.
        widgets = {"title": forms.TextInput(attrs={"class": "desk-headline"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_provenance(self.suggestion_to_edit)
        if self.instance.pk and not self.is_bound:
            self.fields["loaded_version"].initial = self.instance.version
        author = self.fields.get("author")
        if author is not None:  # people by their byline, fetched in one query
            author.queryset = author.queryset.select_related("profile")
            author.label_from_instance = display_name

    def clean(self):
        cleaned = super().clean()
        if self.edit_refusal is not None:
            raise forms.ValidationError(
                str(self.edit_refusal), code=self.edit_refusal.code
            )
        return cleaned

    def content_changes(self, sections: list[SectionDraft] | None) -> ContentChanges:
        """The edit this form asks for, as ``editing.save_content`` takes it."""
        fields = {
            name: self.cleaned_data[name]
            for name in self.fields
            if name in CONTENT_FIELDS and name in self.cleaned_data
        }
        return ContentChanges(
            fields=fields,
            tags=self.cleaned_data.get("tags"),
            sections=sections,
            suggestion=self.used_suggestion(),
        )


class SectionInlineFormSet(forms.BaseInlineFormSet):
    """The sections inline; ``drafts`` gives them to ``save_content`` in order."""

    def drafts(self) -> list[SectionDraft]:
        """The sections to keep, by the position typed, then as listed."""
        kept = []
        for index, form in enumerate(self.forms):
            if form in self.deleted_forms:
                continue
            if not form.instance.pk and not form.has_changed():
                continue
            data = form.cleaned_data
            draft = SectionDraft(
                heading=data.get("heading", ""),
                body=data.get("body", ""),
                image=data.get("image"),
                pk=form.instance.pk,
            )
            kept.append((data.get("position") or 0, index, draft))
        return [draft for _position, _index, draft in sorted(kept)]

    def record_for_history(self) -> None:
        """What the admin's change message reads of a formset that saved itself."""
        forms_kept = [f for f in self.forms if f not in self.deleted_forms]
        self.new_objects = [
            f.instance for f in forms_kept if not f.instance.pk and f.has_changed()
        ]
        self.changed_objects = [
            (f.instance, f.changed_data)
            for f in forms_kept
            if f.instance.pk and f.has_changed()
        ]
        self.deleted_objects = [f.instance for f in self.deleted_forms if f.instance.pk]


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
        help_text=gettext_lazy("Date and time in the site's time zone."),
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
