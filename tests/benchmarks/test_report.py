"""The bench's arithmetic: ratios to the baselines, the spread, the stored-rows verdict."""

from __future__ import annotations

import pytest

from benchmarks.report import summarise, write_markdown


def run(app: str, point: str, rps: float, p50_ms: float, *, stored: bool = True) -> dict:
    return {
        "database": "sqlite",
        "app": app,
        "point": point,
        "rps": rps,
        "rows_per_s": rps,
        "p50_ms": p50_ms,
        "acknowledged_rows": 10,
        "all_stored": stored,
    }


RUNS = [
    run("baseline", "single", 100, 5),
    run("baseline", "single", 120, 5),
    run("baseline", "single", 110, 5),
    run("baseline-sklearn", "single", 55, 9),
    run("django", "single", 66, 9),
    run("django", "single", 50, 9),
    run("django", "single", 70, 9),
    run("baseline", "latency", 200, 2.0),
    run("django", "latency", 150, 3.0),
]


def test_throughput_ratio_is_the_median_over_the_baselines_median():
    single = summarise(RUNS)["sqlite"]["single"]
    assert single["django"]["rps"] == {"median": 66, "min": 50, "max": 70}
    assert single["django"]["x_baseline"] == pytest.approx(66 / 110)
    assert single["django"]["x_sklearn"] == pytest.approx(66 / 55)


def test_latency_ratio_is_the_p50_over_the_baselines_p50():
    assert summarise(RUNS)["sqlite"]["latency"]["django"]["x_baseline"] == pytest.approx(1.5)


def test_the_table_says_when_rows_were_not_stored(tmp_path):
    results = {
        "when": "now",
        "settings": {"gunicorn": "-w 2", "wrk": "-t1", "repeats": 3, "seconds_per_run": 1},
        "machine": {"load_average_at_end": [1.0, 1.0, 1.0], "cpus": 2},
        "runs": [*RUNS, run("django", "single", 1, 1, stored=False)],
    }
    results["summary"] = summarise(results["runs"])
    assert "SOME NOT STORED" in write_markdown(results, tmp_path / "bench.md")
    results["runs"] = RUNS
    assert "every one stored" in write_markdown(results, tmp_path / "bench.md")
