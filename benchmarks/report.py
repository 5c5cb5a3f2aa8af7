"""The bench's results as numbers per point, a markdown table and a plot.

Throughput points (single, batch-100, batch-1000) compare requests per second: "x baseline"
is the app's median over the same-work baseline's median, higher is better. The latency
point compares the p50 of one connection: "x baseline" is the app's p50 over the
baseline's, lower is better. Both come from one run on one machine: read them as ratios.
"""

from __future__ import annotations

import statistics
from pathlib import Path

BASELINE = "baseline"
SKLEARN = "baseline-sklearn"
LATENCY = "latency"


def spread(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def summarise(runs: list[dict]) -> dict:
    """{database: {point: {app: numbers}}}, with the ratios to both baselines."""
    summary: dict = {}
    for run in runs:
        cell = summary.setdefault(run["database"], {}).setdefault(run["point"], {})
        numbers = cell.setdefault(run["app"], {"rps": [], "rows_per_s": [], "p50_ms": []})
        for key in ("rps", "rows_per_s", "p50_ms"):
            numbers[key].append(run[key])
    for points in summary.values():
        for point, apps in points.items():
            for numbers in apps.values():
                for key in ("rps", "rows_per_s", "p50_ms"):
                    numbers[key] = spread(numbers[key])
            key = "p50_ms" if point == LATENCY else "rps"
            for numbers in apps.values():
                for name, reference in (("x_baseline", BASELINE), ("x_sklearn", SKLEARN)):
                    if reference in apps:
                        numbers[name] = numbers[key]["median"] / apps[reference][key]["median"]
    return summary


def cell(point: str, numbers: dict, app: str) -> str:
    if point == LATENCY:
        p50 = numbers["p50_ms"]
        text = f"p50 {p50['median']:.2f} ms ({p50['min']:.2f}-{p50['max']:.2f})"
    elif point == "single":
        rps = numbers["rps"]
        text = f"{rps['median']:.0f} req/s ({rps['min']:.0f}-{rps['max']:.0f})"
    else:  # a batch: flowers per second say more than a handful of requests
        rows = numbers["rows_per_s"]
        text = f"{rows['median']:,.0f} rows/s ({rows['min']:,.0f}-{rows['max']:,.0f})"
    if app != BASELINE:
        text += f", **{numbers['x_baseline']:.2f}x**"
    return text


def write_markdown(results: dict, path: Path) -> str:
    summary = results["summary"]
    apps = list(dict.fromkeys(run["app"] for run in results["runs"]))
    lines = [
        f"Bench of {results['when']}: gunicorn {results['settings']['gunicorn']}, wrk "
        f"{results['settings']['wrk']}, {results['settings']['repeats']} rounds of "
        f"{results['settings']['seconds_per_run']:g} s per point and server, median "
        "(min-max). x baseline: requests/s over the same-work baseline's (higher is "
        "better); for latency, p50 over the baseline's p50 (lower is better). "
        f"Load average at the end: {results['machine']['load_average_at_end'][0]:.1f} "
        f"on {results['machine']['cpus']} CPUs.",
    ]
    for database, points in summary.items():
        lines += ["", f"**{database}**", "", "| point | " + " | ".join(apps) + " |"]
        lines.append("| --- |" + " --- |" * len(apps))
        for point, numbers in points.items():
            cells = [cell(point, numbers[app], app) if app in numbers else "" for app in apps]
            lines.append(f"| {point} | " + " | ".join(cells) + " |")
    stored = all(run["all_stored"] for run in results["runs"])
    acknowledged = sum(run["acknowledged_rows"] for run in results["runs"])
    lines += [
        "",
        f"Rows: {acknowledged:,} acknowledged, "
        + ("every one stored." if stored else "SOME NOT STORED."),
    ]
    text = "\n".join(lines) + "\n"
    path.write_text(text)
    return text


def speed(point: str, numbers: dict) -> float:
    """Speed relative to the baseline, higher is better, for every point alike."""
    ratio = numbers["x_baseline"]
    if point == LATENCY:
        return 1 / ratio if ratio else 0.0
    return ratio


def write_plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    summary = results["summary"]
    databases = list(summary)
    apps = [a for a in dict.fromkeys(r["app"] for r in results["runs"]) if a != BASELINE]
    figure, axes = plt.subplots(1, len(databases), figsize=(6 * len(databases), 4.2), sharey=True)
    axes = axes if len(databases) > 1 else [axes]
    width = 0.8 / len(apps)
    for axis, database in zip(axes, databases, strict=True):
        points = list(summary[database])
        for index, app in enumerate(apps):
            values = [speed(point, summary[database][point][app]) for point in points]
            offsets = [i + (index - (len(apps) - 1) / 2) * width for i in range(len(points))]
            axis.bar(offsets, values, width, label=app)
        axis.axhline(1.0, color="black", linewidth=0.8)
        axis.set_xticks(range(len(points)), points)
        axis.set_title(f"{database}: speed relative to the same-work baseline")
        axis.set_ylabel("x baseline (throughput; 1 / latency ratio)")
    axes[0].legend(fontsize="small")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
