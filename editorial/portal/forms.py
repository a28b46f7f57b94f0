"""Forms of the writer portal: the draft, its images and its sections.

Every image (the hero and one per section) is edited by one ``ImageForm``,
a ModelForm of ``articles.Image`` under its own ``prefix`` ("hero",
"sections-0-image", ...), so the fields, lengths and help texts are the
model's.
"""

import uuid

from ckeditor.widgets import CKEditorWidget
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.forms import ImageUploadForm, KeyPointsField, NewsTagField
from articles.images import validate_and_reencode
from articles.models import Article, Category, Image, Profile, Section
from editorial.editing import ContentChanges, SectionDraft
from editorial.provenance_forms import KeyPointProvenanceMixin, suggestion_field

RICH_TEXT = CKEditorWidget()
MAX_SECTIONS = 30
ACCEPTED_TYPES = "image/jpeg,image/png,image/webp,image/gif"


class ImageForm(ImageUploadForm):
    """One image of a draft: a new upload, or the credits of the current one.

    Nothing is required: an empty form means "no image". A new file makes a
    new ``Image`` (an image may be shared, so it is never overwritten); the
    credits of the current image are updated in place, but only by the person
    who uploaded it.
    """

    remove = forms.BooleanField(label=_("Remove the image"), required=False)
    # An image chosen in a submit that failed for another reason: stored
    # then as this writer's upload, so it need not be chosen again.
    pending = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta(ImageUploadForm.Meta):
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "source", "source_url"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES})}
        # A plain file field: articles.images says what is wrong with a file.
        field_classes = {"file": forms.FileField}
        help_texts = {"file": _("JPEG, PNG, WebP or GIF, at most 10 MB.")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.pending_image: Image | None = None
        for field in self.fields.values():
            field.required = False

    def clean(self):
        cleaned = super().clean()
        new_file = cleaned.get("file") and "file" in self.changed_data
        if not new_file and cleaned.get("pending"):
            self.pending_image = self._own_upload(cleaned["pending"])
        if new_file or self.pending_image is not None:
            if not cleaned.get("alt_text"):
                self.add_error(
                    "alt_text", _("Describe the image for readers who cannot see it.")
                )
        elif self.instance.pk and not cleaned.get("remove"):
            self._refuse_credit_edits_of_others()
        return cleaned

    def _own_upload(self, pk: int) -> Image | None:
        """The image ``pk`` if this writer uploaded it (anything else is ignored)."""
        owner = getattr(self.user, "pk", None)
        return Image.objects.filter(pk=pk, uploaded_by_id=owner).first()

    def keep_upload(self) -> None:
        """After a refused save: store a newly chosen, valid file as a pending upload.

        The page then shows it and posts its id back, so the writer does not
        choose it again. A file that is itself refused is not kept.
        """
        if not self.is_bound or self.pending_image is not None:
            return
        if "file" in self.errors or "file" not in self.changed_data:
            return
        upload = self.cleaned_data.get("file")
        if not upload:
            return
        if hasattr(upload, "seek"):
            upload.seek(0)  # a save that was rolled back may have read it
        self.pending_image = Image.objects.create(
            file=upload, **self._credits(), uploaded_by=self.user
        )

    def _credits(self) -> dict:
        data = getattr(self, "cleaned_data", {})
        return {
            name: data.get(name) or ""
            for name in self._meta.fields
            if name != "file" and name not in self.errors
        }

    def _refuse_credit_edits_of_others(self) -> None:
        """Text of an image someone else uploaded is theirs to change: say so."""
        owner = self.instance.uploaded_by_id
        if owner in (None, getattr(self.user, "pk", None)):
            return
        for name in self.changed_data:
            if name in ("file", "remove"):
                continue
            self.add_error(
                name,
                _(
                    "An editor added this image. Ask the editor to change its "
                    "text, or upload a new image of your own."
                ),
            )

    def image(self) -> Image | None:
        """Store the image this form asks for and return it (or None)."""
        data = self.cleaned_data
        current = self.instance if self.instance.pk else None
        if data.get("remove"):
            return None
        if data.get("file") and "file" in self.changed_data:
            return Image.objects.create(
                file=data["file"], **self._credits(), uploaded_by=self.user
            )
        if self.pending_image is not None:
            # The writer's own upload: its credits are what the form says now.
            for name, value in self._credits().items():
                setattr(self.pending_image, name, value)
            self.pending_image.save()
            return self.pending_image
        if current is not None and self.has_changed():
            self.save()
        return current


def image_form(form: forms.BaseForm, image: Image | None, prefix: str, user):
    """The ``ImageForm`` of ``form``'s image, bound with ``form``'s data."""
    return ImageForm(
        form.data if form.is_bound else None,
        form.files if form.is_bound else None,
        instance=image,
        prefix=prefix,
        user=user,
    )


class DraftForm(KeyPointProvenanceMixin, forms.ModelForm):
    """Everything of an article but its sections, for its writer.

    ``hero`` is the hero image's ``ImageForm``.
    """

    key_points = KeyPointsField(required=False, label=_("Key points"))
    tags = NewsTagField(
        required=False,
        label=_("Tags"),
        help_text=_("Comma-separated, e.g. banjir, Jakarta, cuaca."),
    )
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # A new draft's form carries a key of its own: posting it twice (a
    # double click on a slow connection) finds the draft the first post made.
    draft_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    suggestion = suggestion_field()

    class Meta:
        model = Article
        fields = [
            "title",
            "category",
            "dateline",
            "lead",
            "key_points",
            "summary_source",
            "tags",
        ]
        widgets = {"lead": RICH_TEXT}
        labels = {"summary_source": _("Who wrote these key points?")}
        help_texts = {
            "summary_source": _(
                "Be honest: readers see a disclosure, and an editor checks AI points."
            ),
            "tags": _("Comma-separated, e.g. banjir, Jakarta, cuaca."),
        }

    def __init__(self, *args, user=None, suggestion=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_provenance(suggestion)
        self.fields["category"].queryset = Category.objects.all()
        self.fields["category"].required = False
        hero = self.instance.hero_image if self.instance.pk else None
        self.hero = image_form(self, hero, "hero", user)
        # static/js/tag-input.js shows the tags as tags and suggests names.
        self.fields["tags"].widget.attrs.update(
            {
                "data-tag-input": reverse("portal:tag_suggestions"),
                "data-tag-hint": _("Press Enter or type a comma after each tag."),
                "data-remove-label": _("Remove the tag %s"),
                "autocomplete": "off",
            }
        )
        if self.instance.pk and not self.is_bound:
            self.fields["loaded_version"].initial = self.instance.version
        if not self.instance.pk and not self.is_bound:
            self.fields["draft_token"].initial = uuid.uuid4()

    def clean(self):
        cleaned = super().clean()
        if not self.hero.is_valid():
            self.add_error(None, _("Check the hero image."))
        return cleaned

    def content_changes(self, sections: list[SectionDraft]) -> ContentChanges:
        """The edit this form asks for; stores a newly uploaded hero image."""
        fields = {
            name: self.cleaned_data[name]
            for name in self._meta.fields
            if name != "tags"
        }
        fields["hero_image"] = self.hero.image()
        return ContentChanges(
            fields=fields,
            tags=self.cleaned_data["tags"],
            sections=sections,
            suggestion=self.used_suggestion(),
        )


class SectionForm(forms.ModelForm):
    """A numbered section; ``image`` is its optional image's ``ImageForm``.

    ``saved_id``: a section that autosave stored while its form was still a
    new one (static/js/autosave.js fills it in), so it is not stored twice.
    """

    saved_id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Section
        fields = ["heading", "body"]
        widgets = {"body": RICH_TEXT}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.image if self.instance.pk else None
        self.image = image_form(self, current, self.add_prefix("image"), user)

    def has_changed(self):
        # A number or a tick alone does not make an empty extra slot a section
        # (the script numbers every slot).
        typed = set(self.changed_data) - {"ORDER", "DELETE", "saved_id"}
        return bool(typed) or self.image.has_changed()

    def clean(self):
        cleaned = super().clean()
        if not self.image.is_valid():
            self.add_error(None, _("Check the image of this section."))
        if cleaned.get("body") and not cleaned.get("heading"):
            self.add_error("heading", _("Give this section a heading."))
        return cleaned


class BaseSectionFormSet(forms.BaseInlineFormSet):
    """Sections in the order the writer gives; the number shown is derived."""

    def drafts(self) -> list[SectionDraft]:
        """The sections to keep, in the writer's order; stores new images."""
        kept = []
        self.draft_forms: list[forms.BaseForm] = []
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            draft = SectionDraft(
                heading=form.cleaned_data.get("heading", ""),
                body=form.cleaned_data.get("body", ""),
                image=form.image.image(),
                # An id of another article's section is ignored when saving.
                pk=form.instance.pk or form.cleaned_data.get("saved_id"),
            )
            order = form.cleaned_data.get("ORDER")
            # Unnumbered sections keep their place after the numbered ones.
            kept.append((10_000 if order is None else order, len(kept), draft, form))
        kept.sort(key=lambda entry: entry[:2])
        # The form of each draft, in the same order (autosave reports new ids).
        self.draft_forms = [form for *_rest, form in kept]
        return [draft for _order, _index, draft, _form in kept]


SectionFormSet = forms.inlineformset_factory(
    Article,
    Section,
    form=SectionForm,
    formset=BaseSectionFormSet,
    # Without JavaScript, two empty slots to fill; with it, "Add a section".
    extra=2,
    can_order=True,
    can_delete=True,
    # A bounded form: no article needs more, and each section may carry an upload.
    max_num=MAX_SECTIONS,
    absolute_max=MAX_SECTIONS,
    validate_max=True,
)


class ProfileForm(forms.ModelForm):
    avatar_upload = forms.FileField(
        label=_("Avatar"), required=False, help_text=_("A square photo works best.")
    )

    class Meta:
        model = Profile
        fields = ["display_name", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def clean_avatar_upload(self):
        upload = self.cleaned_data.get("avatar_upload")
        return validate_and_reencode(upload) if upload else None

    def save(self, commit=True):
        profile = super().save(commit=False)
        if self.cleaned_data.get("avatar_upload"):
            profile.avatar = self.cleaned_data["avatar_upload"]
        if commit:
            profile.save()
        return profile


def attach_problems(form: DraftForm, formset, problems) -> None:
    """Put the workflow's ready-for-review problems next to the fields they concern."""
    for field, message in problems:
        if field == "sections":
            formset._non_form_errors = formset.error_class(
                [*formset.non_form_errors(), message]
            )
            continue
        if field == "hero_image":
            form.hero.errors.setdefault("file", form.error_class()).append(message)
            continue
        name = field
        if name in form.fields:
            form.errors.setdefault(name, form.error_class()).append(message)
        else:
            form.errors.setdefault("__all__", form.error_class()).append(message)
