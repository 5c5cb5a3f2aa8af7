"""The learner's commands (workshop/run.py) and the pytest plugin behind them: one line per
unmet requirement, said once, then the next step; the watch mode's eye for changes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time

from workshop import run
from workshop.exercises import ROOT, UNUSED_PLUGINS

A_CHECK = """
import pytest


def test_a_message_is_the_line():
    assert 1 == 2, "The page needs a form."


def test_pytest_fail_is_the_line():
    pytest.fail("The command does not exist yet.")


def test_an_error_names_where_it_was_raised():
    {}["missing"]


def test_a_passing_requirement():
    assert True
"""


def run_plugin(tmp_path, source: str) -> list[dict]:
    check = tmp_path / "check_example.py"
    check.write_text(textwrap.dedent(source))
    report = tmp_path / "results.json"
    plugin = ["-p", "workshop.results", f"--workshop-results={report}", str(check)]
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *UNUSED_PLUGINS, *plugin],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    return json.loads(report.read_text())


def test_the_plugin_keeps_each_tests_outcome_and_one_line_of_what_went_wrong(tmp_path):
    records = {record["test"]: record for record in run_plugin(tmp_path, A_CHECK)}

    assert records["test_a_message_is_the_line"]["message"] == "The page needs a form."
    assert records["test_pytest_fail_is_the_line"]["message"] == "The command does not exist yet."
    error = records["test_an_error_names_where_it_was_raised"]
    assert error["message"] == "KeyError: 'missing'"
    assert error["unexpected"] is True
    assert records["test_a_passing_requirement"]["outcome"] == "passed"


def test_a_module_that_does_not_import_is_one_line_too(tmp_path):
    (record,) = run_plugin(tmp_path, "import no_such_module_here\n")

    assert record["outcome"] == "error"
    assert record["message"] == "ModuleNotFoundError: No module named 'no_such_module_here'"


def test_an_error_in_the_projects_code_says_where(tmp_path):
    # A check that calls into the project, where the error is raised.
    source = "from workshop import exercises\n\ndef test_x():\n    exercises.find(None)\n"

    (record,) = run_plugin(tmp_path, source)

    assert record["message"].startswith("AttributeError: ")
    assert " (workshop/exercises.py:" in record["message"]


def test_unmet_says_each_requirement_once_in_the_checks_order():
    results = [
        run.Result("check.py", "test_a", "failed", "First."),
        run.Result("check.py", "test_b", "passed", ""),
        run.Result("check.py", "test_c[x]", "error", "Second."),
        run.Result("check.py", "test_c[y]", "error", "Second."),
    ]

    assert run.unmet(results) == ["First.", "Second."]


def test_a_state_is_done_not_started_or_the_first_unmet_requirement():
    passed = run.Result("check.py", "test_a", "passed", "")
    failed = run.Result("check.py", "test_b", "failed", "Add the page.")

    assert run.state([passed, passed]) == "done"
    assert run.state([failed, failed]) == "not started"
    assert run.state([passed, failed]) == "Add the page."


def test_a_wrong_exercise_number_is_a_usage_error(capsys):
    assert run.main(["--exit-zero", "check", "99", "flask"]) == 2

    assert "No exercise 99 for flask" in capsys.readouterr().out


def test_a_check_prints_its_unmet_requirements_then_the_next_step(capsys):
    # Exercise 01 is not done on the project as it is: its command does not exist.
    status = run.main(["check", "01", "flask"])

    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    assert lines[0].startswith("`flask --app flask_app prediction-stats` does not exist yet")
    assert len(lines) == 2 and lines[-1].startswith("Next: ")
    assert "make workshop-check N=01 APP=flask" in lines[-1]


def test_exit_zero_keeps_the_lines_and_exits_zero(capsys):
    assert run.main(["--exit-zero", "check", "01", "flask"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("Next: ")


def test_the_watch_mode_sees_a_changed_file_and_not_what_runs_write(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "ROOT", tmp_path)
    (tmp_path / "views.py").write_text("a")
    (tmp_path / "var").mkdir()
    before = run.snapshot()

    (tmp_path / "var" / "last-run.log").write_text("written by a run")
    assert run.snapshot() == before

    time.sleep(0.01)
    (tmp_path / "views.py").write_text("b")
    assert run.snapshot() != before
