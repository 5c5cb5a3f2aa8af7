"""`make doctor`'s report on faked machines: what it finds, and the fix it names for a gap."""

from __future__ import annotations

from pathlib import Path

from tools.browser import Chromium
from tools.doctor import Machine, checks, render

ROOT = Path("/repo")


class FakeMachine(Machine):
    """Everything there, unless a test takes something away."""

    def __init__(self, **gaps):
        self.gaps = gaps

    def python_version(self):
        return self.gaps.get("python", (3, 11, 7))

    def which(self, name):
        return None if name in self.gaps.get("no_commands", ()) else f"/usr/bin/{name}"

    def exists(self, path):
        return path not in self.gaps.get("absent", ())

    def chromium(self):
        return (
            None if self.gaps.get("no_chromium") else Chromium(Path("/usr/bin/chromium"), "Debian")
        )

    def chromium_version(self, chromium):
        return "Chromium 142.0 built on Debian"

    def postgres_bin(self):
        return None if self.gaps.get("no_postgres") else Path("/usr/lib/postgresql/15/bin")

    def environ(self, name):
        return None

    def port_free(self, port):
        return port not in self.gaps.get("busy_ports", ())


def by_name(report):
    return {check.name: check for check in report}


def test_a_complete_machine_passes_and_says_so():
    report = checks(FakeMachine(), ROOT)
    text = render(report)

    assert all(check.ok for check in report)
    assert "MISSING" not in text
    assert "Chromium 142.0 built on Debian" in text
    assert "Python 3.11.7" in text


def test_each_gap_is_reported_with_the_command_that_fixes_it():
    machine = FakeMachine(
        python=(3, 10, 12),
        no_commands={"make"},
        absent={ROOT / ".venv/.installed", ROOT / "shared_model/artifacts/iris_model.skops"},
        no_chromium=True,
        busy_ports={8000},
    )

    report = by_name(checks(machine, ROOT))

    expected_fixes = {
        "Python 3.11 or newer": "python3",
        "make": "apt-get install make",
        ".venv with the pinned dependencies": "make setup",
        "the model artifact": "make model",
        "Chromium for the browser tests": "make browser",
        "port 8000 free (Django's `make run`)": "PORT=",
    }
    for name, fix in expected_fixes.items():
        assert not report[name].ok, name
        assert fix in report[name].fix, name
    assert report["port 5000 free (Flask's `make run`)"].ok


def test_the_report_counts_what_is_missing_and_shows_each_fix():
    text = render(checks(FakeMachine(no_chromium=True, busy_ports={5000}), ROOT))

    assert "MISSING  Chromium for the browser tests" in text
    assert "fix: make browser" in text
    assert text.splitlines()[-1] == "2 of 7 needs missing: run the fix under each"


def test_postgresql_is_optional():
    report = checks(FakeMachine(no_postgres=True), ROOT)
    postgres = by_name(report)["PostgreSQL for the optional database tests"]

    assert not postgres.ok and not postgres.required
    assert "optional" in render(report)
    assert "missing" not in render(report).splitlines()[-1]
