"""docs/performance.md's tables, read from what the benchmarks wrote in benchmarks/results/.

- `bench`: benchmarks/results/bench.md as `python -m benchmarks.http` (`make bench`) wrote it;
- `where-time-goes`: benchmarks/results/where-time-goes.md as `make where-time-goes` wrote it,
  part by part (before and after when where-time-goes-before.json, the same script run on an
  older checkout with `--repo DIR --output ...`, was there), and the baseline's whole request.

Neither is measured here: `make compare` copies the last results in, so that each number of
the page is one that a command wrote.
"""

from __future__ import annotations

from .concepts import ROOT

RESULTS = ROOT / "benchmarks" / "results"
BENCH = RESULTS / "bench.md"
WHERE = RESULTS / "where-time-goes.md"


def bench() -> str:
    if not BENCH.exists():
        return f"No `{BENCH.relative_to(ROOT)}` yet: run `make bench`, then `make compare`."
    return BENCH.read_text(encoding="utf-8").strip()


def where_time_goes() -> str:
    if not WHERE.exists():
        return (
            f"No `{WHERE.relative_to(ROOT)}` yet: run `make where-time-goes`, then `make compare`."
        )
    return WHERE.read_text(encoding="utf-8").strip()
