"""Settings of ``make bench``, from ``BENCH_*`` variables checked up front."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


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
