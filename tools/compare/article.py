"""docs/comparison.md, "Django and Flask compared, measured": the article's four themes.

Development approach and built-in features are counted from the repository and the
installed distributions' metadata (fast, and checked by tests/tools/test_compare.py);
scalability is read from `make bench`'s results; security counts the contract suite's
tests marked `security` and measures what each app imports to start (slower: `make compare`
refreshes it, no test checks it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from collections import Counter
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import closure
from .concepts import (
    API_SIDE,
    ROOT,
    SIDES,
    Concept,
    MappingError,
    Source,
    resolve,
    total_code_lines,
)
from .linecount import code_lines

HERE = Path(__file__).parent
FEATURES = HERE / "features.toml"
RELEASES = HERE / "releases.toml"
BENCH_RESULTS = ROOT / "benchmarks" / "results"
APP_FOLDERS = {"django": "django_app", "flask": "flask_app"}
FRAMEWORK = {"django": "Django", "flask": "Flask", API_SIDE: "FastAPI"}


def _table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


# Development approach -------------------------------------------------------------------


def _app_files(side: str) -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", APP_FOLDERS[side]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [Path(name) for name in listed.split("\0") if name and (ROOT / name).is_file()]


def development(concepts: list[Concept]) -> str:
    rows: dict[str, list[object]] = {}
    for side in SIDES:
        files = _app_files(side)
        kinds = Counter(path.suffix for path in files)
        folders = {path.parent for path in files}
        all_code = sum(len(code_lines(ROOT / path)) for path in files if _countable(path))
        settings = next(c for c in concepts if c.key == "settings").code_count(side)
        rows.setdefault("files in the app's folder (Python / templates / other)", []).append(
            f"{len(files)} ({kinds['.py']} / {kinds['.html']} / "
            f"{len(files) - kinds['.py'] - kinds['.html']})"
        )
        rows.setdefault("folders", []).append(len(folders))
        rows.setdefault("code lines in the app's folder, every file", []).append(all_code)
        rows.setdefault(
            f"code lines of the {len(concepts)} concepts (the concept map, each line once)", []
        ).append(total_code_lines(concepts, side))
        rows.setdefault("lines of configuration (the settings concept)", []).append(settings)
    return _table(
        ["", "Django", "Flask"],
        [[name, *values] for name, values in rows.items()],
    )


def _countable(path: Path) -> bool:
    return path.suffix in {".py", ".html", ".js", ".css", ".ini", ".mako"}


# Built-in features ------------------------------------------------------------------------


def _features() -> list[dict]:
    with FEATURES.open("rb") as file:
        return tomllib.load(file)["feature"]


def _releases() -> dict[str, dict]:
    with RELEASES.open("rb") as file:
        return tomllib.load(file)["releases"]


def _distribution(name: str, releases: dict[str, dict]) -> str:
    """`name version (year)`, the version installed, the year from releases.toml."""
    try:
        installed = version(name)
    except PackageNotFoundError:
        raise MappingError(f"{FEATURES.name} names {name}, which is not installed") from None
    known = releases.get(name)
    if known is None or known["version"] != installed:
        raise MappingError(
            f"{name} {installed} is installed but {RELEASES.name} has "
            f"{known['version'] if known else 'no entry'}: look up its release date "
            f"(see the file's header) and update it"
        )
    return f"{name} {installed} ({_year(known)})"


def _year(release: dict) -> int:
    """The year of a release; releases.toml gives a day, or only a month or a year."""
    return int(release["released"][:4])


def _candidate(name: str, releases: dict[str, dict]) -> str:
    """`name version (year)` of a distribution the project does not install."""
    known = releases.get(name)
    if known is None:
        raise MappingError(f"{FEATURES.name} names {name}, which {RELEASES.name} lacks")
    return f"{name} {known['version']} ({_year(known)})"


def _api_cell(feature: dict, releases: dict[str, dict]) -> str:
    """The FastAPI app's cell: what it uses, or for a concern of the pages it has not, the
    distribution one would reach for and what that lacks here."""
    if "fastapi_would" in feature:
        would = _candidate(feature["fastapi_would"], releases)
        return f"no pages; {would} would, but: {feature['fastapi_lacks']}"
    with_ = [_distribution(name, releases) for name in feature.get(f"{API_SIDE}_with", [])]
    own = feature.get(API_SIDE, "")
    return "; ".join(part for part in [own, *with_] if part and part != "—") or "—"


def hand_written(entries: list[str], side: str, concepts: list[Concept], label: str) -> int:
    """Code lines of the entries (`concept:KEY` or paths), each line counted once."""
    sources: list[Source] = []
    by_key = {concept.key: concept for concept in concepts}
    for entry in entries:
        if entry.startswith("concept:"):
            key = entry.removeprefix("concept:")
            if key not in by_key:
                raise MappingError(f"{FEATURES.name}, {label!r}: no concept {key!r}")
            sources.extend(by_key[key].sources[side])
        else:
            sources.extend(resolve([entry], label))
    return len({(source.path, number) for source in sources for number in source.code})


def features(concepts: list[Concept]) -> str:
    releases = _releases()
    frameworks = ", ".join(_distribution(FRAMEWORK[side], releases) for side in (*SIDES, API_SIDE))
    rows = []
    for feature in _features():
        cells = []
        for side in SIDES:
            with_ = [_distribution(name, releases) for name in feature.get(f"{side}_with", [])]
            own = feature.get(side, "")
            cells.append("; ".join(part for part in [own, *with_] if part and part != "—") or "—")
        cells.append(_api_cell(feature, releases))
        hand = [
            hand_written(feature.get(f"{side}_hand", []), side, concepts, feature["concern"]) or "—"
            for side in (*SIDES, API_SIDE)
        ]
        rows.append([feature["concern"], *cells, *hand])
    table = _table(
        [
            "Concern",
            "Django: built in; added",
            "Flask: built in; added",
            "FastAPI (the API alone): built in; added",
            "by hand: Django",
            "Flask",
            "FastAPI",
        ],
        rows,
    )
    return (
        f"The frameworks: {frameworks}. Versions as installed; release years from\n"
        f'`tools/compare/releases.toml` (PyPI\'s upload dates). "By hand": code lines this\n'
        f"repository writes for the concern, from `tools/compare/features.toml`.\n\n{table}"
    )


# Scalability -------------------------------------------------------------------------------


def scalability() -> str:
    """The medians of `make bench`'s last full run (bench.json; else `QUICK=1`'s quick.json)."""
    files = [BENCH_RESULTS / name for name in ("bench.json", "quick.json")]
    path = next((path for path in files if path.exists()), None)
    if path is None:
        return (
            "No benchmark results in `benchmarks/results/` yet: run `make bench`, then\n"
            "`make compare` to fill this table."
        )
    results = json.loads(path.read_text())
    try:
        summary = results["summary"]
        # An older checkout's apps (`--before DIR`) are docs/performance.md's story, not this.
        apps = [
            app
            for app in dict.fromkeys(run["app"] for run in results["runs"])
            if not app.endswith("-before")
        ]
        rows = [
            [database, point, *(_bench_cell(point, numbers.get(app)) for app in apps)]
            for database, points in summary.items()
            for point, numbers in points.items()
        ]
    except (KeyError, TypeError) as error:
        raise MappingError(
            f"{path.relative_to(ROOT)}: not the layout of make bench ({error})"
        ) from error
    return (
        f"From `{path.relative_to(ROOT)}` ({results.get('when', 'undated')}): medians;"
        " predictions/s and requests/s for the\nthroughput points, the p50 of one connection for"
        ' latency; "x" is the ratio to the same-work\nbaseline (a plain WSGI app doing the same'
        " predictions and writes), higher is better for\nthroughput, lower for latency.\n\n"
        + _table(["database", "point", *apps], rows)
    )


def _bench_cell(point: str, numbers: dict | None) -> str:
    if numbers is None:
        return ""
    ratio = f", x{numbers['x_baseline']:.2f}" if "x_baseline" in numbers else ""
    if point == "latency":
        return f"p50 {numbers['p50_ms']['median']:.2f} ms{ratio}"
    rows, requests = numbers["rows_per_s"]["median"], numbers["rps"]["median"]
    return f"{rows:,.0f} pred/s ({requests:,.0f} req/s){ratio}"


# Security ----------------------------------------------------------------------------------


def security_tests() -> dict[str, int]:
    """Test cases per app among the contract tests marked `security`, and distinct tests."""
    environment = {key: value for key, value in os.environ.items() if key != "TEST_POSTGRES_URL"}
    collected = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-m",
            "security",
            "-p",
            "no:cacheprovider",
            "tests/contract",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    ids = [line for line in collected.stdout.splitlines() if "::" in line]
    if collected.returncode != 0 or not ids:
        raise RuntimeError(f"collecting the security tests failed:\n{collected.stdout}")
    counts = {side: sum(f"{side}-sqlite" in test for test in ids) for side in SIDES}
    counts["tests"] = len({test.split("[")[0] for test in ids})
    return counts


def security(concepts: list[Concept]) -> str:
    tests = security_tests()
    hand = dict.fromkeys(SIDES, 0)
    concerns = []
    for feature in _features():
        if feature.get("security"):
            concerns.append(feature["concern"].lower())
            for side in SIDES:
                hand[side] += hand_written(
                    feature[f"{side}_hand"], side, concepts, feature["concern"]
                )
    closures = closure.measure_all()
    shared = set(closures["shared model"].distributions)
    rows = [
        [
            f"contract tests marked `security`, the same {tests['tests']} for both (test cases)",
            tests["django"],
            tests["flask"],
        ],
        [
            f"code lines written by hand for them ({', '.join(concerns)})",
            hand["django"],
            hand["flask"],
        ],
    ]
    for label, pick in (
        ("distributions imported at start-up", lambda c: len(c.distributions)),
        ("lines of installed Python imported at start-up", lambda c: f"{c.lines:,}"),
        (
            "…of them beyond the shared model's (distributions / lines)",
            lambda c: _beyond(c, shared),
        ),
    ):
        rows.append([label, pick(closures["django"]), pick(closures["flask"])])
    model = closures["shared model"]
    return (
        _table(["", "Django", "Flask"], rows)
        + f"\n\nThe shared model alone imports {len(model.distributions)} distributions,"
        f" {model.lines:,} lines ({', '.join(sorted(model.distributions, key=str.lower))}).\n"
        "Measured by `tools/compare/closure.py`: each app is built in a fresh interpreter and\n"
        "`sys.modules` is read; non-blank lines of the `.py` files loaded from site-packages\n"
        "by the distributions of `requirements.lock`,\n"
        "in the development virtualenv (`make setup`), where `skops.io` pulls in scikit-learn's\n"
        "test helpers and with them pytest."
    )


def _beyond(measured: closure.Closure, shared: set[str]) -> str:
    own = {name: lines for name, lines in measured.distributions.items() if name not in shared}
    return f"{len(own)} / {sum(own.values()):,}"
