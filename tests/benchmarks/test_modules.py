"""Every bench script imports: a helper moved elsewhere in tools/harness breaks `make bench`
at its last step, after many minutes of load, unless this catches it first."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.mark.parametrize("name", sorted(path.stem for path in BENCHMARKS.glob("[!_]*.py")))
def test_bench_module_imports(name):
    module = importlib.import_module(f"benchmarks.{name}")

    assert module.__doc__, f"benchmarks/{name}.py has no docstring"
