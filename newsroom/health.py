"""Probes for the load balancer and the orchestrator.

``/healthz``: the process is alive and answers (no database, no cache).
``/readyz``: the services a request needs answer; 503 when one does not.

Both answer plain JSON with check names and "ok"/"failed" only: no versions,
no hosts, no error text (failures are logged, with the request id).
To check one more service, add an entry to ``READINESS_CHECKS``: a name and a
django-health-check check (a class, its dotted path, or ``(check, options)``).
"""

import asyncio
import dataclasses
import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

logger = logging.getLogger(__name__)

READINESS_CHECKS: dict[str, object] = {
    "database": "health_check.checks.Database",
    "cache": "health_check.checks.Cache",
    "storage": "health_check.checks.Storage",
}


@never_cache
def healthz(request):
    """Answer 200 "ok" while the process can serve a request."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def _instantiate(spec):
    check, options = spec if isinstance(spec, tuple) else (spec, {})
    if isinstance(check, str):
        check = import_string(check)
    return check(**options)


class ReadinessView(HealthCheckView):
    """Run every check of READINESS_CHECKS at once; 200 when all pass, else 503."""

    checks_by_name = READINESS_CHECKS

    async def get(self, request, *args, **kwargs):
        names = list(self.checks_by_name)
        checks = [_instantiate(self.checks_by_name[name]) for name in names]
        with self.get_executor() as executor:
            results = await asyncio.gather(
                *(check.get_result(executor) for check in checks)
            )
        status = {
            name: "failed" if result.error else "ok"
            for name, result in zip(names, results, strict=True)
        }
        for name, result in zip(names, results, strict=True):
            if result.error:
                logger.warning("Readiness check %s failed: %s", name, result.error)
        ready = all(value == "ok" for value in status.values())
        response = JsonResponse(
            {"status": "ok" if ready else "failed", "checks": status},
            status=200 if ready else 503,
        )
        add_never_cache_headers(response)
        return response


readyz = ReadinessView.as_view()


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """The task queue answers: its table (db backend) or its Redis (rq backend)."""

    def run(self):
        backend = settings.TASKS_BACKEND
        try:
            if backend == "db":
                from django_tasks_db.models import DBTaskResult

                DBTaskResult.objects.exists()
            elif backend == "rq":
                import django_rq

                django_rq.get_connection("default").ping()
        except Exception as error:
            raise ServiceUnavailable(type(error).__name__) from error


READINESS_CHECKS["tasks"] = TaskQueue
