"""wrk runs against the bench servers: commands, measured runs, quiet waits."""

from __future__ import annotations

import resource
import subprocess
import time
from dataclasses import dataclass

from bench import measure
from bench.config import REPO, Config, die
from bench.servers import CLOCK_TICKS, Server, fetch, machine_ticks

LUA = REPO / "bench" / "wrk_json.lua"


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
