"""``make bench``: load the production setup with wrk and compare pages to a floor.

    make bench                       # SQLite, about 8 minutes
    BENCH_DB=postgres make bench     # PostgreSQL database newsroom_bench
    BENCH_DURATION=2 BENCH_ROUNDS=1 BENCH_CONNS="8" make bench   # quick look

It prepares a database (SQLite file or PostgreSQL ``newsroom_bench``; migrate,
``seed_demo``), collects static files into a temporary STATIC_ROOT, starts
gunicorn on 127.0.0.1 with DEBUG off, Redis as the cache and the floor page
mounted (``BENCH_FLOOR``), then runs wrk against every page at each
concurrency, round after round, the order of pages reversed every other round.
Each page is reported as a ratio to the floor served by the same workers in
the same round. Everything it starts is stopped on exit, error or Ctrl-C.
See bench/README.md for the variables and the figures.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench import measure

REPO = Path(__file__).resolve().parent.parent
LUA = REPO / "bench" / "wrk_json.lua"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def die(message: str):
    raise SystemExit(f"bench: {message}")


def env_int(name: str, default: int, low: int, high: int) -> int:
    """An integer setting from the environment, refused outside [low, high]."""
    raw = os.environ.get(name, str(default))
    if not raw.isdigit() or not low <= int(raw) <= high:
        die(f"{name} must be an integer in {low}..{high}, not {raw!r}")
    return int(raw)


@dataclass
class Config:
    db: str = "sqlite"
    duration: int = 5
    rounds: int = 3
    conns: list[int] = field(default_factory=lambda: [1, 8, 32])
    workers: int = 2
    port: int = 18100
    warmup: int = 2
    noise_max: float = 0.15
    quiet_wait: int = 30
    extra_rounds: int = 1
    uncached_header: str = "Cache-Control: no-cache"
    archive_db: str = ""
    cache_url: str = "redis://127.0.0.1:6379/5"
    pg_url: str = "postgres://postgres@127.0.0.1:5432"
    workdir: Path = Path("/tmp/newsroom-bench")
    results: Path = REPO / "bench" / "results"

    @classmethod
    def from_env(cls) -> Config:
        env = os.environ
        config = cls(
            db=env.get("BENCH_DB", "sqlite"),
            duration=env_int("BENCH_DURATION", 5, 1, 120),
            rounds=env_int("BENCH_ROUNDS", 3, 1, 10),
            workers=env_int("BENCH_WORKERS", 2, 1, 16),
            port=env_int("BENCH_PORT", 18100, 1024, 32766),
            warmup=env_int("BENCH_WARMUP", 2, 0, 30),
            quiet_wait=env_int("BENCH_QUIET_WAIT", 30, 0, 600),
            extra_rounds=env_int("BENCH_EXTRA_ROUNDS", 1, 0, 5),
            uncached_header=env.get("BENCH_UNCACHED_HEADER", cls.uncached_header),
            archive_db=env.get("BENCH_ARCHIVE_DB", ""),
            cache_url=env.get("BENCH_CACHE_URL", cls.cache_url),
            pg_url=env.get("BENCH_PG_URL", cls.pg_url).rstrip("/"),
            workdir=Path(env.get("BENCH_WORKDIR", str(cls.workdir))),
            results=Path(env.get("BENCH_RESULTS", str(cls.results))),
        )
        conns = env.get("BENCH_CONNS", "1 8 32").replace(",", " ").split()
        if not conns or not all(c.isdigit() and 1 <= int(c) <= 256 for c in conns):
            die(f"BENCH_CONNS must list concurrencies in 1..256, not {conns!r}")
        config.conns = [int(c) for c in conns]
        try:
            config.noise_max = float(env.get("BENCH_NOISE_MAX", "0.15"))
        except ValueError:
            die("BENCH_NOISE_MAX must be a number of cores, e.g. 0.15")
        if config.archive_db and not config.archive_db.replace("_", "").isalnum():
            die(
                f"BENCH_ARCHIVE_DB must be a plain database name: {config.archive_db!r}"
            )
        if config.db not in ("sqlite", "postgres"):
            die(f"BENCH_DB must be sqlite or postgres, not {config.db!r}")
        for url in (config.cache_url, config.pg_url):
            if "127.0.0.1" not in url and "localhost" not in url:
                die(f"{url} is not on loopback; the benchmark stays on this machine")
        return config

    def database_url(self, name: str | None = None) -> str:
        if name is None and self.db == "sqlite":
            return f"sqlite:///{self.workdir / 'bench.sqlite3'}"
        return f"{self.pg_url}/{name or 'newsroom_bench'}"


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


@dataclass
class Target:
    server: Server
    name: str
    path: str
    header: str = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}{self.path}"


def wrk_command(target: Target, conc: int, seconds: int, script: bool = True):
    command = ["wrk", "-t1", f"-c{conc}", f"-d{seconds}s", "--timeout", "10s"]
    if script:
        command += ["-s", str(LUA)]
    if target.header:
        command += ["-H", target.header]
    return [*command, target.url]


def run_wrk(target: Target, conc: int, seconds: int) -> dict:
    """One measured wrk run: its figures plus the CPU the server and wrk used."""
    backends0 = target.server.backend_snapshot()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server0, machine0 = target.server.cpu_ticks(), machine_ticks()
    out = subprocess.run(
        wrk_command(target, conc, seconds),
        capture_output=True,
        text=True,
        timeout=seconds + 30,
    )
    machine1, server1 = machine_ticks(), target.server.cpu_ticks()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    backends1 = target.server.backend_snapshot()
    figures = measure.parse_wrk(out.stdout + out.stderr)
    wrk_seconds = (after.ru_utime - before.ru_utime) + (
        after.ru_stime - before.ru_stime
    )
    figures.update(
        measure.cpu_figures(
            server_ticks=server1 - server0,
            db_ticks=(
                measure.backend_ticks(backends0, backends1)
                if target.server.pg is not None
                else None
            ),
            machine_ticks=machine1 - machine0,
            wrk_seconds=wrk_seconds,
            clock_ticks=CLOCK_TICKS,
            seconds=figures["seconds"],
            requests=figures["requests"],
        )
    )
    return figures


def wait_quiet(config: Config) -> float:
    """Wait (at most BENCH_QUIET_WAIT s) for 2 s in which other jobs use little CPU.

    Our servers are idle between runs, so what the machine does then is noise.
    Returns the cores busy in the last window.
    """
    deadline = time.monotonic() + config.quiet_wait
    while True:
        start = machine_ticks()
        time.sleep(2)
        busy = (machine_ticks() - start) / CLOCK_TICKS / 2
        if busy <= config.noise_max or time.monotonic() >= deadline:
            return busy
        print(f"   machine busy ({busy:.2f} cores used by others), waiting...")


def preflight(targets: list[Target]) -> tuple[list[Target], dict[str, list[str]]]:
    """Keep the targets that answer exactly 200; a 404 API is "absent"."""
    ready, absent = [], {}
    for target in targets:
        status, size = fetch(target.server.port, target.path, target.header)
        if status == 404 and target.name.startswith("api-"):
            absent.setdefault(target.server.name, []).append(target.name)
            print(f"absent: {target.server.name} {target.name} {target.path} (404)")
            continue
        if status != 200:
            die(f"{target.server.name} {target.name} {target.path} answered {status}")
        print(f"ready: {target.server.name} {target.name} {target.path} ({size} bytes)")
        ready.append(target)
    return ready, absent


def host_line() -> str:
    model = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return f"{os.cpu_count()} cores, {model}, kernel {platform.release()}"


def versions(env: dict[str, str]) -> str:
    import django
    import gunicorn

    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    parts = [
        f"Python {platform.python_version()}",
        f"Django {django.get_version()}",
        f"gunicorn {gunicorn.__version__}",
        (wrk.stdout or wrk.stderr).split(" Copyright")[0].strip(),
    ]
    return " | ".join(parts)


def measure_one(target: Target, conc: int, round_: int, config: Config) -> dict:
    row = {
        "server": target.server.name,
        "target": target.name,
        "conc": conc,
        "round": round_,
        **run_wrk(target, conc, config.duration),
    }
    print(
        f"c={conc:<3} round {round_} {target.server.name[:12]:<12} "
        f"{target.name:<17} {row['rps']:8.1f} req/s  "
        f"p50 {row['p50_ms']:7.2f} ms  p99 {row['p99_ms']:8.2f} ms  "
        f"non-2xx {row['non2xx']}  other {row['other_cores']:.2f} cores"
    )
    return row


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # progress shows in logs and pipes
    config = Config.from_env()
    if shutil.which("wrk") is None:
        die("wrk not found: apt-get install -y wrk")
    config.workdir.mkdir(parents=True, exist_ok=True)
    config.results.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    servers: list[Server] = []

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    try:
        env = server_env(config, config.database_url(), config.port)
        print(f"preparing the {config.db} database and static files...")
        prepare(config, env)
        plan = [("newsroom", env)]
        if config.archive_db:
            archive_port = config.port + 1
            archive_env = server_env(
                config, config.database_url(config.archive_db), archive_port
            )
            plan.append((f"archive ({config.archive_db})", archive_env))
        targets = []
        for index, (name, server_environment) in enumerate(plan):
            server = Server(
                name,
                server_environment,
                config.port + index,
                config.workers,
                config.workdir / f"gunicorn-{index}.log",
            )
            servers.append(server)
            paths = discover_targets(server_environment)
            server.start()
            server.wait_ready(paths["floor"])
            database = server_environment["DATABASE_URL"]
            if database.startswith("postgres"):
                server.watch_database(config.pg_url, database.rsplit("/", 1)[1])
            for target_name, path in paths.items():
                header = (
                    config.uncached_header if target_name == "article-uncached" else ""
                )
                targets.append(Target(server, target_name, path, header))
        targets, absent = preflight(targets)
        for target in targets:  # past the workers' first requests, caches filled
            if config.warmup:
                subprocess.run(
                    wrk_command(target, 8, config.warmup, script=False),
                    capture_output=True,
                    timeout=config.warmup + 30,
                )
        rows = []
        for conc in config.conns:
            clean = round_ = 0
            while (
                clean < config.rounds and round_ < config.rounds + config.extra_rounds
            ):
                round_ += 1
                wait_quiet(config)
                order = targets if round_ % 2 else targets[::-1]
                batch = [measure_one(t, conc, round_, config) for t in order]
                noisy = any(r["other_cores"] > config.noise_max for r in batch)
                for row in batch:
                    row["noisy"] = noisy
                rows += batch
                clean += not noisy
                if noisy:
                    print(f"   round {round_} at c={conc} was noisy")
        header = {
            "date": started.isoformat(timespec="seconds"),
            "db": config.db,
            "host": host_line(),
            "versions": versions(env),
            "config": {
                "workers": config.workers,
                "duration_s": config.duration,
                "rounds": config.rounds,
                "conns": config.conns,
                "warmup_s": config.warmup,
                "noise_max": config.noise_max,
                "uncached_header": config.uncached_header,
                "cache_url": config.cache_url,
                "archive_db": config.archive_db,
            },
            "targets": {f"{t.server.name} {t.name}": t.path for t in targets},
            "absent": absent,
        }
        write_results(config, header, rows, absent, started)
    finally:
        for server in servers:
            server.stop()


def write_results(config, header, rows, absent, started) -> None:
    from bench import chart, report

    stem = config.results / f"{started:%Y-%m-%d}-{config.db}"
    used, notes = measure.clean_rounds(rows)
    summary = measure.summarize(used)
    Path(f"{stem}.json").write_text(
        json.dumps({"header": header, "rows": rows}, indent=1) + "\n"
    )
    Path(f"{stem}.md").write_text(report.markdown(header, summary, absent, notes))
    chart.draw(summary, Path(f"{stem}.png"), title=f"Newsroom, {config.db}")
    print()
    print(measure.markdown_tables(summary, absent=absent, notes=notes))
    print(f"results: {stem}.md {stem}.png {stem}.json")


if __name__ == "__main__":
    main()
