"""The checks of exercise 08, written once for both frameworks; check_django.py and
check_flask.py each name their app and import these.

The learner's tests must pass on the real code and fail on each planted bug (PLANTED_BUGS in
workshop/support.py): a test that passes whatever the code does protects nothing. They run
once, in a pytest of their own, each test on the real code and with each bug.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from workshop.support import PLANTED_BUGS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def outcomes(app_name, tmp_path_factory) -> dict[str, list[bool]]:
    """For "none" and each bug: whether each of the learner's tests passed."""
    learner = Path(__file__).with_name(f"test_feedback_{app_name}.py")
    assert learner.exists(), (
        f"Write your tests in {learner.relative_to(ROOT)} (fixtures: see workshop/conftest.py)."
    )
    report = tmp_path_factory.mktemp("learner") / "report.xml"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(learner)]
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
    found: dict[str, list[bool]] = {bug: [] for bug in ["none", *PLANTED_BUGS]}
    for case in ET.parse(report).iter("testcase"):
        bug = case.get("name", "").rpartition("[")[2].rstrip("]")
        if bug in found:
            found[bug].append(case.find("failure") is None and case.find("error") is None)
    return found


def test_your_tests_pass_on_the_real_code(outcomes):
    assert outcomes["none"], "No test of yours ran: use the fixtures of workshop/conftest.py."
    assert all(outcomes["none"]), (
        "Some of your tests fail on the real code, which is right: fix those tests."
    )


@pytest.mark.parametrize("bug", sorted(PLANTED_BUGS))
def test_your_tests_catch_the_planted_bug(outcomes, bug):
    assert not all(outcomes[bug]), (
        f"With the planted bug `{bug}` ({PLANTED_BUGS[bug]}), all your tests still pass: "
        "add a test that this bug would break."
    )
