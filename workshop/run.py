"""The learner's commands, behind `make workshop`, `make workshop-check`, `make workshop-done`
and `make workshop-watch`:

    python -m workshop.run check N APP     the exercise's check
    python -m workshop.run done N APP      the check, then the project's tests it touches
    python -m workshop.run overview        every exercise and framework: done, or what is next
    python -m workshop.run watch N APP     the check again whenever a file changes

Each prints one line per unmet requirement and nothing else, then a line naming the next
step; pytest's own output goes to var/workshop/last-run.log. The exit status is 1 while a
requirement is unmet, unless --exit-zero: the make targets pass it, since a check that says
what is missing has done its job, and make would add `Error 1` after its lines. A wrong
exercise number or framework is status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script (python workshop/run.py): import as a module
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workshop.exercises import (
    LOCAL_SETTINGS,
    ROOT,
    UNUSED_PLUGINS,
    Exercise,
    exercises,
    find,
    frameworks,
)

LOG = ROOT / "var" / "workshop" / "last-run.log"
# What the watch mode leaves out: folders a run writes to, and tools' caches.
IGNORED = {".git", ".venv", "var", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache"}
POLL_SECONDS = 1.0


@dataclass
class Result:
    file: str
    test: str
    outcome: str
    message: str
    unexpected: bool = False

    @property
    def passed(self) -> bool:
        return self.outcome in ("passed", "skipped")


@dataclass
class Report:
    lines: list[str]
    next_step: str
    ok: bool

    def print(self) -> None:
        print(*self.lines, self.next_step, sep="\n", flush=True)


def run_pytest(paths: list[str], *options: str, env: dict[str, str] | None = None) -> list[Result]:
    """Run pytest on `paths` (relative to the repository) and read each test's outcome; an
    empty list when pytest stopped before any test (what it said is in LOG)."""
    environment = {name: value for name, value in os.environ.items() if name not in LOCAL_SETTINGS}
    environment.update(PYTHONPATH=str(ROOT), **(env or {}))
    with tempfile.TemporaryDirectory(prefix="workshop-") as folder:
        report = Path(folder) / "results.json"
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *UNUSED_PLUGINS]
        command += ["-p", "workshop.results", f"--workshop-results={report}", *options, *paths]
        with LOG.open("a", encoding="utf-8") as log:
            settings = "".join(f"{name}=... " for name in env or {})  # no password in a log
            log.write(f"\n$ {settings}{' '.join(command)}\n")
            log.flush()
            subprocess.run(command, cwd=ROOT, env=environment, stdout=log, stderr=log)
        if not report.exists():
            return []
        return [Result(**record) for record in json.loads(report.read_text(encoding="utf-8"))]


def unmet(results: list[Result]) -> list[str]:
    """One line per unmet requirement, in the check's order, each said once."""
    lines: list[str] = []
    for result in results:
        line = result.message or f"{result.test or result.file} fails"
        if not result.passed and line not in lines:
            lines.append(line)
    return lines


def log_hint(results: list[Result]) -> str:
    if any(result.unexpected for result in results if not result.passed):
        return f" The tracebacks are in {LOG.relative_to(ROOT)}."
    return ""


def stopped(what: str, command: str) -> Report:
    return Report(
        [f"{what} could not run: pytest stopped before any test."],
        f"Next: read the end of {LOG.relative_to(ROOT)}, fix what it names, then `{command}`.",
        ok=False,
    )


def check_results(exercise: Exercise, app: str) -> list[Result]:
    """The check's results; then on PostgreSQL too when the exercise asks for it and
    TEST_POSTGRES_URL names a server (workshop/conftest.py gives the check that database)."""
    path = str(exercise.check(app).relative_to(ROOT))
    results = run_pytest([path])
    server = os.environ.get("TEST_POSTGRES_URL")
    if exercise.on_postgresql and server and results and all(r.passed for r in results):
        # Django's test database from DATABASE_URL; the Flask fixture makes its own there.
        on_postgresql = {"WORKSHOP_DATABASE": "postgresql", "DATABASE_URL": server}
        more = run_pytest([path], env={**on_postgresql, "TEST_POSTGRES_URL": server})
        for result in more:
            if not result.passed:
                result.message = f"On PostgreSQL: {result.message}"
        results += more
    return results


def next_exercise(exercise: Exercise, app: str) -> str:
    later = [e for e in exercises() if e.number > exercise.number and app in e.apps]
    if not later:
        return f"That was the last one in {app}: `make workshop` shows where you stand."
    following = later[0]
    return (
        f"Next: exercise {following.number}, {following.title} "
        f"(workshop/{following.name}/README.md); `make workshop-check "
        f"N={following.number} APP={app}` says what is missing."
    )


