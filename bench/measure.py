"""The pure pieces of ``make bench``: parse wrk, account CPU, aggregate, tabulate.

Nothing here starts a process or opens a socket, so ``tests/test_bench.py``
runs all of it on sample text. ``bench/wrk.py`` and ``bench/servers.py`` feed
it real output.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from dataclasses import dataclass

# The line bench/wrk_json.lua prints when a wrk run ends.
WRK_JSON_PREFIX = "wrk-json: "
FLOOR = "floor"


def parse_wrk(output: str) -> dict:
    """The summary of one wrk run, from its stdout.

    Returns requests, seconds, req/s, latency percentiles in ms, bytes,
    ``non2xx`` (every response outside 200-299, redirects included) and
    ``sock_errors`` (connect, read, write errors and timeouts).
    """
    for line in output.splitlines():
        if line.startswith(WRK_JSON_PREFIX):
            data = json.loads(line[len(WRK_JSON_PREFIX) :])
            break
    else:
        raise ValueError(f"no {WRK_JSON_PREFIX!r} line in wrk output:\n{output}")
    seconds = data["duration_us"] / 1e6
    errors = data["errors"]
    return {
        "requests": data["requests"],
        "seconds": seconds,
        "rps": data["requests"] / seconds if seconds else 0.0,
        "p50_ms": data["latency_us"]["p50"] / 1000,
        "p90_ms": data["latency_us"]["p90"] / 1000,
        "p99_ms": data["latency_us"]["p99"] / 1000,
        "max_ms": data["latency_us"]["max"] / 1000,
        "bytes": data["bytes"],
        "non2xx": data["non2xx"],
        "sock_errors": sum(errors[k] for k in ("connect", "read", "write", "timeout")),
    }


@dataclass(frozen=True)
class ProcStat:
    pid: int
    ppid: int
    ticks: int  # utime + stime + cutime + cstime, in clock ticks


def parse_proc_stat(text: str) -> ProcStat:
    """One ``/proc/<pid>/stat`` line: parent and CPU ticks, children included.

    The command name sits in parentheses and may itself contain spaces or
    parentheses, so fields are counted from the last ``)``. The reaped
    children's ticks (cutime, cstime) count, so a worker that exits and is
    replaced during a run still adds its CPU to its master's total.
    """
    pid = int(text.split(" ", 1)[0])
    fields = text[text.rindex(")") + 2 :].split()
    # After the name: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
    ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))
    return ProcStat(pid=pid, ppid=int(fields[1]), ticks=ticks)


def tree_ticks(stats: list[ProcStat], root: int) -> int:
    """CPU ticks of ``root`` and all its live descendants (gunicorn + workers)."""
    children = defaultdict(list)
    for stat in stats:
        children[stat.ppid].append(stat)
    by_pid = {stat.pid: stat for stat in stats}
    if root not in by_pid:
        return 0
    total, todo = 0, [by_pid[root]]
    while todo:
        stat = todo.pop()
        total += stat.ticks
        todo.extend(children[stat.pid])
    return total


def backend_ticks(before: dict[int, int], after: dict[int, int]) -> int:
    """CPU ticks that database backends (pid -> ticks) used between two snapshots.

    A backend that appeared meanwhile counts in full; one that ended is lost
    (rare: connections are persistent, CONN_MAX_AGE).
    """
    return sum(ticks - before.get(pid, 0) for pid, ticks in after.items())


def machine_busy_ticks(proc_stat: str) -> int:
    """Non-idle CPU ticks of the whole machine, from the ``cpu`` line of /proc/stat."""
    fields = proc_stat.splitlines()[0].split()
    assert fields[0] == "cpu", fields[0]
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[1:9])
    return user + nice + system + irq + softirq + steal


def cpu_figures(
    *,
    server_ticks: int,
    db_ticks: int | None,
    machine_ticks: int,
    wrk_seconds: float,
    clock_ticks: int,
    seconds: float,
    requests: int,
) -> dict:
    """Server CPU per request, and the cores that neither server nor wrk used.

    The server is gunicorn (master and workers) plus, on PostgreSQL, the
    backends of its database connections; ``db_ms_per_req`` is the latter part
    (``db_ticks`` is None on SQLite, which runs inside the workers).
    ``other_cores`` is what the rest of the machine (Redis, other jobs) kept
    busy during the run: above ~0.1 the machine was not quiet.
    """
    server_s = (server_ticks + (db_ticks or 0)) / clock_ticks
    db_s = None if db_ticks is None else db_ticks / clock_ticks
    other_s = machine_ticks / clock_ticks - server_s - wrk_seconds
    return {
        "server_cpu_s": server_s,
        "server_ms_per_req": server_s * 1000 / requests if requests else None,
        "db_ms_per_req": db_s * 1000 / requests
        if requests and db_s is not None
        else None,
        "wrk_cores": wrk_seconds / seconds if seconds else 0.0,
        "other_cores": max(other_s, 0.0) / seconds if seconds else 0.0,
    }


def clean_rounds(rows: list[dict]) -> tuple[list[dict], dict[int, str]]:
    """Leave out noisy rounds where a concurrency has clean ones; say what was used.

    A row is noisy when something else used the machine during its round
    (``noisy`` set by the harness). Returns the rows to summarise and a note
    per concurrency.
    """
    kept, notes = [], {}
    for conc in sorted({r["conc"] for r in rows}):
        mine = [r for r in rows if r["conc"] == conc]
        clean = sorted({r["round"] for r in mine if not r.get("noisy")})
        noisy = sorted({r["round"] for r in mine if r.get("noisy")})
        if clean:
            kept += [r for r in mine if not r.get("noisy")]
            notes[conc] = f"rounds used {clean}" + (
                f", noisy rounds left out {noisy}" if noisy else " (all quiet)"
            )
        else:
            kept += mine
            notes[conc] = f"all rounds {noisy} were noisy: figures are suspect"
    return kept, notes


def summarize(rows: list[dict]) -> list[dict]:
    """Aggregate raw runs per (server, target, concurrency) over the rounds.

    Each row carries ``server``, ``target``, ``conc``, ``round`` and the
    figures of ``parse_wrk`` and ``cpu_figures``. Ratios are paired: a target's
    req/s over its server's floor req/s in the same round, then the median of
    those, so drift during the session cancels out. ``cpu_x_floor`` compares
    server CPU per request the same way (higher means costlier).
    """
    groups = defaultdict(list)
    for row in rows:
        groups[(row["server"], row["target"], row["conc"])].append(row)
    floor_rps = {
        (r["server"], r["conc"], r["round"]): r["rps"]
        for r in rows
        if r["target"] == FLOOR
    }
    floor_ms = {
        (r["server"], r["conc"], r["round"]): r.get("server_ms_per_req")
        for r in rows
        if r["target"] == FLOOR
    }
    out = []
    for (server, target, conc), runs in groups.items():
        rps = [r["rps"] for r in runs]
        requests = sum(r["requests"] for r in runs)
        rps_ratios, cpu_ratios = [], []
        for r in runs:
            key = (server, conc, r["round"])
            if floor_rps.get(key):
                rps_ratios.append(r["rps"] / floor_rps[key])
            if floor_ms.get(key) and r.get("server_ms_per_req"):
                cpu_ratios.append(r["server_ms_per_req"] / floor_ms[key])
        server_cpu = [r["server_cpu_s"] for r in runs if "server_cpu_s" in r]
        out.append(
            {
                "server": server,
                "target": target,
                "conc": conc,
                "rounds": len(runs),
                "rps": statistics.median(rps),
                "rps_min": min(rps),
                "rps_max": max(rps),
                "p50_ms": statistics.median(r["p50_ms"] for r in runs),
                "p99_ms": statistics.median(r["p99_ms"] for r in runs),
                "non2xx": sum(r["non2xx"] for r in runs),
                "sock_errors": sum(r["sock_errors"] for r in runs),
                "kb_per_resp": sum(r["bytes"] for r in runs) / max(requests, 1) / 1024,
                "server_ms_per_req": (
                    sum(server_cpu) * 1000 / requests
                    if server_cpu and requests
                    else None
                ),
                "db_ms_per_req": (
                    statistics.median(r["db_ms_per_req"] for r in runs)
                    if all(r.get("db_ms_per_req") is not None for r in runs)
                    else None
                ),
                "other_cores": max(r.get("other_cores", 0.0) for r in runs),
                "x_floor": statistics.median(rps_ratios) if rps_ratios else None,
                "cpu_x_floor": statistics.median(cpu_ratios) if cpu_ratios else None,
            }
        )
    return out


def _num(value, fmt: str) -> str:
    return "n/a" if value is None else format(value, fmt)


def markdown_tables(
    summary: list[dict],
    *,
    absent: dict[str, list[str]] | None = None,
    notes: dict[int, str] | None = None,
) -> str:
    """The results as markdown: the ratio overview, then one table per server.

    ``absent`` maps a server to the targets that answered 404 in the preflight
    (e.g. an API that does not exist yet); they are listed as "absent".
    ``notes`` says per concurrency which rounds were used.
    """
    absent, notes = absent or {}, notes or {}
    servers = list(dict.fromkeys(s["server"] for s in summary))
    concs = sorted({s["conc"] for s in summary})
    lines = []
    for server in servers:
        mine = [s for s in summary if s["server"] == server]
        targets = list(dict.fromkeys(s["target"] for s in mine))
        by_key = {(s["target"], s["conc"]): s for s in mine}
        lines += [
            f"### {server}: req/s as a ratio to the floor (higher is better)",
            "",
            "| page | " + " | ".join(f"c={c}" for c in concs) + " |",
            "|---|" + "---:|" * len(concs),
        ]
        for target in targets:
            cells = [
                _num(by_key.get((target, c), {}).get("x_floor"), ".3f") for c in concs
            ]
            lines.append(f"| {target} | " + " | ".join(cells) + " |")
        for target in absent.get(server, []):
            lines.append(f"| {target} | " + " | ".join(["absent"] * len(concs)) + " |")
        lines += [
            "",
            f"### {server}: details",
            "",
            "| c | page | req/s | (min-max) | p50 ms | p99 ms | non-2xx | sock err "
            "| KB/resp | server CPU ms/req | of which DB | x floor | CPU x floor "
            "| other cores |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for conc in concs:
            for target in targets:
                s = by_key.get((target, conc))
                if s is None:
                    continue
                lines.append(
                    f"| {conc} | {target} | {s['rps']:.0f} "
                    f"| ({s['rps_min']:.0f}-{s['rps_max']:.0f}) "
                    f"| {s['p50_ms']:.2f} | {s['p99_ms']:.2f} | {s['non2xx']} "
                    f"| {s['sock_errors']} | {s['kb_per_resp']:.1f} "
                    f"| {_num(s['server_ms_per_req'], '.2f')} "
                    f"| {_num(s['db_ms_per_req'], '.2f')} "
                    f"| {_num(s['x_floor'], '.3f')} "
                    f"| {_num(s['cpu_x_floor'], '.2f')} "
                    f"| {s['other_cores']:.2f} |"
                )
        lines.append("")
    if notes:
        lines += [f"* c={conc}: {note}" for conc, note in sorted(notes.items())]
        lines.append("")
    return "\n".join(lines)
