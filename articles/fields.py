"""Model fields that enforce content rules at the model layer."""

from django.db import models

from .sanitize import clean_html

# The longest lead or section body a form accepts, in characters of HTML: a
# very long story's section is about 20,000. Search indexing bounds its own
# input as well (articles.search), so no text can make a save fail.
MAX_RICH_TEXT_LENGTH = 100_000


class SanitizedHTMLField(models.TextField):
    """A TextField whose value is passed through ``clean_html`` before it is stored.

    ``pre_save`` cleans the instance attribute (so the object in memory matches
    the row); ``get_db_prep_save`` also covers ``QuerySet.update``, bulk
    inserts and raw fixture loading, which skip ``pre_save``. The editing
    widget is chosen by forms/admin, so swapping editors needs no migration.
    (A hand-built database expression such as ``update(lead=Value(...))`` is
    compiled by Django without this field; code must pass plain strings.)
    """

    def formfield(self, **kwargs):
        # Every form (admin, portal) refuses an over-long text with a field
        # error and keeps what was typed; the column itself stays unbounded.
        kwargs.setdefault("max_length", MAX_RICH_TEXT_LENGTH)
        return super().formfield(**kwargs)

    def pre_save(self, model_instance, add):
        value = clean_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value, connection):
        if value is not None and not hasattr(value, "resolve_expression"):
            value = clean_html(value)
        return super().get_db_prep_save(value, connection)