def check(exercise: Exercise, app: str) -> Report:
    """The check's unmet requirements, then the next step."""
    arguments = f"N={exercise.number} APP={app}"
    results = check_results(exercise, app)
    if not results:
        what = f"The check of {exercise.number} in {app}"
        return stopped(what, f"make workshop-check {arguments}")
    lines = unmet(results)
    if lines:
        return Report(
            lines,
            f"Next: make the first line above come true, then `make workshop-check {arguments}` "
            f"again (`make workshop-watch {arguments}` re-runs it on every save)."
            + log_hint(results),
            ok=False,
        )
    return Report(
        [],
        f"{exercise.number} in {app}: the check passes. Next: `make workshop-done {arguments}` "
        "runs it with the project's tests this exercise touches.",
        ok=True,
    )


def done(exercise: Exercise, app: str) -> Report:
    """The check; once it passes, the project's tests the exercise touches, for `app`."""
    arguments = f"N={exercise.number} APP={app}"
    report = check(exercise, app)
    if not report.ok:
        report.next_step = report.next_step.replace("make workshop-check", "make workshop-done")
        return report
    contract, other = exercise.done_tests(app)
    results: list[Result] = []
    for paths, options in ((contract, ["-k", app]), (other, [])):
        if paths:
            ran = run_pytest(paths, *options)
            if not ran:
                return stopped(f"The tests {' '.join(paths)}", f"make workshop-done {arguments}")
            results += ran
    failing = [result for result in results if not result.passed]
    if failing:
        return Report(
            [f"{result.file}::{result.test}: {result.message}" for result in failing],
            "Next: the check passes, but these tests of the project fail with your change; "
            f'the README\'s "Done when" says which ones the exercise changes. Then `make '
            f"workshop-done {arguments}` again." + log_hint(results),
            ok=False,
        )
    passed = f"its check and the {len(results)} tests of the project it touches pass"
    return Report(
        [],
        f"{exercise.number} in {app} is done: {passed if results else 'its check passes'}. "
        + next_exercise(exercise, app),
        ok=True,
    )


def state(results: list[Result]) -> str:
    if results and all(result.passed for result in results):
        return "done"
    if not any(result.passed for result in results):
        return "not started"
    return unmet(results)[0]


def overview() -> Report:
    """Every exercise and framework with its state, from one run of every check."""
    checks = {
        (exercise.number, app): str(exercise.check(app).relative_to(ROOT))
        for exercise in exercises()
        for app in exercise.apps
    }
    started = time.monotonic()
    results = run_pytest(list(checks.values()))
    if not results:
        return stopped("The checks", "make workshop")
    lines, first_open = [], None
    for exercise in exercises():
        lines.append(f"{exercise.number} {exercise.title}")
        for app in exercise.apps:
            path = checks[exercise.number, app]
            now = state([result for result in results if result.file == path])
            if now != "done" and first_open is None:
                first_open = f"make workshop-check N={exercise.number} APP={app}"
            lines.append(f"   {app:<8} {now}")
    took = f"({len(checks)} checks in {time.monotonic() - started:.0f} s)"
    if first_open is None:
        return Report(lines, f"Every exercise's check passes in every framework {took}.", ok=True)
    return Report(lines, f"Next: `{first_open}` {took}.", ok=False)


def snapshot() -> dict[Path, float]:
    """Every file a learner may edit, with its modification time."""
    found = {}
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in IGNORED]
        for name in files:
            path = Path(folder) / name
            try:
                found[path] = path.stat().st_mtime
            except FileNotFoundError:  # removed while we looked
                continue
    return found


def watch(exercise: Exercise, app: str) -> int:
    """The check, then again after every change to a file, until Ctrl-C."""
    try:
        while True:
            seen = snapshot()
            print(f"== {time.strftime('%H:%M:%S')} exercise {exercise.number} in {app}", flush=True)
            report = check(exercise, app)
            report.next_step = report.next_step.split(" (`make workshop-watch")[0]
            report.print()
            print("Watching your files; the check runs again when one changes (Ctrl-C stops).")
            while snapshot() == seen:
                time.sleep(POLL_SECONDS)
            # An editor may save in several steps: let it finish.
            time.sleep(POLL_SECONDS / 2)
    except KeyboardInterrupt:
        print("\nStopped watching.")
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 when a check fails")
    parser.add_argument("command", choices=["check", "done", "overview", "watch"])
    parser.add_argument("number", nargs="?", default="")
    parser.add_argument("app", nargs="?", default="")
    arguments = parser.parse_args(argv)
    LOG.parent.mkdir(parents=True, exist_ok=True)
    LOG.write_text("", encoding="utf-8")
    if arguments.command == "overview":
        report = overview()
    else:
        exercise = find(arguments.number) if arguments.number.isdigit() else None
        if exercise is None or arguments.app not in exercise.apps:
            print(
                f"No exercise {arguments.number or '?'} for {arguments.app or '?'}: "
                f"make workshop-{arguments.command} N=01 APP={'|'.join(frameworks())} "
                "(`make workshop` lists them)."
            )
            return 2
        if arguments.command == "watch":
            return watch(exercise, arguments.app)
        report = (check if arguments.command == "check" else done)(exercise, arguments.app)
    report.print()
    return 0 if report.ok or arguments.exit_zero else 1


if __name__ == "__main__":
    sys.exit(main())
