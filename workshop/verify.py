"""Verify every workshop exercise against the code as it is: `make workshop-verify`.

For each framework, in a temporary git worktree of HEAD (with this checkout's workshop/), over
the exercises that have a check for it (FastAPI, the API alone, has exercise 04's):
1. every exercise's check fails on the untouched tree (there is something to do);
2. every solution patch applies on its own to the untouched tree (`git apply --check`);
3. all of that framework's solutions, applied together, make every check pass;
4. the patched tree passes ruff (lint and format) and that app's own tests, the shared model's
   tests and the contract suite against that app (SQLite).
The frameworks run side by side. Exit status 0 only if everything holds; otherwise each
failure is named with the exercise and the step, so a refactor that breaks a solution shows
which patch to refresh (`python workshop/refresh.py`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKSHOP = ROOT / "workshop"
APPS = ("django", "flask", "fastapi")
# Settings of the developer's shell that must not reach the tests: SQLite only, here.
UNSET = ("DATABASE_URL", "TEST_POSTGRES_URL", "SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")
# The commands running now, each the leader of its process group.
RUNNING: set[subprocess.Popen] = set()


def exercises(app: str | None = None) -> list[Path]:
    """Every exercise, or those that have a check for `app`."""
    return sorted(
        path
        for path in WORKSHOP.iterdir()
        if path.is_dir()
        and path.name[:2].isdigit()
        and (app is None or (path / f"check_{app}.py").exists())
    )


class Verification:
    def __init__(self, app: str, base: Path, quick: bool = False):
        self.app = app
        self.quick = quick
        self.tree = base / app
        self.failures: list[str] = []
        self.log: list[str] = []
        self.env = {key: value for key, value in os.environ.items() if key not in UNSET}
        self.env["PYTHONPATH"] = str(self.tree)

    def say(self, line: str) -> None:
        self.log.append(f"[{self.app}] {line}")
        print(f"[{self.app}] {line}", flush=True)

    def fail(self, line: str) -> None:
        self.failures.append(f"[{self.app}] {line}")
        self.say(f"FAIL {line}")

    def run(self, *command: str, timeout: int = 1800) -> subprocess.CompletedProcess:
        """Run a command in the worktree, in a process group of its own, so that a timeout or
        a stop also ends what it started (the contract suite's servers)."""
        process = subprocess.Popen(
            command,
            cwd=self.tree,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        RUNNING.add(process)
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            out, err = process.communicate()
            out += f"\ntimed out after {timeout} s"
        finally:
            RUNNING.discard(process)
        return subprocess.CompletedProcess(command, process.returncode, out, err)

    def checks(self) -> list[str]:
        return [str(d.relative_to(ROOT) / f"check_{self.app}.py") for d in exercises(self.app)]

    def check_results(self, report: Path) -> dict[str, tuple[int, list[str]]]:
        """Each exercise's passed test count and its failures (test: first line of message),
        from a JUnit report."""
        results: dict[str, tuple[int, list[str]]] = {d.name: (0, []) for d in exercises(self.app)}
        for case in ET.parse(report).iter("testcase"):
            # classname: workshop.01-stats-command.check_flask (or with slashes)
            parts = case.get("classname", "").replace("/", ".").split(".")
            name = next((part for part in parts if part in results), None)
            if name is None:
                continue
            passed, failures = results[name]
            problem = case.find("failure")
            problem = problem if problem is not None else case.find("error")
            if problem is not None:
                message = (problem.get("message") or "").strip().splitlines() or ["?"]
                failures.append(f"{case.get('name')}: {message[0][:300]}")
            elif case.find("skipped") is None:
                passed += 1
            results[name] = (passed, failures)
        return results

    def run_checks(self, label: str) -> dict[str, tuple[int, list[str]]]:
        report = self.tree.parent / f"{self.app}-{label}.xml"
        self.run(
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
            *self.checks(),
        )
        if not report.exists():
            self.fail(f"the checks could not run on the {label} tree")
            return {}
        return self.check_results(report)

    def setup(self) -> bool:
        added = subprocess.run(
            ["git", "worktree", "add", "--detach", "--quiet", str(self.tree), "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if added.returncode != 0:
            self.fail(f"no git worktree of HEAD (a git checkout is needed):\n{added.stderr}")
            return False
        # The workshop as it is in this checkout (patches being refreshed may be uncommitted),
        # and the trained model, which git does not hold.
        shutil.rmtree(self.tree / "workshop", ignore_errors=True)
        shutil.copytree(
            WORKSHOP, self.tree / "workshop", ignore=shutil.ignore_patterns("__pycache__")
        )
        artifacts = ROOT / "shared_model" / "artifacts"
        if not artifacts.is_dir():
            self.fail("no trained model in shared_model/artifacts: run `make setup` first")
            return False
        shutil.copytree(artifacts, self.tree / "shared_model" / "artifacts")
        return True

    def verify(self) -> None:
        started = time.monotonic()
        if not self.setup():
            return
        # 1. The checks fail on the untouched tree.
        for name, (passed, failures) in self.run_checks("clean").items():
            if not failures:
                self.fail(f"{name}: its check passes on the untouched tree ({passed} passed)")
            else:
                self.say(f"{name}: check fails on the untouched tree, as it should")
        # 2. Each patch applies alone; 3. all of them together.
        patches = [d / f"solution-{self.app}.patch" for d in exercises(self.app)]
        for patch in patches:
            name = patch.parent.name
            if not patch.exists():
                self.fail(f"{name}: {patch.name} is missing")
                continue
            alone = self.run("git", "apply", "--check", str(patch))
            if alone.returncode != 0:
                self.fail(f"{name}: {patch.name} no longer applies to HEAD:\n{alone.stderr}")
        for patch in patches:
            if not patch.exists():
                continue
            together = self.run("git", "apply", "--3way", "--whitespace=nowarn", str(patch))
            if together.returncode != 0:
                self.fail(
                    f"{patch.parent.name}: {patch.name} does not apply on top of the earlier "
                    f"exercises' solutions:\n{together.stderr}"
                )
        if self.failures:
            self.say("stopped: the solutions could not all be applied")
            return
        for name, (passed, failures) in self.run_checks("solved").items():
            if failures or not passed:
                details = "".join(f"\n    {failure}" for failure in failures)
                self.fail(f"{name}: its check fails with the solution applied:{details}")
            else:
                self.say(f"{name}: check passes with the solution ({passed} tests)")
        # 4. Lint, then the app's tests, the shared model's and the contract suite.
        for command in (("ruff", "check", "."), ("ruff", "format", "--check", ".")):
            result = self.run(str(Path(sys.executable).parent / command[0]), *command[1:])
            if result.returncode != 0:
                self.fail(f"`{' '.join(command)}` on the solved tree:\n{result.stdout[-3000:]}")
        if self.quick:
            self.say(f"done in {time.monotonic() - started:.0f} s (--quick: no test suites)")
            return
        suites = [
            (
                "the app's tests and the shared model's",
                f"tests/{self.app}_app",
                "tests/shared_model",
            ),
            (f"the contract suite against {self.app}", "tests/contract", "-k", self.app),
        ]
        for label, *arguments in suites:
            result = self.run(
                sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *arguments
            )
            summary = (result.stdout.strip().splitlines() or ["no output"])[-1]
            if result.returncode != 0:
                output = (result.stdout + result.stderr)[-4000:]
                self.fail(f"{label} fail with the solutions applied:\n{output}")
            else:
                self.say(f"{label}: {summary}")
        self.say(f"done in {time.monotonic() - started:.0f} s")

    def remove(self) -> None:
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(self.tree)], cwd=ROOT, capture_output=True
        )


def patch_size(patch: Path) -> str:
    """Non-blank lines a patch adds and removes, as `+24 -3`; `—` for no patch."""
    if not patch.exists():
        return "—"
    lines = patch.read_text().splitlines()
    changed = [line for line in lines if line[1:].strip() and line[:3] not in ("+++", "---")]
    added = sum(1 for line in changed if line.startswith("+"))
    removed = sum(1 for line in changed if line.startswith("-"))
    return f"+{added} -{removed}"


def print_table() -> None:
    """The guide's table of solution sizes, in Markdown."""
    print("| Exercise | Django solution | Flask solution | FastAPI solution |")
    print("| --- | ---: | ---: | ---: |")
    for exercise in exercises():
        sizes = [patch_size(exercise / f"solution-{app}.patch") for app in APPS]
        print(f"| [{exercise.name}]({exercise.name}/README.md) | {' | '.join(sizes)} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", choices=APPS, action="append", help="only this framework")
    parser.add_argument("--quick", action="store_true", help="checks and ruff only, no suites")
    parser.add_argument("--table", action="store_true", help="print the solutions' sizes")
    arguments = parser.parse_args()
    if arguments.table:
        print_table()
        return 0
    apps = arguments.app or list(APPS)
    # Stopped from outside (CI's timeout, Ctrl-C): still remove the temporary worktrees.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="workshop-verify-") as base:
        verifications = [Verification(app, Path(base), arguments.quick) for app in apps]
        pool = ThreadPoolExecutor(len(verifications))
        try:
            for future in [pool.submit(v.verify) for v in verifications]:
                future.result()
        finally:
            # Stopped early: end what is running before waiting for the threads.
            for process in list(RUNNING):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
            pool.shutdown()
            for verification in verifications:
                verification.remove()
    failures = [line for v in verifications for line in v.failures]
    print(
        f"workshop verification: {len(exercises())} exercises, {len(apps)} frameworks, "
        f"{time.monotonic() - started:.0f} s"
    )
    if failures:
        print(f"\n{len(failures)} problem(s):", *failures, sep="\n- ")
        return 1
    print("every check fails on the untouched tree and passes with its solution")
    return 0


if __name__ == "__main__":
    sys.exit(main())
