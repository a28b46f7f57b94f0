"""Form pieces shared by every place that edits articles (admin, writer portal)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.forms import TagField
from taggit.models import Tag

from .images import validate_and_reencode

MAX_KEY_POINTS = 5
MAX_KEY_POINT_LENGTH = 200


class KeyPointsField(forms.CharField):
    """Key points edited as one point per line, stored as a list of strings."""

    widget = forms.Textarea(attrs={"rows": 5})

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _("One point per line: 2 to 5 short sentences of plain text."),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        lines = (value or "").splitlines()
        return [" ".join(line.split()) for line in lines if line.strip()]

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(value) > MAX_KEY_POINTS:
            raise ValidationError(
                _("Give at most %(max)d key points; you gave %(count)d."),
                params={"max": MAX_KEY_POINTS, "count": len(value)},
                code="too_many",
            )
        too_long = [
            i + 1 for i, point in enumerate(value) if len(point) > MAX_KEY_POINT_LENGTH
        ]
        if too_long:
            raise ValidationError(
                ngettext(
                    "Key point %(numbers)s is longer than %(max)d characters.",
                    "Key points %(numbers)s are longer than %(max)d characters.",
                    len(too_long),
                ),
                params={
                    "numbers": ", ".join(map(str, too_long)),
                    "max": MAX_KEY_POINT_LENGTH,
                },
                code="too_long",
            )

    def has_changed(self, initial, data):
        return self.to_python(initial) != self.to_python(data)


def https_url_formfield(db_field, **kwargs):
    """Form fields for a model, reading a scheme-less URL as https (Django 6's way)."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class ImageUploadForm(forms.ModelForm):
    """An image with its credits; the file goes through the one upload validator."""

    class Meta:
        formfield_callback = https_url_formfield

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(
            upload, "content_type"
        ):  # a new upload, not the stored file
            return validate_and_reencode(upload)
        return upload


def split_tags(text: str) -> list[str]:
    """Tags as typed: "pasar terapung, Banjarmasin, UMKM" is three tags.

    Split on commas only (a space belongs to the tag), in the order typed,
    with the case typed; quotes around a name (taggit's old format) are
    dropped, and a repeated name (in any case) counts once.
    """
    names: list[str] = []
    seen: set[str] = set()
    for part in (text or "").split(","):
        name = " ".join(part.split()).strip('"').strip()
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


class TagListWidget(forms.TextInput):
    """Tags shown as typed, "pasar terapung, Banjarmasin", never quoted."""

    def format_value(self, value):
        if value is not None and not isinstance(value, str):
            value = ", ".join(getattr(tag, "name", str(tag)) for tag in value)
        return super().format_value(value)


class NewsTagField(TagField):
    """Tags that can have a page: a name that slugifies, within the column size.

    An existing tag is matched whatever its case (TAGGIT_CASE_INSENSITIVE):
    the first spelling stays the tag's name and its slug is lowercase.
    """

    widget = TagListWidget

    def has_changed(self, initial, data):
        before = sorted(getattr(tag, "name", tag).casefold() for tag in initial or [])
        try:
            after = self.clean(data)
        except ValidationError:
            return True
        return before != sorted(name.casefold() for name in after)

    def clean(self, value):
        names = split_tags(forms.CharField.clean(self, value))
        max_length = Tag._meta.get_field("name").max_length
        for name in names:
            if len(name) > max_length:
                raise ValidationError(
                    _("A tag can be at most %(max)d characters long."),
                    params={"max": max_length},
                    code="tag_too_long",
                )
            if not Tag().slugify(name):
                raise ValidationError(
                    _("“%(name)s” cannot be a tag: use letters or digits."),
                    params={"name": name},
                    code="tag_without_letters",
                )
        return names
