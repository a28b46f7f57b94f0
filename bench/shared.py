"""``make bench-shared``: the shared side-by-side harness, our article page added.

    make bench-shared
    make bench-shared BENCH_SHARED_ARGS="--duration 3 --conns 8 --rounds 2"
    PAGE_CACHE=False make bench-shared           # the uncached article page
    BENCH_DB=postgres make bench-shared          # ours on PostgreSQL, Wagtail too

Runs ``../shared/bench/run_bench.sh`` (read-only; it keeps its state in
$BENCH_DATA, /tmp/bench-data) with our gunicorn as its ``--extra-cmd``, so the
Django floor, Wagtail and the newsroom article page are measured in one run,
interleaved, by the same method. It prepares our side first, like ``make
bench``: static files, the bench database (SQLite, or with BENCH_DB=postgres
the newsroom_bench database on BENCH_PG_URL, while the harness puts Wagtail
on its own private PostgreSQL), demo content. The harness's text output goes
to ``bench/results/<date>-shared[-postgres]-<cached|uncached>.txt``.
"""

import os
import shlex
import subprocess
import sys
from datetime import UTC, datetime

from bench.config import REPO, Config, die, env_int
from bench.servers import discover_targets, prepare, server_env

SHARED = REPO.parent / "shared" / "bench"
VENVS = os.environ.get("BENCH_VENVS", "/tmp/bench-venvs")


def extra_command(env: dict[str, str], port: int) -> str:
    """Our gunicorn for ``--extra-cmd``: foreground, workers as the harness says.

    Our settings go on the command itself, so the harness's own servers never
    see them.
    """
    names = [
        "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT",
        "DATABASE_URL", "CACHE_URL", "CONN_MAX_AGE", "STATIC_ROOT", "MEDIA_ROOT",
        "SITE_URL", "LOG_LEVEL", "PAGE_CACHE",
    ]  # fmt: skip
    assignments = " ".join(f"{name}={shlex.quote(env[name])}" for name in names)
    return (
        f"cd {shlex.quote(str(REPO))} && exec env {assignments} "
        f"{shlex.quote(sys.executable)} -m gunicorn newsroom.wsgi "
        f"--bind 127.0.0.1:{port} "
        '--workers "$BENCH_WORKERS" --worker-class "$BENCH_WORKER_CLASS" '
        "--log-level warning"
    )


def main(args: list[str]) -> None:
    if not (SHARED / "run_bench.sh").exists():
        die(f"no shared harness at {SHARED}")
    for venv in ("floor", "wagtail"):
        if not os.access(f"{VENVS}/{venv}/bin/gunicorn", os.X_OK):
            print(f"no {VENVS}/{venv}: running the harness's setup.sh once")
            subprocess.run([SHARED / "setup.sh"], check=True, timeout=1800)
    config = Config.from_env()  # BENCH_DB=postgres: ours on PostgreSQL, and --pg
    port = env_int("BENCH_SHARED_PORT", 18010, 1024, 32766)
    env = server_env(config, config.database_url(), port)
    # PAGE_CACHE=False measures the uncached article page (every request renders).
    env["PAGE_CACHE"] = os.environ.get("PAGE_CACHE", "True")
    cached = env["PAGE_CACHE"].lower() not in ("0", "false", "no", "off")
    print(f"preparing the {config.db} database and static files...")
    prepare(config, env)
    article = discover_targets(env)["article-cached"]
    if "--out" not in args:
        config.results.mkdir(parents=True, exist_ok=True)
        kind = "cached" if cached else "uncached"
        db = "" if config.db == "sqlite" else f"-{config.db}"
        out = config.results / f"{datetime.now(UTC):%Y-%m-%d}-shared{db}-{kind}.txt"
        args = [*args, "--out", str(out)]
    if config.db == "postgres" and "--pg" not in args:
        # Wagtail on the harness's private PostgreSQL 15 beside ours.
        args = [*args, "--pg"]
    harness_env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    command = [
        str(SHARED / "run_bench.sh"),
        "--extra-name", "newsroom" if cached else "newsroom-uncached",
        "--extra-url", f"http://127.0.0.1:{port}{article}",
        "--extra-cmd", extra_command(env, port),
        *args,
    ]  # fmt: skip
    sys.exit(subprocess.run(command, env=harness_env).returncode)


if __name__ == "__main__":
    main(sys.argv[1:])
