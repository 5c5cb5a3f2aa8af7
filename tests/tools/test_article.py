"""The measured comparison: benchmark results read as they are, versions checked, tests counted."""

import json

import pytest

from tools.compare import article
from tools.compare import concepts as concept_map
from tools.compare.concepts import MappingError


def test_without_benchmark_results_the_table_asks_for_make_bench(tmp_path, monkeypatch):
    monkeypatch.setattr(article, "BENCH_RESULTS", tmp_path / "results")

    assert "run `make bench`" in article.scalability()


def test_bench_results_are_shown_as_measured_without_an_older_checkouts_apps(tmp_path, monkeypatch):
    results = tmp_path / "results"
    results.mkdir()
    numbers = {"rps": {"median": 12.0}, "rows_per_s": {"median": 1234.4}, "x_baseline": 0.5}
    (results / "bench.json").write_text(
        json.dumps(
            {
                "when": "2026-12-01T04:00:00+00:00",
                "runs": [
                    {"app": "baseline"},
                    {"app": "django"},
                    {"app": "flask"},
                    {"app": "django-before"},
                ],
                "summary": {
                    "sqlite": {
                        "batch-100": {
                            "django": numbers,
                            "flask": numbers,
                            "django-before": numbers,
                        },
                        "latency": {"flask": {"p50_ms": {"median": 3.456}, "x_baseline": 2.0}},
                    }
                },
            }
        )
    )
    (results / "where-time-goes.json").write_text("{}")  # newer, and not a bench
    monkeypatch.setattr(article, "BENCH_RESULTS", results)
    monkeypatch.setattr(article, "ROOT", tmp_path)

    table = article.scalability()

    assert "| database | point | baseline | django | flask |" in table
    assert "| sqlite | batch-100 |  | 1,234 pred/s (12 req/s), x0.50 | 1,234 pred/s" in table
    assert "| sqlite | latency |  |  | p50 3.46 ms, x2.00 |" in table


def test_an_installed_version_missing_from_the_release_table_stops_the_script(monkeypatch):
    monkeypatch.setattr(article, "_releases", lambda: {"Flask": {"version": "0.1"}})

    with pytest.raises(MappingError, match=r"releases\.toml"):
        article.features(concept_map.load())


def test_both_apps_run_the_same_security_tests():
    counts = article.security_tests()

    assert counts["tests"] > 0
    assert counts["django"] == counts["flask"] >= counts["tests"]
