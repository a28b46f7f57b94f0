"""Probes: /healthz says the process lives, /readyz that its services answer."""

import json

import pytest
from django.core.cache import caches

from newsroom import health


def test_healthz_answers_ok_without_the_database(client):
    """Liveness needs no database (this test has no database access) and is never cached."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_readyz_is_200_when_database_cache_and_storage_answer(client):
    """Readiness lists every check by name with "ok"."""
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok", "tasks": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("error", [ConnectionError, RuntimeError])
def test_readyz_is_503_when_the_cache_fails(client, monkeypatch, error):
    """A failing cache makes readiness 503 (never a 500) and names the check."""
    cache = caches["default"]

    async def broken_set(*args, **kwargs):
        raise error("redis://secret-host:6379 is down")

    monkeypatch.setattr(cache, "aset", broken_set)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body == {
        "status": "failed",
        "checks": {
            "database": "ok",
            "cache": "failed",
            "storage": "ok",
            "tasks": "ok",
        },
    }
    assert b"secret-host" not in response.content


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_readyz_is_503_when_the_database_fails(client, monkeypatch):
    """A database that cannot be reached makes readiness 503."""
    from django.db import OperationalError, connections

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: password=hunter2")

    # The check runs in a worker thread, which has its own connection object.
    wrapper = type(connections["default"])
    monkeypatch.setattr(wrapper, "temporary_connection", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["database"] == "failed"
    assert b"hunter2" not in response.content


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_readiness_checks_can_be_extended(client, monkeypatch):
    """One more entry in READINESS_CHECKS is one more named check in the answer."""
    import dataclasses

    from health_check.base import HealthCheck
    from health_check.exceptions import ServiceUnavailable

    @dataclasses.dataclass
    class QueueDown(HealthCheck):
        def run(self):
            raise ServiceUnavailable("no worker")

    monkeypatch.setitem(health.READINESS_CHECKS, "tasks", QueueDown)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["tasks"] == "failed"


def test_probes_are_exempt_from_the_https_redirect(client, settings):
    """A load balancer probing over plain http gets an answer, not a redirect."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_readyz_is_503_when_the_task_queue_does_not_answer(client, monkeypatch):
    """An unreachable task queue makes readiness 503 and names the check."""
    from django_tasks_db.models import DBTaskResult

    def broken(*args, **kwargs):
        raise ConnectionError("queue down")

    monkeypatch.setattr(DBTaskResult.objects, "exists", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["tasks"] == "failed"
