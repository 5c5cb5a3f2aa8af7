"""The checks of exercise 08, written once for both frameworks; check_django.py and
check_flask.py each name their app and import these.

The learner's tests must pass on the real code and fail on each planted bug (planted_bugs.py):
a test that passes whatever the code does protects nothing. They run once, in a pytest of
their own, each test on the real code and with each bug (see conftest.py in this folder);
each test's report says which bug it ran with.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from workshop.exercises import UNUSED_PLUGINS
from workshop.support import load_exercise_module

ROOT = Path(__file__).resolve().parents[2]
PLANTED_BUGS = load_exercise_module(__file__, "planted_bugs").PLANTED_BUGS
# What a test would name to ask which bug it runs with, instead of testing the app.
MACHINERY = re.compile(r"planted|_variant|user_properties|callspec|WORKSHOP_BUGS")


def learner_file(app_name: str) -> Path:
    return Path(__file__).with_name(f"test_feedback_{app_name}.py")


def without_bug(name: str, bug: str) -> str:
    """A test's name without the bug's parameter: `test_x[none-setosa]` is `test_x[setosa]`."""
    base, _, params = name.partition("[")
    kept = [part for part in params.rstrip("]").split("-") if part != bug] if params else []
    return f"{base}[{'-'.join(kept)}]" if kept else base


@pytest.fixture(scope="module")
def outcomes(app_name, tmp_path_factory) -> dict[str, dict[str, bool]]:
    """For "none" and each bug: {test name (with its own parameters): whether it passed}."""
    learner = learner_file(app_name)
    assert learner.exists(), (
        f"Write your tests in {learner.relative_to(ROOT)} (fixtures: see workshop/conftest.py)."
    )
    report = tmp_path_factory.mktemp("learner") / "report.xml"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *UNUSED_PLUGINS]
    command.append(str(learner))
    result = subprocess.run(
        [*command, f"--junitxml={report}"],
        cwd=ROOT,
        env={**os.environ, "WORKSHOP_BUGS": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode != 5, "Your file holds no test yet (functions named test_...)."
    assert report.exists(), f"Your tests could not run:\n{result.stdout[-3000:]}"
    found: dict[str, dict[str, bool]] = {bug: {} for bug in ["none", *PLANTED_BUGS]}
    for case in ET.parse(report).iter("testcase"):
        bug = next(
            (p.get("value") for p in case.iter("property") if p.get("name") == "planted_bug"),
            None,
        )
        if bug in found:
            failed = case.find("failure") is not None or case.find("error") is not None
            found[bug][without_bug(case.get("name", ""), bug)] = not failed
    return found


def test_your_tests_test_the_app_not_the_check(app_name):
    learner = learner_file(app_name)
    if not learner.exists():
        pytest.fail(f"Write your tests in {learner.relative_to(ROOT)}.")
    named = sorted(set(MACHINERY.findall(learner.read_text())))
    assert not named, (
        f"Your tests refer to how the check plants its bugs ({', '.join(named)}): a test that "
        "asks which bug is planted protects nothing. Test what the app does instead."
    )


def test_your_tests_pass_on_the_real_code(outcomes):
    real = outcomes["none"]
    assert real, "No test of yours ran: use the fixtures of workshop/conftest.py."
    failing = sorted(name for name, passed in real.items() if not passed)
    assert not failing, (
        f"{len(failing)} of your {len(real)} tests {'fails' if len(failing) == 1 else 'fail'} "
        f"on the real code, whose feedback works: {', '.join(failing)}. A test must pass when "
        "the code is right: fix these tests (run them alone to see why)."
    )


@pytest.mark.parametrize("bug", sorted(PLANTED_BUGS))
def test_your_tests_catch_the_planted_bug(outcomes, bug):
    ran = outcomes[bug]
    assert ran and not all(ran.values()), (
        f"With the planted bug `{bug}` ({PLANTED_BUGS[bug]}), all {len(ran)} of your tests "
        "still pass: add a test that this bug would break."
    )
