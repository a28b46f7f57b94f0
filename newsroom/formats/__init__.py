"""Date formats that override Django's own per language (FORMAT_MODULE_PATH).

Only the names set here change; everything else falls back to Django's
locale formats. Day and month names come from Django's translations.
"""
