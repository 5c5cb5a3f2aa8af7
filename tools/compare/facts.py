"""Facts of the README read from the repository: the make targets and the tests per folder.

The targets come from the Makefile's `## ` help comments, as `make help` prints them. The
tests are counted by pytest's own collection (`pytest --collect-only`), SQLite only: with
TEST_POSTGRES_URL set the contract suite runs each case on PostgreSQL too.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import PurePosixPath

from .concepts import ROOT

MAKEFILE = ROOT / "Makefile"
_HELP = re.compile(r"^([a-z-]+):.*## (.*)$")


def make_targets() -> str:
    lines = ["| Target | What it does |", "| --- | --- |"]
    for line in MAKEFILE.read_text(encoding="utf-8").splitlines():
        match = _HELP.match(line)
        if match:
            target, help_text = match.groups()
            lines.append(f"| `make {target}` | {help_text.replace('|', '&#124;')} |")
    return "\n".join(lines)


def test_counts() -> str:
    environment = {key: value for key, value in os.environ.items() if key != "TEST_POSTGRES_URL"}
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    ids = [line for line in collected.stdout.splitlines() if "::" in line]
    if collected.returncode != 0 or not ids:
        # The errors are at the end, after every test collected.
        tail = "\n".join(collected.stdout.splitlines()[-40:])
        raise RuntimeError(f"collecting the tests failed:\n{tail}\n{collected.stderr}")
    folders = Counter(folder_of(test) for test in ids)
    lines = ["| Folder | Tests |", "| --- | ---: |"]
    lines += [f"| `{folder}` | {count} |" for folder, count in sorted(folders.items())]
    lines.append(f"| all of them (`make test`, SQLite) | {len(ids)} |")
    return "\n".join(lines)


def folder_of(test_id: str) -> str:
    """`tests/contract/test_api.py::test_x[django]` -> `tests/contract/`."""
    parts = PurePosixPath(test_id.split("::")[0]).parts
    return "/".join(parts[:2] if len(parts) > 2 else parts[:1]) + "/"
