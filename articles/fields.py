"""Model fields that enforce content rules at the model layer."""

from django.db import models

from .sanitize import clean_html


class SanitizedHTMLField(models.TextField):
    """A TextField whose value is passed through ``clean_html`` before it is stored.

    ``pre_save`` cleans the instance attribute (so the object in memory matches
    the row); ``get_db_prep_save`` also covers ``QuerySet.update``, bulk
    inserts and raw fixture loading, which skip ``pre_save``. The editing
    widget is chosen by forms/admin, so swapping editors needs no migration.
    (A hand-built database expression such as ``update(lead=Value(...))`` is
    compiled by Django without this field; code must pass plain strings.)
    """

    def pre_save(self, model_instance, add):
        value = clean_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value, connection):
        if value is not None and not hasattr(value, "resolve_expression"):
            value = clean_html(value)
        return super().get_db_prep_save(value, connection)
