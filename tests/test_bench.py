"""make bench: the harness's pure pieces, and the floor page it compares with.

No wrk, no server, no network: sample wrk output and fake /proc text.
"""

import importlib

import pytest
from django.test import RequestFactory
from django.urls import clear_url_caches, resolve

from bench import measure
from bench.config import Config
from bench.servers import Server
from bench.wrk import Target, wrk_command
from newsroom import bench_views

WRK_OUTPUT = """\
Running 5s test @ http://127.0.0.1:18100/__bench__/floor/
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.10ms    1.02ms  20.11ms   90.12%
    Req/Sec     3.80k   210.00     4.10k    70.00%
  19000 requests in 5.00s, 270.00MB read
  Non-2xx or 3xx responses: 3
Requests/sec:   3800.00
Transfer/sec:     54.00MB
wrk-json: {"requests": 19000, "duration_us": 5000000, "bytes": 283115520, \
"non2xx": 5, "latency_us": {"p50": 1980, "p90": 3100, "p99": 6400, "max": 20110}, \
"errors": {"connect": 1, "read": 2, "write": 0, "timeout": 4, "status": 3}}
"""


def proc_stat(pid, ppid, utime, stime, cutime=0, cstime=0, name="gunicorn"):
    """A /proc/<pid>/stat line with the fields the harness reads."""
    rest = ["S", ppid, pid, pid, 0, -1, 4194560, 10, 0, 0, 0]
    rest += [utime, stime, cutime, cstime, 20, 0, 1, 0, 100, 1000, 50]
    return f"{pid} ({name}) " + " ".join(str(x) for x in rest)


def run_row(target, round_, rps, *, conc=8, noisy=False, ms=1.0, server="newsroom"):
    return {
        "server": server,
        "target": target,
        "conc": conc,
        "round": round_,
        "rps": rps,
        "requests": int(rps * 5),
        "seconds": 5.0,
        "p50_ms": 2.0,
        "p99_ms": 9.0,
        "bytes": int(rps * 5) * 14 * 1024,
        "non2xx": 0,
        "sock_errors": 0,
        "server_cpu_s": ms * rps * 5 / 1000,
        "server_ms_per_req": ms,
        "db_ms_per_req": None,
        "other_cores": 0.5 if noisy else 0.02,
        "noisy": noisy,
    }


def test_wrk_summary_line_is_parsed():
    """The JSON line of wrk_json.lua gives req/s, ms percentiles and error counts."""
    result = measure.parse_wrk(WRK_OUTPUT)
    assert result["requests"] == 19000
    assert result["rps"] == pytest.approx(3800.0)
    assert result["p50_ms"] == pytest.approx(1.98)
    assert result["p99_ms"] == pytest.approx(6.4)
    assert result["non2xx"] == 5  # the script's count, redirects included
    assert result["sock_errors"] == 7


def test_wrk_output_without_summary_line_is_an_error():
    """A wrk that failed (no JSON line) stops the run rather than reading as zero."""
    with pytest.raises(ValueError, match="wrk-json"):
        measure.parse_wrk("unable to connect to 127.0.0.1:18100 Connection refused\n")


def test_proc_stat_is_read_after_the_command_name():
    """A command name with spaces and parentheses does not shift the fields."""
    stat = measure.parse_proc_stat(proc_stat(42, 7, 100, 30, 5, 1, name="a) (b c"))
    assert stat == measure.ProcStat(pid=42, ppid=7, ticks=136)


def test_server_cpu_is_the_master_and_its_workers_only():
    """Ticks of gunicorn's process tree add up; other processes do not count."""
    stats = [
        measure.parse_proc_stat(line)
        for line in (
            proc_stat(100, 1, 10, 5),  # master
            proc_stat(101, 100, 300, 40),  # worker
            proc_stat(102, 100, 250, 35, cutime=7),  # worker with a reaped child
            proc_stat(103, 102, 1, 1),  # a worker's child
            proc_stat(200, 1, 9999, 9999),  # a stranger
        )
    ]
    assert measure.tree_ticks(stats, 100) == 15 + 340 + 292 + 2
    assert measure.tree_ticks(stats, 999) == 0


