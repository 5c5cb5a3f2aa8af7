"""Verify every workshop exercise against the code as it is: `make workshop-verify`.

For each framework (every `check_<app>.py` name), in a temporary git worktree of HEAD with
this checkout's workshop/:
1. every exercise's check fails on the untouched tree (there is something to do);
2. every solution patch applies on its own to the untouched tree (`git apply --check`);
3. every variant of a solution (variants_<app>.toml, see exercises.py), applied on its own:
   the check rejects each wrong one, in the test the variant names, and accepts each right one;
4. all of that framework's solutions, applied together, make every check pass;
5. the patched tree passes ruff (lint and format) and that app's own tests, the shared model's
   tests and the contract suite against that app (SQLite), the contract tests the solutions
   add among them: two solutions that drift apart fail here.
The frameworks run side by side. Exit status 0 only if everything holds; otherwise each
failure is named with the exercise and the step, so a refactor that breaks a solution shows
which patch to refresh (`.venv/bin/python workshop/refresh.py`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

if __package__ in (None, ""):  # run as a script (python workshop/verify.py): import as a module
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workshop import warm_pytest
from workshop.exercises import (
    LOCAL_SETTINGS,
    ROOT,
    UNUSED_PLUGINS,
    WORKSHOP,
    Exercise,
    Variant,
    VariantError,
    exercises,
    frameworks,
    table_is_current,
    write_table,
)

# The commands running now, each the leader of its process group.
RUNNING: set[subprocess.Popen] = set()


class Verification:
    def __init__(self, app: str, base: Path, quick: bool = False):
        self.app = app
        self.quick = quick
        self.tree = base / app
        self.failures: list[str] = []
        self.env = {key: value for key, value in os.environ.items() if key not in LOCAL_SETTINGS}
        self.env["PYTHONPATH"] = str(self.tree)

    @property
    def exercises(self) -> list[Exercise]:
        return [exercise for exercise in exercises() if self.app in exercise.apps]

    def say(self, line: str) -> None:
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

    def run_checks(self, chosen: list[Exercise], label: str) -> dict[str, dict[str, str]]:
        """For each exercise: {test: "" if it passed, else its one-line message}."""
        report = self.tree.parent / f"{self.app}-{label}.json"
        report.unlink(missing_ok=True)
        checks = [str(exercise.check(self.app).relative_to(ROOT)) for exercise in chosen]
        arguments = ["-q", "-p", "no:cacheprovider", *UNUSED_PLUGINS, "-p", "workshop.results"]
        arguments += [f"--workshop-results={report}", *checks]
        log = report.with_suffix(".log")
        warm_pytest.run(self.tree, self.env, arguments, log, timeout=900)
        results: dict[str, dict[str, str]] = {exercise.name: {} for exercise in chosen}
        if not report.exists():
            output = log.read_text()[-3000:] if log.exists() else "no output"
            self.fail(f"the checks could not run on the {label} tree:\n{output}")
            return {}
        for record in json.loads(report.read_text()):
            name = Path(record["file"]).parent.name
            if name in results:
                passed = record["outcome"] in ("passed", "skipped")
                test = record["test"] or record["file"]
                results[name][test] = "" if passed else record["message"] or "failed"
        return results

    def reset(self) -> None:
        """The untouched tree again: HEAD, this checkout's workshop/ and the trained model."""
        self.run("git", "reset", "--quiet", "--hard", "HEAD")
        self.run("git", "clean", "-fdq")
        shutil.rmtree(self.tree / "workshop", ignore_errors=True)
        shutil.copytree(
            WORKSHOP, self.tree / "workshop", ignore=shutil.ignore_patterns("__pycache__")
        )

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
        self.reset()
        artifacts = ROOT / "shared_model" / "artifacts"
        if not artifacts.is_dir():
            self.fail("no trained model in shared_model/artifacts: run `make setup` first")
            return False
        shutil.copytree(artifacts, self.tree / "shared_model" / "artifacts")
        return True

    def check_variant(self, variant: Variant) -> None:
        self.reset()
        try:
            patch = variant.patch()
        except VariantError as error:
            self.fail(str(error))
            return
        path = self.tree.parent / f"{self.app}-variant.patch"
        path.write_text(patch)
        applied = self.run("git", "apply", "--recount", "--whitespace=nowarn", str(path))
        if applied.returncode != 0:
            self.fail(f"{variant}: does not apply:\n{applied.stderr}")
            return
        results = self.run_checks([variant.exercise], f"variant-{variant.exercise.number}")
        outcome = results.get(variant.exercise.name, {})
        failed = {test: message for test, message in outcome.items() if message}
        if variant.kind == "right":
            if failed or not outcome:
                details = "".join(f"\n    {test}: {message}" for test, message in failed.items())
                self.fail(f"{variant}: the check rejects this right solution:{details}")
            else:
                self.say(f"{variant.exercise.name}: the check accepts {variant.what!r}")
            return
        caught = [
            t for t in failed if t.split("[")[0] in variant.caught_by or t in variant.caught_by
        ]
        if not failed:
            self.fail(f"{variant}: the check accepts this wrong solution")
        elif variant.caught_by and not caught:
            self.fail(
                f"{variant}: the check rejects it, but not in {', '.join(variant.caught_by)}: "
                f"{'; '.join(f'{t}: {m}' for t, m in failed.items())}"
            )
        else:
            reason = failed[caught[0]] if caught else next(iter(failed.values()))
            self.say(f"{variant.exercise.name}: rejects {variant.what!r}: {reason}")

    def verify(self) -> None:
        started = time.monotonic()
        if not self.setup():
            return
        # 1. The checks fail on the untouched tree.
        for name, outcome in self.run_checks(self.exercises, "clean").items():
            if outcome and not any(outcome.values()):
                self.fail(f"{name}: its check passes on the untouched tree ({len(outcome)} passed)")
            else:
                self.say(f"{name}: check fails on the untouched tree, as it should")
        # 2. Each patch applies alone.
        patches = [exercise.solution(self.app) for exercise in self.exercises]
        for patch in patches:
            if not patch.exists():
                self.fail(f"{patch.parent.name}: {patch.name} is missing")
                continue
            alone = self.run("git", "apply", "--check", str(patch))
            if alone.returncode != 0:
                self.fail(
                    f"{patch.parent.name}: {patch.name} no longer applies to HEAD:\n{alone.stderr}"
                )
        if self.failures:
            self.say("stopped: the solutions do not apply")
            return
        # 3. The variants, each on its own.
        for exercise in self.exercises:
            variants = exercise.variants(self.app)
            if not any(variant.kind == "wrong" for variant in variants):
                where = exercise.variants_file(self.app).name
                self.fail(f"{exercise.name}: no wrong variant in {where}: list what it must catch")
            for variant in variants:
                self.check_variant(variant)
        # 4. All the solutions together.
        self.reset()
        for patch in patches:
            together = self.run("git", "apply", "--3way", "--whitespace=nowarn", str(patch))
            if together.returncode != 0:
                self.fail(
                    f"{patch.parent.name}: {patch.name} does not apply on top of the earlier "
                    f"exercises' solutions:\n{together.stderr}"
                )
        if any("does not apply on top" in failure for failure in self.failures):
            self.say("stopped: the solutions could not all be applied")
            return
        for name, outcome in self.run_checks(self.exercises, "solved").items():
            failed = {test: message for test, message in outcome.items() if message}
            if failed or not outcome:
                details = "".join(f"\n    {test}: {message}" for test, message in failed.items())
                self.fail(f"{name}: its check fails with the solution applied:{details}")
            else:
                self.say(f"{name}: check passes with the solution ({len(outcome)} tests)")
        # 5. Lint, then the app's tests, the shared model's and the contract suite.
        for command in (("ruff", "check", "."), ("ruff", "format", "--check", ".")):
            result = self.run(str(Path(sys.executable).parent / command[0]), *command[1:])
            if result.returncode != 0:
                self.fail(f"`{' '.join(command)}` on the solved tree:\n{result.stdout[-3000:]}")
        if self.quick:
            self.say(f"done in {time.monotonic() - started:.0f} s (--quick: no test suites)")
            return
        own = [path for path in (f"tests/{self.app}_app",) if (self.tree / path).is_dir()]
        suites = [
            ("the app's tests and the shared model's", *own, "tests/shared_model"),
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", choices=frameworks(), action="append", help="only this framework")
    parser.add_argument("--quick", action="store_true", help="no test suites (step 5's ruff only)")
    parser.add_argument(
        "--table", action="store_true", help="write the solutions' sizes into workshop/README.md"
    )
    arguments = parser.parse_args()
    if arguments.table:
        print("workshop/README.md: table " + ("updated" if write_table() else "up to date"))
        return 0
    apps = arguments.app or frameworks()
    # Stopped from outside (CI's timeout, Ctrl-C): still remove the temporary worktrees.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    started = time.monotonic()
    failures = []
    if not table_is_current():
        failures.append(
            "workshop/README.md's table of solution sizes is out of date: "
            "`python workshop/verify.py --table` writes it"
        )
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
    failures += [line for v in verifications for line in v.failures]
    print(
        f"workshop verification: {len(exercises())} exercises, {len(apps)} frameworks, "
        f"{time.monotonic() - started:.0f} s"
    )
    if failures:
        print(f"\n{len(failures)} problem(s):", *failures, sep="\n- ")
        return 1
    print(
        "every check fails on the untouched tree, rejects the wrong variants, accepts the "
        "right ones and passes with its solution"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
