"""A pytest plugin that keeps, for each test, its outcome and one line saying what went wrong:
`pytest -p workshop.results --workshop-results=PATH ...` writes them to PATH as JSON.

The learner's commands print those lines and nothing else of pytest's (see run.py), and the
verification reads which test of a check failed (verify.py). The line is the check's own
message (`assert ..., "message"` or `pytest.fail("message")`); for any other exception it is
the exception and where it was raised in the project's code, so a typo in a learner's view
reads `NameError: name 'redirct' is not defined (flask_app/views.py:41)`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LONGEST = 600


def pytest_addoption(parser):
    parser.addoption("--workshop-results", help="write each test's outcome as JSON to this file")


def one_line(excinfo) -> str:
    error = excinfo.value
    if isinstance(error, pytest.fail.Exception):
        text = error.msg
    elif isinstance(error, pytest.Collector.CollectError):
        text = collect_error(str(error))
    elif isinstance(error, AssertionError) and str(error).strip():
        # A check's message, or the first line of pytest's explanation of a bare assert.
        text = str(error).strip().splitlines()[0]
    else:
        text = f"{type(error).__name__}: {error}{where(excinfo)}"
    # One line: a message spread over several lines is joined; spaces inside it are kept.
    text = re.sub(r"\s*\n\s*", " ", str(text)).strip()
    return text if len(text) <= LONGEST else text[: LONGEST - 3] + "..."


def collect_error(report: str) -> str:
    """A module that would not import: pytest's report of it holds the traceback as text;
    its last error line, and the last place in the project's code it names."""
    errors = [line[1:].strip() for line in report.splitlines() if line.startswith("E ")]
    text = errors[-1] if errors else report.strip().splitlines()[-1]
    places = re.findall(r'^(?:E\s+File "|)(\S+?\.py)(?:", line |:)(\d+)', report, re.M)
    for path, line in reversed(places):
        if Path(path).resolve().is_relative_to(ROOT) and ".venv" not in Path(path).parts:
            return f"{text} ({Path(path).resolve().relative_to(ROOT)}:{line})"
    return text


def where(excinfo) -> str:
    """` (path:line)` of the deepest frame in the project's code outside workshop/, if any."""
    found = ""
    for entry in excinfo.traceback:
        path = Path(str(entry.path))
        if path.is_relative_to(ROOT) and ".venv" not in path.parts:
            relative = path.relative_to(ROOT)
            if relative.parts[0] != "workshop" or not found:
                found = f" ({relative}:{entry.lineno + 1})"
    return found


class Recorder:
    def __init__(self, path: Path):
        self.path = path
        self.records: list[dict] = []
        # What went wrong in each test (or module) that raised: (line, raised unexpectedly).
        self.problems: dict[str, tuple[str, bool]] = {}

    @pytest.hookimpl
    def pytest_exception_interact(self, node, call, report):
        expected = isinstance(call.excinfo.value, (AssertionError, pytest.fail.Exception))
        self.problems[node.nodeid] = (one_line(call.excinfo), not expected)

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report):
        if report.when == "call" or report.outcome != "passed":
            outcome = report.outcome if report.when == "call" else "error"
            if report.outcome == "skipped":
                outcome = "skipped"
            self.record(report.nodeid, outcome)

    @pytest.hookimpl
    def pytest_collectreport(self, report):
        if report.failed:
            self.record(report.nodeid, "error")

    def record(self, nodeid: str, outcome: str) -> None:
        self.records.append({"nodeid": nodeid, "outcome": outcome})

    @pytest.hookimpl
    def pytest_sessionfinish(self):
        # pytest reports an outcome before it hands the exception to pytest_exception_interact:
        # the messages are known only now.
        written = []
        for record in self.records:
            path, _, name = record["nodeid"].partition("::")
            message, unexpected = ("", False)
            if record["outcome"] in ("failed", "error"):
                message, unexpected = self.problems.get(record["nodeid"], ("", True))
            written.append(
                {
                    "file": path,
                    "test": name,
                    "outcome": record["outcome"],
                    "message": message,
                    "unexpected": unexpected,
                }
            )
        self.path.write_text(json.dumps(written, indent=1), encoding="utf-8")


def pytest_configure(config):
    path = config.getoption("--workshop-results")
    if path:
        config.pluginmanager.register(Recorder(Path(path)), "workshop-results-recorder")
