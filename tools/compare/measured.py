"""docs/performance.md's tables, read from what the benchmarks wrote in benchmarks/results/.

- `bench`: benchmarks/results/bench.md as `python -m benchmarks.http` (`make bench`) wrote it;
- `where-time-goes`: benchmarks/results/where-time-goes.json (`make where-time-goes`), part
  by part, next to where-time-goes-before.json when that file is there (the same script run
  on an older checkout with `--repo DIR --output ...`), and the baseline's whole request.

Neither is measured here: `make compare` copies the last results in, so that each number of
the page is one that a command wrote.
"""

from __future__ import annotations

import json

from benchmarks.where_time_goes import before_after_markdown, markdown

from .concepts import ROOT

RESULTS = ROOT / "benchmarks" / "results"
BENCH = RESULTS / "bench.md"
WHERE = RESULTS / "where-time-goes.json"
WHERE_BEFORE = RESULTS / "where-time-goes-before.json"
DATABASES = ("sqlite", "postgresql")


def bench() -> str:
    if not BENCH.exists():
        return f"No `{BENCH.relative_to(ROOT)}` yet: run `make bench`, then `make compare`."
    return BENCH.read_text(encoding="utf-8").strip()


def where_time_goes() -> str:
    if not WHERE.exists():
        return (
            f"No `{WHERE.relative_to(ROOT)}` yet: run `make where-time-goes`, then `make compare`."
        )
    after = json.loads(WHERE.read_text(encoding="utf-8"))
    apps = {key: points for key, points in after.items() if not key.startswith("baseline")}
    if WHERE_BEFORE.exists():
        before = json.loads(WHERE_BEFORE.read_text(encoding="utf-8"))
        tables = "\n".join(
            before_after_markdown(before, after, kind)
            for kind in DATABASES
            if f"django / {kind}" in after and f"django / {kind}" in before
        )
        source = f"`{WHERE_BEFORE.name}` → `{WHERE.name}`"
    else:
        tables = markdown(apps)
        source = f"`{WHERE.name}`"
    baseline = [
        f"{key.removeprefix('baseline / ')}: "
        + ", ".join(f"{point} {numbers['total_us']:,.0f} µs" for point, numbers in points.items())
        for key, points in after.items()
        if key.startswith("baseline")
    ]
    lines = [f"From {source} in `benchmarks/results/`, µs of CPU per request.", ""]
    lines.append(tables.strip())
    if baseline:
        lines += ["", "The same-work baseline's whole request: " + "; ".join(baseline) + "."]
    return "\n".join(lines)
