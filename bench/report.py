"""The page ``bench/results/<date>-<db>.md``: how the run was made, then its tables."""

from bench import measure


def markdown(
    header: dict,
    summary: list[dict],
    absent: dict[str, list[str]],
    notes: dict[int, str],
) -> str:
    config = header["config"]
    conns = ", ".join(str(c) for c in config["conns"])
    lines = [
        f"# make bench: {header['date']}, {header['db']}",
        "",
        f"* host: {header['host']}",
        f"* versions: {header['versions']}",
        f"* server: gunicorn, {config['workers']} sync workers, DEBUG=False, "
        f"CONN_MAX_AGE=600, cache {config['cache_url']}, whitenoise manifest storage",
        f"* load: wrk -t1 --timeout 10s, {config['duration_s']} s per run, "
        f"concurrency {conns}, {config['rounds']} rounds (page order reversed every "
        f"other round), warm-up {config['warmup_s']} s at c=8 per page; a round "
        f"during which other jobs used more than {config['noise_max']} cores is "
        "noisy: left out when its concurrency has quiet rounds",
        f"* article-uncached sends `{config['uncached_header'] or '(no header)'}`; "
        "article-cached sends nothing. Until a page cache honours that header "
        "(bench-only setting), both measure the same thing.",
        "* floor: `newsroom.bench_views.floor`, constant bytes through the whole "
        "middleware stack, served by the same workers in the same rounds",
        "",
        "Pages:",
        "",
    ]
    lines += [f"* {name}: `{path}`" for name, path in header["targets"].items()]
    for server, names in absent.items():
        lines += [f"* {server} {name}: absent (404)" for name in names]
    lines += [
        "",
        "`x floor` is the median over rounds of req/s(page) / req/s(floor) in the "
        "same round; `CPU x floor` the same for server CPU per request (gunicorn "
        "master + workers, utime+stime from /proc, plus on PostgreSQL the backends "
        "of the bench database: `of which DB`). `other cores` is CPU used by "
        "anything else during the run (Redis, other jobs): more than "
        f"{config['noise_max']} means the machine was not quiet.",
        "",
        measure.markdown_tables(summary, absent=absent, notes=notes),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    # python -m bench.report bench/results/<date>-<db>.json: redo the .md and .png
    import json
    import sys
    from pathlib import Path

    from bench import chart

    source = Path(sys.argv[1])
    data = json.loads(source.read_text())
    used, notes = measure.clean_rounds(data["rows"])
    summary = measure.summarize(used)
    notes = {int(conc): note for conc, note in notes.items()}
    source.with_suffix(".md").write_text(
        markdown(data["header"], summary, data["header"]["absent"], notes)
    )
    chart.draw(
        summary, source.with_suffix(".png"), title=f"Newsroom, {data['header']['db']}"
    )
