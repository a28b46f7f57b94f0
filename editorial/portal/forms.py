"""Forms of the writer portal: the draft, its hero image and its sections."""

from ckeditor.widgets import CKEditorWidget
from django import forms
from django.utils.translation import gettext_lazy as _

from articles.forms import KeyPointsField, NewsTagField
from articles.images import validate_and_reencode
from articles.models import Article, Category, Image, Profile, Section
from editorial.editing import ContentChanges, SectionDraft

RICH_TEXT = CKEditorWidget()
# The article fields the draft form edits (tags and the hero image aside).
CONTENT_FIELDS_HERE = (
    "title",
    "category",
    "dateline",
    "lead",
    "key_points",
    "summary_is_ai",
)
MAX_SECTIONS = 30
# Image attribute -> the suffix of its form field (hero_alt, image_credit, ...).
CREDIT_FIELDS = {
    "alt_text": "alt",
    "caption": "caption",
    "credit": "credit",
    "source": "source",
    "source_url": "source_url",
}


class ImageFieldsMixin:
    """Upload + credit fields for one image, validated by the one upload path."""

    def clean_image_upload(self, prefix: str):
        upload = self.cleaned_data.get(f"{prefix}file")
        if upload:
            self.cleaned_data[f"{prefix}file"] = validate_and_reencode(upload)
            if not self.cleaned_data.get(f"{prefix}alt"):
                self.add_error(
                    f"{prefix}alt",
                    _("Describe the image for readers who cannot see it."),
                )

    def credit_fields(self, prefix: str) -> dict[str, str]:
        """``Image`` attribute -> form field, for the credit fields this form has."""
        return {
            attribute: f"{prefix}{name}"
            for attribute, name in CREDIT_FIELDS.items()
            if f"{prefix}{name}" in self.fields
        }

    def show_credits(self, prefix: str, image: Image | None) -> None:
        """Start an unbound form with the stored image's alt text and credits."""
        if image is None or self.is_bound:
            return
        for attribute, field in self.credit_fields(prefix).items():
            self.fields[field].initial = getattr(image, attribute)

    def save_image(self, prefix: str, current: Image | None, user) -> Image | None:
        """Create, update or keep the image; return what the article points to."""
        data = self.cleaned_data
        if data.get(f"{prefix}remove"):
            return None
        fields = {
            attribute: data.get(field, "")
            for attribute, field in self.credit_fields(prefix).items()
        }
        if data.get(f"{prefix}file"):
            return Image.objects.create(
                file=data[f"{prefix}file"], uploaded_by=user, **fields
            )
        if current is not None:
            # check_credit_edits refused changes to somebody else's image.
            changed = [k for k, v in fields.items() if getattr(current, k) != v]
            if changed:
                for key in changed:
                    setattr(current, key, fields[key])
                current.save(update_fields=changed)
        return current

    def check_credit_edits(self, prefix: str, current: Image | None, user) -> None:
        """Text of an image someone else uploaded is theirs to change: say so."""
        data = self.cleaned_data
        if current is None or current.uploaded_by_id in (None, user.pk):
            return
        if data.get(f"{prefix}file") or data.get(f"{prefix}remove"):
            return
        for attribute, field in self.credit_fields(prefix).items():
            if data.get(field, "") != getattr(current, attribute):
                self.add_error(
                    field,
                    _(
                        "An editor added this image. Ask the editor to change its "
                        "text, or upload a new image of your own."
                    ),
                )


def image_fields(prefix: str, *, with_source_url: bool = True) -> dict:
    fields = {
        f"{prefix}file": forms.FileField(
            label=_("Image file"),
            required=False,
            help_text=_("JPEG, PNG, WebP or GIF, at most 10 MB."),
            widget=forms.ClearableFileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
            ),
        ),
        f"{prefix}alt": forms.CharField(
            label=_("Alt text"),
            required=False,
            max_length=250,
            help_text=_("What the image shows, for readers who cannot see it."),
        ),
        f"{prefix}caption": forms.CharField(
            label=_("Caption"), required=False, max_length=300
        ),
        f"{prefix}credit": forms.CharField(
            label=_("Credit"),
            required=False,
            max_length=120,
            help_text=_("Photographer or owner."),
        ),
        f"{prefix}source": forms.CharField(
            label=_("Source"),
            required=False,
            max_length=120,
            help_text=_("Site or agency, e.g. unsplash.com."),
        ),
        f"{prefix}remove": forms.BooleanField(
            label=_("Remove the image"), required=False
        ),
    }
    if with_source_url:
        fields[f"{prefix}source_url"] = forms.URLField(
            label=_("Source link"), required=False, assume_scheme="https"
        )
    return fields


