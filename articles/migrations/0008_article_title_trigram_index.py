"""A trigram index on the upper-cased title, for the desk's search on PostgreSQL.

Django's ``icontains`` is ``UPPER(title::text) LIKE UPPER('%word%')``: only a
trigram index on that expression serves it without reading every row. The
pg_trgm extension ships with PostgreSQL; where the database user may not
create it, the migration goes on without the index (searches still work,
slower) and says so.
"""

import logging

from django.db import DatabaseError, migrations, transaction

INDEX = "article_title_trgm"
logger = logging.getLogger(__name__)


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        logger.warning("pg_trgm unavailable (%s): no trigram index on titles", error)
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article "
        "USING gin (upper(title::text) gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_summary_source_and_site_pages"),
    ]

    operations = [
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
