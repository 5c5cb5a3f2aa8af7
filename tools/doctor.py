"""`make doctor`: what the project needs, what this machine has, and the command that fixes
each gap.

Runs with the system's python3 and the standard library only, so it works before `make
setup` has made a `.venv`. Every look at the machine goes through `Machine`, which the tests
replace with a fake; nothing here installs anything.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from tools import browser
from tools.harness import postgres

REPO_ROOT = Path(__file__).resolve().parents[1]
MIN_PYTHON = (3, 11)
PORTS = {8000: "Django's `make run`", 5000: "Flask's `make run`"}


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    found: str
    fix: str = ""
    # An optional need (PostgreSQL) is reported but does not fail the doctor.
    required: bool = True


class Machine:
    """What the checks look at; a test gives a fake one."""

    def python_version(self) -> tuple[int, int, int]:
        return sys.version_info[:3]

    def which(self, name: str) -> str | None:
        return shutil.which(name)

    def exists(self, path: Path) -> bool:
        return path.exists()

    def chromium(self) -> browser.Chromium | None:
        return browser.find_chromium()

    def chromium_version(self, chromium: browser.Chromium) -> str:
        return browser.version(chromium)

    def postgres_bin(self) -> Path | None:
        return postgres.postgres_bin()

    def environ(self, name: str) -> str | None:
        return os.environ.get(name)

    def port_free(self, port: int) -> bool:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                return False
        return True


def checks(machine: Machine, root: Path = REPO_ROOT) -> list[Check]:
    python = machine.python_version()
    found_python = ".".join(map(str, python))
    venv = root / ".venv"
    model = root / "shared_model" / "artifacts" / "iris_model.skops"
    chromium = machine.chromium()
    postgres = machine.postgres_bin()
    report = [
        Check(
            "Python 3.11 or newer",
            python[:2] >= MIN_PYTHON,
            f"Python {found_python}",
            "apt-get install python3 python3-venv (or python.org), then PYTHON=python3.11 make",
        ),
        Check("make", machine.which("make") is not None, "make", "apt-get install make"),
        Check(
            ".venv with the pinned dependencies",
            machine.exists(venv / ".installed"),
            str(venv),
            "make setup",
        ),
        Check(
            "the model artifact", machine.exists(model), str(model.relative_to(root)), "make model"
        ),
        Check(
            "Chromium for the browser tests",
            chromium is not None,
            f"{chromium.source}'s {chromium.path}: {machine.chromium_version(chromium)}"
            if chromium
            else "no Chromium",
            "make browser (Playwright's download, or apt-get install chromium as root)",
        ),
        Check(
            "PostgreSQL for the optional database tests",
            postgres is not None or bool(machine.environ("TEST_POSTGRES_URL")),
            "TEST_POSTGRES_URL set" if machine.environ("TEST_POSTGRES_URL") else str(postgres),
            "apt-get install postgresql, then a throwaway server as .ci/run starts one",
            required=False,
        ),
    ]
    for port, user in PORTS.items():
        report.append(
            Check(
                f"port {port} free ({user})",
                machine.port_free(port),
                f"127.0.0.1:{port}",
                f"stop what listens there (ss -ltnp 'sport = :{port}'), or choose PORT=...",
            )
        )
    return report


def render(report: list[Check]) -> str:
    lines = []
    for check in report:
        mark = "ok" if check.ok else ("MISSING" if check.required else "optional")
        line = f"{mark:<9}{check.name}"
        if check.ok:
            line += f": {check.found}"
        else:
            line += f"\n{'':<9}fix: {check.fix}"
        lines.append(line)
    missing = [check for check in report if check.required and not check.ok]
    lines.append(
        f"{len(missing)} of {sum(c.required for c in report)} needs missing: run the fix under each"
        if missing
        else "everything `make run` and `make test` need is here"
    )
    return "\n".join(lines)


def main() -> int:
    report = checks(Machine())
    print(render(report))
    return 1 if any(check.required and not check.ok for check in report) else 0


if __name__ == "__main__":
    sys.exit(main())
