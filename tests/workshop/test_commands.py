"""Every command the workshop's READMEs show runs as written, from a fresh clone after
`make setup`.

The clone is a new git repository holding this checkout's files as they are, sharing its
virtualenv and trained model as `make setup` leaves a clone (PYTHONPATH points at the clone,
as the editable install of the clone's own setup would). Before any `make`, the test makes
sure that make finds the setup done in the clone, so that no command reinstalls the shared
virtualenv. Each command runs in the state it is meant for: on the untouched code, or, for
one that tries an exercise's work by hand, with that exercise's solution applied (without
its migration, for the commands that write one). The commands that run the same target for
another exercise are checked with `make -n`; the few that cannot run here say why.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.workshop.readmes import commands, readmes
from workshop.exercises import LOCAL_SETTINGS, ROOT, find


@dataclass(frozen=True)
class Run:
    """How a command is run: after applying a solution ("01 flask"; `exclude`: a pattern of
    its files left out) and running `first`, its output holds `expect`, and it writes a
    file matching `writes` when given."""

    expect: str
    solution: str = ""
    exclude: str = ""
    first: tuple[str, ...] = ()
    writes: str = ""
    timeout: int = 300


RUN = {
    "make": Run("make workshop-check"),
    "make lint": Run("All checks passed"),
    "make workshop": Run("Next: "),
    "make workshop-check N=01 APP=flask": Run("Next: "),
    "make compare": Run(""),
    "make flask CMD=--help": Run("seed-demo"),
    "make django CMD=seed_demo": Run(""),
    "make flask CMD=seed-demo": Run(""),
    ".venv/bin/python workshop/verify.py --table": Run("table"),
    ".venv/bin/pytest tests/django_app/test_migrations.py": Run("passed"),
    "make django CMD=prediction_stats": Run("Predictions: ", solution="01 django"),
    "make flask CMD=prediction-stats": Run("Predictions: ", solution="01 flask"),
    'make flask CMD="prediction-stats --user demo"': Run(
        "Predictions: ", solution="01 flask", first=("make flask CMD=seed-demo",)
    ),
    "make workshop-done N=01 APP=django": Run("01 in django is done", solution="01 django"),
    "make workshop-done N=01 APP=flask": Run("01 in flask is done", solution="01 flask"),
    "make makemigrations": Run(
        "prediction",
        solution="07 django",
        exclude="django_app/predictions/migrations/*",
        writes="django_app/predictions/migrations/0*_*.py",
    ),
    'make db-migrate M="prediction notes"': Run(
        "Generating",
        solution="07 flask",
        exclude="flask_app/migrations/versions/*",
        writes="flask_app/migrations/versions/*_prediction_notes.py",
    ),
    ".venv/bin/pytest workshop/08-test-feedback/test_feedback_flask.py": Run(
        "passed", solution="08 flask"
    ),
}
# The README's way to keep, throw away and look at work, run in its order.
RESETTING = [
    "git switch -c workshop",
    "git stash -u",
    "git stash pop",
    "git checkout -- . && git clean -fd django_app flask_app shared_model tests workshop",
    "git apply workshop/01-stats-command/solution-flask.patch",
    "git apply -R workshop/01-stats-command/solution-flask.patch",
    "git apply --include='flask_app/*' workshop/06-dashboard-chart/solution-flask.patch",
]
# The learner's commands for another exercise: the same target as one run above.
SAME_TARGET = re.compile(r"^make workshop-(check|done) N=(\d\d) APP=(\w+)$")
NOT_RUN = {
    "make setup": "installs the virtualenv, which the clone shares (make test ran it first)",
    "make run": "starts both apps until Ctrl-C; the contract suite starts them the same way",
    "make run-flask": "starts the app until Ctrl-C; the contract suite starts it the same way",
    "make test": "runs every test of the project, this one among them",
    "make workshop-verify": "the workshop's verification, minutes long: CI runs it after tests",
    ".venv/bin/python workshop/verify.py --quick": "the verification again, without suites",
    ".venv/bin/python workshop/refresh.py": "rewrites the patches; workshop-verify checks them",
    "make workshop-watch N=01 APP=flask": "runs until Ctrl-C; test_run.py tests what it watches",
    "make workshop-done": "the target's name in a sentence; its uses with N and APP run",
    'make django CMD="..."': "the form of the command; its uses with a command run",
    'make flask CMD="..."': "the form of the command; its uses with a command run",
    "git apply": "the tool's name in a sentence; the README's commands in full run",
    "git add -A && git diff --cached HEAD": "a step of editing a solution in its own worktree",
    'curl -i -H "Authorization: Bearer $TOKEN" http://127.0.0.1:5000/api/v1/predictions/1': (
        "needs the app running (make run) and a token from its token page"
    ),
}
SHOWN = sorted({command for readme in readmes() for command in commands(readme.read_text())})


@dataclass
class Clone:
    path: Path
    env: dict[str, str] = field(default_factory=dict)

    def run(self, command: str, timeout: int = 300) -> subprocess.CompletedProcess:
        # Without the shared virtualenv, make would set one up in the clone.
        assert (self.path / ".venv" / ".installed").exists(), "the clone lost its virtualenv"
        return subprocess.run(
            ["bash", "-c", command],
            cwd=self.path,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def git(self, *arguments: str, check: bool = True) -> None:
        subprocess.run(["git", *arguments], cwd=self.path, check=check, capture_output=True)

    def reset(self) -> None:
        """The untouched files again; the local databases (var/) stay, as a learner's do."""
        self.git("reset", "--quiet", "--hard")
        self.git("clean", "-fdq")
        self.git("checkout", "--quiet", "main")
        self.git("branch", "--delete", "--force", "workshop", check=False)  # the README's
        self.git("stash", "clear")

    def apply(self, solution: str, exclude: str = "") -> None:
        number, app = solution.split()
        patch = find(number).solution(app)
        options = [f"--exclude={exclude}"] if exclude else []
        self.git("apply", *options, str(patch))


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Clone:
    path = tmp_path_factory.mktemp("fresh-clone")
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, path / name)
    clone = Clone(path)
    clone.git("init", "--quiet", "--initial-branch=main")
    clone.git("add", "--all")
    clone.git(
        "-c", "user.name=Learner", "-c", "user.email=learner@example.org", "commit", "-qm", "clone"
    )
    clone.git("config", "user.name", "Learner")
    clone.git("config", "user.email", "learner@example.org")
    # What `make setup` leaves: the virtualenv with its stamp, and the trained model.
    venv = (ROOT / ".venv").resolve()
    (path / ".venv").symlink_to(venv)
    # A link, not the folder .gitignore names: git must leave it alone (clean, stash -u).
    (path / ".git" / "info" / "exclude").write_text("/.venv\n")
    shutil.copytree(ROOT / "shared_model" / "artifacts", path / "shared_model" / "artifacts")
    stamp = (venv / ".installed").stat().st_mtime
    for name in ("pyproject.toml", "requirements.lock"):
        os.utime(path / name, (stamp - 60, stamp - 60))
    # A learner's shell: none of the settings a developer's may hold, nor an outer make's.
    outer = (*LOCAL_SETTINGS, "MAKEFLAGS", "MFLAGS", "MAKELEVEL")
    clone.env = {k: v for k, v in os.environ.items() if k not in outer}
    clone.env["PYTHONPATH"] = str(path)
    done = clone.run("make -q .venv/.installed shared_model/artifacts/iris_model.skops")
    assert done.returncode == 0, "make would set up again in the clone: run `make setup` first"
    return clone


