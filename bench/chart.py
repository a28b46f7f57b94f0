"""The results chart: req/s as a ratio to the floor, per page and concurrency."""

from pathlib import Path

from bench import measure


def draw(summary: list[dict], path: Path, *, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    servers = list(dict.fromkeys(s["server"] for s in summary))
    concs = sorted({s["conc"] for s in summary})
    figure, axes = pyplot.subplots(
        len(servers), 1, figsize=(9, 3.6 * len(servers)), squeeze=False
    )
    width = 0.8 / len(concs)
    for axis, server in zip(axes[:, 0], servers, strict=True):
        mine = {
            (s["target"], s["conc"]): s
            for s in summary
            if s["server"] == server and s["target"] != measure.FLOOR
        }
        pages = list(dict.fromkeys(target for target, _ in mine))
        for i, conc in enumerate(concs):
            ratios = [(mine.get((p, conc)) or {}).get("x_floor") or 0 for p in pages]
            xs = [x + (i - (len(concs) - 1) / 2) * width for x in range(len(pages))]
            bars = axis.bar(xs, ratios, width, label=f"c={conc}")
            axis.bar_label(bars, fmt="%.3f", fontsize=7, padding=1)
        axis.set_xticks(range(len(pages)), pages, rotation=20, ha="right", fontsize=8)
        axis.set_ylabel("req/s ÷ floor req/s")
        axis.set_title(f"{title}: {server}", fontsize=10)
        # Pages are far below the floor until they are cached: the axis follows
        # the data, and the floor's 1.0 shows only when a page comes near it.
        if max((s["x_floor"] or 0) for s in mine.values()) > 0.5:
            axis.axhline(1.0, color="grey", linewidth=0.8, linestyle="--")
        axis.legend(fontsize=8, ncols=len(concs))
        axis.margins(y=0.15)
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    pyplot.close(figure)
