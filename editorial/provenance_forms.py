"""What the two article edit forms (desk and portal) share about key points.

``summary_source`` may be left out of a post (it then stays as it is), and
the hidden ``suggestion`` field names the machine proposal whose points the
person is editing ("Edit" on a proposal), so the save records its outcome
and the points' kind (see ``editorial.provenance``).
"""

from django import forms

from articles.models import SummarySource

from . import suggestions


def suggestion_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False)


class KeyPointProvenanceMixin:
    """For a ModelForm of ``Article`` that declares ``suggestion_field()``."""

    def setup_provenance(self, suggestion=None) -> None:
        """Call from ``__init__``; ``suggestion`` fills the key points to edit."""
        if "summary_source" in self.fields:
            self.fields["summary_source"].required = False
        if suggestion is not None and not self.is_bound:
            self.initial["key_points"] = list(suggestion.points)
            self.initial["suggestion"] = suggestion.pk
            self.initial["summary_source"] = suggestion.backend

    def clean_summary_source(self):
        value = self.cleaned_data.get("summary_source")
        return value or self.instance.summary_source or SummarySource.HUMAN

    def used_suggestion(self):
        """The open proposal these points were taken from, if any."""
        if self.instance.pk is None:
            return None
        return suggestions.open_suggestion(
            self.instance, self.cleaned_data.get("suggestion")
        )
