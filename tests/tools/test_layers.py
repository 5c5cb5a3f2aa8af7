"""The layers of the repository: which top-level package may import which.

From the bottom up: `shared_model` (framework-neutral, imports none of the others); the two
apps (`django_app`, `flask_app`: `shared_model` only, never each other); `tools` (the harness
that starts the apps for real, and the scripts; never `tests` or `benchmarks`); then what
stands on all of them: `tests`, `benchmarks`, `examples`, `deploy`, `workshop`. Every
`import` and `from ... import` of every Python file counts, those inside functions too; a
relative import stays inside its own package. Run as a script to print the graph.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "shared_model",
    "django_app",
    "flask_app",
    "tools",
    "tests",
    "benchmarks",
    "examples",
    "deploy",
    "workshop",
)
APPS = ("django_app", "flask_app")
# What each package must never import.
FORBIDDEN = {
    "shared_model": (*APPS, "tests", "tools", "benchmarks"),
    "django_app": ("flask_app", "tests", "tools", "benchmarks"),
    "flask_app": ("django_app", "tests", "tools", "benchmarks"),
    "tools": ("tests", "benchmarks"),
}


def imported_modules(source: str) -> set[str]:
    """The absolute module names a Python source imports (relative imports left out)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def import_edges(root: Path = ROOT) -> dict[tuple[str, str], set[str]]:
    """(importer, imported) between two different top-level packages -> the files doing it."""
    edges: dict[tuple[str, str], set[str]] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            for module in imported_modules(path.read_text(encoding="utf-8")):
                target = module.split(".")[0]
                if target in PACKAGES and target != package:
                    edges.setdefault((package, target), set()).add(str(path.relative_to(root)))
    return edges


def cycles(edges) -> list[list[str]]:
    """Every group of packages that import each other round a circle (strongly connected
    components of more than one package), each sorted, by Tarjan's algorithm."""
    graph: dict[str, list[str]] = {}
    for source, target in edges:
        graph.setdefault(source, []).append(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for successor in graph.get(node, ()):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_the_reader_finds_absolute_imports_anywhere_and_leaves_relative_ones_out():
    source = (
        "import os, tools.harness.web\n"
        "from tests.contract import expect\n"
        "from . import sibling\n"
        "def late():\n"
        "    from benchmarks.report import summarise\n"
    )

    assert imported_modules(source) == {
        "os",
        "tools.harness.web",
        "tests.contract",
        "benchmarks.report",
    }


def test_a_circle_of_three_packages_is_found():
    edges = {("tests", "tools"): set(), ("tools", "benchmarks"): set()}
    edges[("benchmarks", "tests")] = set()

    assert cycles(edges) == [["benchmarks", "tests", "tools"]]
    assert cycles({("tests", "tools"): set()}) == []


def test_no_top_level_packages_import_each_other_in_a_circle():
    edges = import_edges()

    assert cycles(edges) == [], "\n".join(
        f"{source} -> {target}: {', '.join(sorted(files))}"
        for (source, target), files in sorted(edges.items())
    )


def test_each_layer_imports_only_the_layers_below_it():
    edges = import_edges()

    wrong = [
        f"{source} imports {target}: {', '.join(sorted(edges[source, target]))}"
        for source, forbidden in FORBIDDEN.items()
        for target in forbidden
        if (source, target) in edges
    ]
    assert wrong == []


if __name__ == "__main__":
    for (source, target), files in sorted(import_edges().items()):
        print(f"{source} -> {target} ({len(files)} files)")
    print("circles:", cycles(import_edges()) or "none")
