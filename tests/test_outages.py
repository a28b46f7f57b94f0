"""Outages of the cache and the database: readers get pages or a friendly 503, never a 500."""

import logging

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.urls import reverse

from newsroom import cache as resilient
from newsroom import db_outage

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_redis(settings):
    """A Redis cache on a port where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    resilient.ResilientRedisCache._outage.clear()
    yield caches["default"]
    resilient.ResilientRedisCache._outage.clear()


def test_an_unreachable_cache_is_a_miss_logged_once(dead_redis, caplog):
    """Reads miss, writes are dropped, and the outage is logged once, not per call."""
    with caplog.at_level(logging.WARNING, logger="newsroom.cache"):
        assert dead_redis.get("k", "fallback") == "fallback"
        assert dead_redis.add("k", 1) is False
        dead_redis.set("k", 1)
        assert dead_redis.get_many(["a", "b"]) == {}
        assert dead_redis.incr("k") == 1
    assert len(caplog.records) == 1
    assert "Cache unreachable" in caplog.records[0].getMessage()


def test_reader_pages_and_logins_work_without_the_cache(dead_redis, client, writer):
    """With Redis down the home page answers 200 and a writer can still log in."""
    assert client.get(reverse("articles:home")).status_code == 200
    response = client.post(
        reverse("portal:login"),
        {"username": writer.username, "password": "test-pass-123"},
    )
    assert response.status_code == 302


def test_database_outage_answers_503_with_one_log_line(client, monkeypatch, caplog):
    """Views failing to reach the database give the 503 page; the log says it once."""
    db_outage._outage.clear()

    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr("articles.views.HomeView.get", unreachable)
    with caplog.at_level(logging.WARNING):
        responses = [client.get(reverse("articles:home")) for _ in range(3)]
    assert [r.status_code for r in responses] == [503, 503, 503]
    assert responses[0]["Retry-After"] == "30"
    html = responses[0].content.decode()
    assert "Sebentar lagi kembali" in html  # "Back in a moment"
    # The site's frame, with its links, though no context processor ran.
    assert '<a class="site-name" href="/">' in html
    assert 'action="/search/"' in html
    outage_lines = [r for r in caplog.records if r.name == "newsroom.database"]
    assert len(outage_lines) == 1
    assert not [r for r in caplog.records if r.name == "django.request"]

    monkeypatch.undo()
    with caplog.at_level(logging.WARNING, logger="newsroom.database"):
        assert client.get(reverse("articles:home")).status_code == 200
    assert "reachable again" in caplog.records[-1].getMessage()


def test_task_logs_carry_the_id_of_the_request_that_queued_them(
    client, writer, caplog, django_capture_on_commit_callbacks
):
    """A task run for a request logs with that request's X-Request-ID."""
    from tests.builders import draft_payload, log_in

    log_in(client, writer)
    with caplog.at_level(logging.INFO, logger="newsroom.tasks"):
        client.post(
            reverse("portal:new"), draft_payload(), HTTP_X_REQUEST_ID="req-from-proxy-1"
        )
    started = [r for r in caplog.records if "started" in r.getMessage()]
    assert started
    assert all(getattr(r, "request_id", None) == "req-from-proxy-1" for r in started)
