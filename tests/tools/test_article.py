"""The measured comparison: benchmark results read as they are, versions checked, tests counted."""

import json

import pytest

from tools.compare import article
from tools.compare import concepts as concept_map
from tools.compare.concepts import MappingError


def test_without_benchmark_results_the_table_asks_for_make_bench(tmp_path, monkeypatch):
    monkeypatch.setattr(article, "BENCH_RESULTS", tmp_path / "results")

    assert "run `make bench`" in article.scalability()


def test_benchmark_results_are_shown_as_measured(tmp_path, monkeypatch):
    results = tmp_path / "results"
    results.mkdir()
    (results / "http.json").write_text(
        json.dumps(
            {
                "runs": [
                    {"app": "django", "database": "sqlite", "requests_per_second": 1234.4},
                    {"app": "flask", "database": "sqlite", "requests_per_second": 987.6},
                ]
            }
        )
    )
    monkeypatch.setattr(article, "BENCH_RESULTS", results)
    monkeypatch.setattr(article, "ROOT", tmp_path)

    table = article.scalability()

    assert "| django | sqlite | 1,234 |" in table
    assert "| flask | sqlite | 988 |" in table


def test_an_installed_version_missing_from_the_release_table_stops_the_script(monkeypatch):
    monkeypatch.setattr(article, "_releases", lambda: {"Flask": {"version": "0.1"}})

    with pytest.raises(MappingError, match=r"releases\.toml"):
        article.features(concept_map.load())


def test_both_apps_run_the_same_security_tests():
    counts = article.security_tests()

    assert counts["tests"] > 0
    assert counts["django"] == counts["flask"] >= counts["tests"]