class DraftForm(ImageFieldsMixin, forms.ModelForm):
    """Everything of an article but its sections, for its writer."""

    key_points = KeyPointsField(required=False, label=_("Key points"))
    tags = NewsTagField(
        required=False,
        label=_("Tags"),
        help_text=_("Comma-separated, e.g. banjir, Jakarta, cuaca."),
    )
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "title",
            "category",
            "dateline",
            "lead",
            "key_points",
            "summary_is_ai",
            "tags",
        ]
        widgets = {"lead": RICH_TEXT}
        labels = {
            "summary_is_ai": _("These key points were written with the help of AI")
        }
        help_texts = {
            "summary_is_ai": _(
                "Be honest: readers see a disclosure, and an editor checks AI points."
            ),
            "tags": _("Comma-separated, e.g. banjir, Jakarta, cuaca."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["category"].queryset = Category.objects.all()
        self.fields["category"].required = False
        self.show_credits(
            "hero_", self.instance.hero_image if self.instance.pk else None
        )
        if self.instance.pk and not self.is_bound:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        self.clean_image_upload("hero_")
        if self.instance.pk and self.user is not None:
            self.check_credit_edits("hero_", self.instance.hero_image, self.user)
        return cleaned

    def content_changes(self, user, sections: list[SectionDraft]) -> ContentChanges:
        """The edit this form asks for; stores a newly uploaded hero image."""
        fields = {
            name: self.cleaned_data[name]
            for name in self._meta.fields
            if name != "tags"
        }
        fields["hero_image"] = self.save_image(
            "hero_", self.instance.hero_image if self.instance.pk else None, user
        )
        return ContentChanges(
            fields=fields, tags=self.cleaned_data["tags"], sections=sections
        )


DraftForm.base_fields.update(image_fields("hero_"))


class SectionForm(ImageFieldsMixin, forms.ModelForm):
    class Meta:
        model = Section
        fields = ["heading", "body"]
        widgets = {"body": RICH_TEXT}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.show_credits("image_", self.instance.image if self.instance.pk else None)

    def clean(self):
        cleaned = super().clean()
        self.clean_image_upload("image_")
        if self.instance.pk and self.user is not None:
            self.check_credit_edits("image_", self.instance.image, self.user)
        if cleaned.get("body") and not cleaned.get("heading"):
            self.add_error("heading", _("Give this section a heading."))
        return cleaned


class BaseSectionFormSet(forms.BaseInlineFormSet):
    """Sections in the order the writer gives; the number shown is derived."""

    def drafts(self, user) -> list[SectionDraft]:
        """The sections to keep, in the writer's order; stores new images."""
        kept = []
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            current = form.instance.image if form.instance.pk else None
            draft = SectionDraft(
                heading=form.cleaned_data.get("heading", ""),
                body=form.cleaned_data.get("body", ""),
                image=form.save_image("image_", current, user),
                pk=form.instance.pk,
            )
            order = form.cleaned_data.get("ORDER")
            # Unnumbered sections keep their place after the numbered ones.
            kept.append((10_000 if order is None else order, len(kept), draft))
        return [draft for _order, _index, draft in sorted(kept)]


SectionForm.base_fields.update(image_fields("image_", with_source_url=False))


SectionFormSet = forms.inlineformset_factory(
    Article,
    Section,
    form=SectionForm,
    formset=BaseSectionFormSet,
    extra=1,
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
    field_for = {"hero_image": "hero_file"}
    for field, message in problems:
        if field == "sections":
            formset._non_form_errors = formset.error_class(
                [*formset.non_form_errors(), message]
            )
            continue
        name = field_for.get(field, field)
        if name in form.fields:
            form.errors.setdefault(name, form.error_class()).append(message)
        else:
            form.errors.setdefault("__all__", form.error_class()).append(message)
