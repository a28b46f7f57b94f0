"""The migration from the summary_is_ai flag to summary_source keeps what it meant."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("articles", "0006_article_draft_token"),
    ("editorial", "0002_editorial_groups"),
]
AFTER = [("articles", "0007_summary_source_and_site_pages")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_flag_true_becomes_llm_and_false_becomes_human():
    """Machine-written (True) points become "llm"; the others "human"."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    User = apps.get_model("auth", "User")
    Article = apps.get_model("articles", "Article")
    author = User.objects.create(username="old-writer")
    machine = Article.objects.create(
        title="Old AI", slug="old-ai", author=author, summary_is_ai=True
    )
    person = Article.objects.create(
        title="Old human", slug="old-human", author=author, summary_is_ai=False
    )
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        apps = executor.loader.project_state(AFTER).apps
        Article = apps.get_model("articles", "Article")
        assert Article.objects.get(pk=machine.pk).summary_source == "llm"
        assert Article.objects.get(pk=person.pk).summary_source == "human"
        SitePage = apps.get_model("articles", "SitePage")
        assert SitePage.objects.filter(slug="ai-policy").exists()
    finally:
        call_command("migrate", verbosity=0)