def test_database_backends_count_their_ticks_during_the_run():
    """A backend present before counts its increase; a new one counts in full."""
    assert measure.backend_ticks({10: 100, 11: 50}, {10: 130, 11: 50, 12: 7}) == 37


def test_machine_busy_time_leaves_out_idle_and_iowait():
    """The cpu line of /proc/stat: user nice system irq softirq steal are busy."""
    text = "cpu  100 2 30 5000 70 4 5 6 0 0\ncpu0 50 1 15 2500 35 2 2 3 0 0\n"
    assert measure.machine_busy_ticks(text) == 100 + 2 + 30 + 4 + 5 + 6


def test_cpu_figures_per_request_and_other_load():
    """Server CPU per request, and the cores left over for everything else."""
    figures = measure.cpu_figures(
        server_ticks=150,
        db_ticks=50,
        machine_ticks=500,
        wrk_seconds=1.0,
        clock_ticks=100,
        seconds=5.0,
        requests=1000,
    )
    assert figures["server_ms_per_req"] == pytest.approx(2.0)
    assert figures["db_ms_per_req"] == pytest.approx(0.5)
    assert figures["wrk_cores"] == pytest.approx(0.2)
    assert figures["other_cores"] == pytest.approx((5.0 - 2.0 - 1.0) / 5)


def test_sqlite_has_no_separate_database_cpu():
    """On SQLite the queries run inside the workers: DB CPU is n/a, not zero."""
    figures = measure.cpu_figures(
        server_ticks=150,
        db_ticks=None,
        machine_ticks=500,
        wrk_seconds=1.0,
        clock_ticks=100,
        seconds=5.0,
        requests=1000,
    )
    assert figures["server_ms_per_req"] == pytest.approx(1.5)
    assert figures["db_ms_per_req"] is None


def test_ratios_to_the_floor_are_paired_per_round():
    """Each round's page req/s is divided by that round's floor, then the median."""
    rows = [
        run_row("floor", 1, 1000.0, ms=0.5),
        run_row("article", 1, 100.0, ms=8.0),
        run_row("floor", 2, 500.0, ms=0.5),  # a slow round: both halved
        run_row("article", 2, 50.0, ms=8.0),
        run_row("floor", 3, 800.0, ms=0.5),
        run_row("article", 3, 160.0, ms=8.0),
    ]
    by_target = {s["target"]: s for s in measure.summarize(rows)}
    assert by_target["floor"]["x_floor"] == pytest.approx(1.0)
    assert by_target["article"]["x_floor"] == pytest.approx(0.1)  # of 0.1, 0.1, 0.2
    assert by_target["article"]["cpu_x_floor"] == pytest.approx(16.0)
    assert by_target["article"]["rps"] == 100.0
    assert (by_target["article"]["rps_min"], by_target["article"]["rps_max"]) == (
        50.0,
        160.0,
    )


def test_noisy_rounds_are_left_out_when_quiet_ones_exist():
    """Only quiet rounds are summarised, and the note says which were used."""
    rows = [
        run_row("floor", 1, 1000.0, noisy=True),
        run_row("floor", 2, 900.0),
        run_row("floor", 1, 1000.0, conc=32, noisy=True),
    ]
    kept, notes = measure.clean_rounds(rows)
    assert [(r["conc"], r["round"]) for r in kept] == [(8, 2), (32, 1)]
    assert notes[8] == "rounds used [2], noisy rounds left out [1]"
    assert "suspect" in notes[32]


