"""The OpenAPI schema: served, documented, and every answer of the API matches it.

Schemathesis generates requests from the schema (valid and invalid query
parameters, path values, API-key headers) and checks each answer in-process
through the WSGI app: no 500, status codes, content types and bodies as the
schema says. The run is bounded (few examples per operation, derandomized)
so ``make test`` stays fast and repeatable; throttling is off for it.
"""

import hypothesis
import hypothesis.strategies as st
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from schemathesis.specs.openapi.checks import positive_data_acceptance

from articles.models import Article, Correction, Profile
from newsroom.wsgi import application
from tests.builders import make_article, make_category, make_editor, make_image
from tests.test_api import machine_summary

SCHEMA_URL = "/api/v1/openapi.json"


@pytest.fixture
def api_schema(db, settings):
    """The schema as a client loads it, over a small newsroom with every part."""
    settings.API_ANON_RATE = None
    settings.ALLOWED_HOSTS = ["*"]
    editor = make_editor()
    for n in range(3):
        article = make_article(
            hero_image=make_image(),
            approved_by=editor,
            tags=[f"tag-{n}", "common"],
            sections=2,
            **machine_summary(bool(n % 2)),
            summary_checked_by=editor if n % 2 else None,
            category=make_category() if n else None,
        )
        Profile.objects.create(user=article.author, display_name=f"Writer {n}")
        Correction.objects.create(article=article, note="Fixed.")
    make_article(status="draft")
    make_article(published_at=timezone.now() + timezone.timedelta(days=1))
    # As Django's test client does: the WSGI app, called directly, must not
    # close the test's database connection (and its transaction) after a
    # request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi(SCHEMA_URL, application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


OPERATIONS = [
    "/api/v1/articles/",
    "/api/v1/articles/{id}/",
    "/api/v1/articles/by-slug/{slug}/",
    "/api/v1/categories/",
    "/api/v1/tags/",
    "/api/v1/authors/",
]


def test_the_schema_lists_every_endpoint(client):
    """The schema at its stable URL describes every API endpoint, and only GET."""
    paths = client.get(SCHEMA_URL).json()["paths"]
    assert sorted(paths) == sorted(OPERATIONS)
    assert all(set(methods) == {"get"} for methods in paths.values())


@pytest.mark.parametrize("path", OPERATIONS)
def test_every_answer_matches_the_schema(api_schema, path):
    """No generated request makes a 500, and every answer matches the schema."""
    operation = api_schema[path]["GET"]
    published = Article.objects.published()
    # Random ids and slugs rarely name an article: half the cases use real ones.
    real = {
        "id": list(published.values_list("pk", flat=True)),
        "slug": list(published.values_list("slug", flat=True)),
    }

    @hypothesis.given(case=operation.as_strategy(), data=st.data())
    @hypothesis.settings(
        max_examples=30,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    def run(case, data):
        for name, values in real.items():
            if name in (case.path_parameters or {}) and data.draw(st.booleans()):
                case.path_parameters[name] = data.draw(st.sampled_from(values))
        # A cursor is opaque: a schema-valid string that no `next` link gave
        # is rightly refused (400), so that one check skips requests with one
        # (tests/test_api.py walks real cursors and refuses damaged ones).
        has_cursor = "cursor" in (case.query or {})
        case.call_and_validate(
            excluded_checks=[positive_data_acceptance] if has_cursor else []
        )

    run()
