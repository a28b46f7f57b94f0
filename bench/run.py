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

import json
import os
import platform
import shutil
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench import measure
from bench.config import Config, die
from bench.servers import Server, discover_targets, prepare, server_env
from bench.wrk import Target, measure_one, preflight, wait_quiet, wrk_command


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