def test_markdown_shows_ratios_and_absent_pages():
    """The overview table has one column per concurrency; a 404 API is absent."""
    rows = [run_row("floor", 1, 1000.0), run_row("article", 1, 250.0)]
    text = measure.markdown_tables(
        measure.summarize(rows), absent={"newsroom": ["api-articles"]}
    )
    assert "| article | 0.250 |" in text
    assert "| api-articles | absent |" in text


def test_chart_is_a_small_png(tmp_path):
    """The chart is a PNG well under the 200 KB the README can carry."""
    # matplotlib comes with requirements-dev.txt; a venv made before it skips this.
    pytest.importorskip("matplotlib")
    from bench import chart

    rows = [run_row("floor", 1, 1000.0), run_row("article", 1, 250.0)]
    rows += [run_row("floor", 1, 900.0, conc=32), run_row("home", 1, 90, conc=32)]
    path = tmp_path / "chart.png"
    chart.draw(measure.summarize(rows), path, title="test")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size < 200_000


def test_settings_out_of_range_are_refused(monkeypatch):
    """Durations are bounded and load never leaves loopback."""
    monkeypatch.setenv("BENCH_DURATION", "0")
    with pytest.raises(SystemExit, match="BENCH_DURATION"):
        Config.from_env()
    monkeypatch.setenv("BENCH_DURATION", "5")
    monkeypatch.setenv("BENCH_CACHE_URL", "redis://10.0.0.5:6379/5")
    with pytest.raises(SystemExit, match="loopback"):
        Config.from_env()


def test_uncached_header_goes_to_wrk_for_that_page_only():
    """BENCH_UNCACHED_HEADER is sent with -H; other pages get no header."""
    server = Server("newsroom", {}, 18100, 2, "/dev/null")
    uncached = Target(server, "article-uncached", "/a/b/", "Cache-Control: no-cache")
    command = wrk_command(uncached, 8, 5)
    assert command[-3:] == [
        "-H",
        "Cache-Control: no-cache",
        "http://127.0.0.1:18100/a/b/",
    ]
    assert "-H" not in wrk_command(Target(server, "home", "/"), 8, 5)


def test_floor_view_is_constant_bytes_about_an_article_page():
    """The floor answers 200 with the same ~14 KB of HTML every time."""
    request = RequestFactory().get("/__bench__/floor/")
    first, second = bench_views.floor(request), bench_views.floor(request)
    assert first.status_code == 200
    assert first.content == second.content
    assert len(first.content) == bench_views.FLOOR_PAGE_BYTES
    assert first["Content-Type"].startswith("text/html")


@pytest.fixture
def reload_urls():
    """Re-import the URLconf under the current settings; restore it afterwards."""

    def reload():
        clear_url_caches()
        importlib.reload(importlib.import_module("newsroom.urls"))

    yield reload
    reload()


@pytest.mark.parametrize("enabled", [False, True])
def test_floor_is_mounted_only_with_bench_floor(settings, reload_urls, enabled):
    """Production (BENCH_FLOOR off) has no floor URL; the benchmark's server has one."""
    settings.BENCH_FLOOR = enabled
    reload_urls()
    is_floor = resolve("/__bench__/floor/").url_name == "bench_floor"
    assert is_floor is enabled


@pytest.mark.django_db
def test_archive_timings_find_every_hot_page(django_user_model):
    """The million-article timings name a real URL for every page they measure."""
    from bench import archive_timings
    from tests.builders import make_article, make_category

    category = make_category("Ekonomi", slug="ekonomi")
    for number in range(3):
        make_article(title=f"Warga pasar {number}", category=category, tags=["pasar"])
    pages = archive_timings.pages()
    assert pages["category page 1"] == "/ekonomi/"
    assert pages["tag (most used)"] == "/tag/pasar/"
    assert pages["sitemap section (oldest)"].startswith("/sitemap-articles")
    from django.test import Client

    reader = Client()
    for name, url in pages.items():
        if name.startswith(("article", "home", "category page 1", "tag", "author")):
            assert reader.get(url).status_code == 200, name
