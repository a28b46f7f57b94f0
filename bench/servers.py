"""The servers ``make bench`` loads: their environment, database and gunicorn.

Also the CPU accounting they need, read from ``/proc`` (parsed by
``bench.measure``).
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench import measure
from bench.config import REPO, Config, die

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def server_env(config: Config, database_url: str, port: int) -> dict[str, str]:
    """The production settings, for real, on loopback (see newsroom/settings.py)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="False",
        DATABASE_URL=database_url,
        CACHE_URL=config.cache_url,
        CONN_MAX_AGE="600",
        STATIC_ROOT=str(config.workdir / "static"),
        MEDIA_ROOT=str(config.workdir / "media"),
        SITE_URL=f"http://127.0.0.1:{port}",
        BENCH_FLOOR="True",
        # wrk is one client address: without this the JSON API would be
        # measured answering 429 past its anonymous limit.
        API_ANON_RATE="",
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def manage(env: dict[str, str], *args: str, timeout: int = 600) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode:
        die(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def create_pg_database(config: Config, name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{config.pg_url}/postgres", connect_timeout=10)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
            print(f"created PostgreSQL database {name}")
    connection.close()


def prepare(config: Config, env: dict[str, str]) -> None:
    """Static files, then the bench database: migrate and seed (both idempotent)."""
    config.workdir.mkdir(parents=True, exist_ok=True)
    manage(env, "collectstatic", "--noinput", "--clear", "-v0")
    if config.db == "postgres":
        create_pg_database(config, "newsroom_bench")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo")
    # An empty cache, so "cached" pages are cached by this run's warm-up only.
    import redis

    redis.Redis.from_url(config.cache_url, socket_timeout=5).flushdb()


def discover_targets(env: dict[str, str]) -> dict[str, str]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.targets"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if out.returncode:
        die(f"could not list the pages to load:\n{out.stderr}")
    return json.loads(out.stdout)


class Server:
    """One gunicorn in its own session, stopped as a group by its PID."""

    def __init__(self, name: str, env: dict[str, str], port: int, workers: int, log):
        self.name, self.env, self.port, self.workers = name, env, port, workers
        self.log_path = log
        self.process: subprocess.Popen | None = None
        self.pg = None  # on PostgreSQL: a connection to list the database's backends

    def watch_database(self, pg_url: str, database: str) -> None:
        import psycopg2

        self.pg = psycopg2.connect(f"{pg_url}/{database}", connect_timeout=10)
        self.pg.autocommit = True

    def backend_snapshot(self) -> dict[int, int]:
        """CPU ticks of each PostgreSQL backend serving this server's database."""
        if self.pg is None:
            return {}
        with self.pg.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            pids = [row[0] for row in cursor.fetchall()]
        snapshot = {}
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    snapshot[pid] = measure.parse_proc_stat(f.read()).ticks
            except OSError:
                continue
        return snapshot

    def start(self) -> None:
        if not port_free(self.port):
            die(f"port {self.port} is in use (set BENCH_PORT)")
        command = [
            sys.executable, "-m", "gunicorn", "newsroom.wsgi",
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers), "--worker-class", "sync",
            "--log-level", "warning", "--chdir", str(REPO),
        ]  # fmt: skip
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                command,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, path: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if fetch(self.port, path)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        die(f"{self.name} did not answer 200 on {path}:\n{self.log_tail()}")

    def log_tail(self) -> str:
        return "\n".join(Path(self.log_path).read_text().splitlines()[-20:])

    def cpu_ticks(self) -> int:
        return measure.tree_ticks(all_proc_stats(), self.process.pid)

    def stop(self) -> None:
        if self.pg is not None:
            self.pg.close()
        if self.process is None or self.process.poll() is not None:
            return
        for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(timeout=grace)
                print(f"stopped {self.name} (pid {self.process.pid})")
                return
            except subprocess.TimeoutExpired:
                continue


def port_free(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def fetch(port: int, path: str, header: str = "") -> tuple[int, int]:
    """Status and body size of one GET, redirects not followed."""
    name, _, value = header.partition(":")
    headers = {name.strip(): value.strip()} if header else {}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, len(response.read())
    finally:
        connection.close()


def all_proc_stats() -> list[measure.ProcStat]:
    stats = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as f:
                    stats.append(measure.parse_proc_stat(f.read()))
            except (OSError, ValueError):
                continue  # the process ended meanwhile
    return stats


def machine_ticks() -> int:
    with open("/proc/stat") as f:
        return measure.machine_busy_ticks(f.read())