def test_every_command_the_readmes_show_is_run_or_says_why_not():
    known = set(RUN) | set(RESETTING) | set(NOT_RUN)
    unknown = [c for c in SHOWN if c not in known and not SAME_TARGET.match(c)]
    assert not unknown, f"add these README commands to RUN, or NOT_RUN with the reason: {unknown}"


@pytest.mark.parametrize("command", [c for c in SHOWN if c in RUN])
def test_a_command_runs_as_written(clone, command):
    plan = RUN[command]
    clone.reset()
    if plan.solution:
        clone.apply(plan.solution, plan.exclude)
    for step in plan.first:
        assert clone.run(step).returncode == 0, f"`{step}` failed"
    before = set(clone.path.glob(plan.writes)) if plan.writes else set()

    result = clone.run(command, timeout=plan.timeout)

    output = result.stdout + result.stderr
    assert result.returncode == 0, f"`{command}` exited {result.returncode}:\n{output[-3000:]}"
    assert plan.expect in output, f"`{command}` did not say {plan.expect!r}:\n{output[-3000:]}"
    if plan.writes:
        assert set(clone.path.glob(plan.writes)) - before, f"`{command}` wrote no {plan.writes}"


@pytest.mark.parametrize("command", [c for c in SHOWN if SAME_TARGET.match(c) and c not in RUN])
def test_a_learners_command_for_another_exercise_names_a_real_one(clone, command):
    _, number, app = SAME_TARGET.match(command).groups()
    assert find(number) is not None and app in find(number).apps

    planned = clone.run(f"make -n {command.removeprefix('make ')}")

    assert planned.returncode == 0, planned.stderr
    assert f'"{number}" "{app}"' in planned.stdout


def test_the_resetting_commands_keep_throw_away_and_show_work(clone):
    clone.reset()
    learner_test = clone.path / "workshop" / "08-test-feedback" / "test_feedback_flask.py"
    view = clone.path / "flask_app" / "views.py"

    def run(command: str) -> None:
        result = clone.run(command)
        assert result.returncode == 0, f"`{command}`:\n{result.stdout}{result.stderr}"

    run(RESETTING[0])
    learner_test.write_text("def test_mine():\n    pass\n")
    view.write_text(view.read_text() + "\n# an attempt\n")
    run(RESETTING[1])
    assert not learner_test.exists() and "an attempt" not in view.read_text()
    run(RESETTING[2])
    assert learner_test.exists() and "an attempt" in view.read_text()
    run(RESETTING[3])
    assert not learner_test.exists() and "an attempt" not in view.read_text()
    # Thrown away entirely: exercise 08's own solution applies again.
    run("git apply workshop/08-test-feedback/solution-flask.patch && git clean -fdq workshop")
    for command in RESETTING[4:]:
        run(command)
    assert (clone.path / "flask_app" / "cli.py").read_text().count("prediction-stats") == 0
