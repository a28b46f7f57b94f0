"""Container health checks (docker-compose.yml): ``web`` or ``worker``.

web: GET /healthz on this container's gunicorn, with a Host header the
settings accept (the first ALLOWED_HOSTS entry), so the probe works whatever
the site's domain is. worker: the worker process is the container's main
process (PID 1) and, for RQ, it has registered itself in Redis.
"""

import os
import socket
import sys
import urllib.request


def probe_host(allowed_hosts: str) -> str:
    """A Host header ALLOWED_HOSTS accepts: its first entry (".x.org" -> "x.org")."""
    hosts = [h.strip() for h in allowed_hosts.split(",")]
    return next((h.lstrip(".") for h in hosts if h and h != "*"), "localhost")


def web() -> bool:
    request = urllib.request.Request(
        "http://127.0.0.1:8000/healthz",
        headers={
            "Host": probe_host(os.environ.get("ALLOWED_HOSTS", "")),
            "X-Forwarded-Proto": "https",
        },
    )
    with urllib.request.urlopen(request, timeout=3) as response:
        return response.status == 200


def worker() -> bool:
    with open("/proc/1/cmdline", "rb") as cmdline:
        main = cmdline.read().replace(b"\0", b" ")
    if b"rqworker" not in main and b"db_worker" not in main:
        return False
    if b"rqworker" not in main:
        return True
    sys.path.insert(0, "/app")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    import django_rq
    from rq import Worker

    connection = django_rq.get_connection("default")
    hostname = socket.gethostname()
    return any(w.hostname == hostname for w in Worker.all(connection=connection))


if __name__ == "__main__":
    checks = {"web": web, "worker": worker}
    try:
        healthy = checks[sys.argv[1]]()
    except Exception as error:  # any failure is "unhealthy", with a reason
        print(f"unhealthy: {type(error).__name__}: {error}", file=sys.stderr)
        healthy = False
    sys.exit(0 if healthy else 1)
