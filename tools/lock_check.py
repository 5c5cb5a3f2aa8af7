"""Say whether requirements.lock still pins what pyproject.toml declares.

pyproject.toml is where the direct dependencies are declared (pinned with ==);
requirements.lock pins them and every transitive dependency, with hashes, and is what
`make setup` installs. A direct dependency added or re-pinned in pyproject.toml without
`make lock` would otherwise be installed from nowhere (pip refuses an unhashed package
under --require-hashes) or, worse, silently at the old version. Standard library only: it
runs before the virtualenv exists.

    python3 tools/lock_check.py [pyproject.toml] [requirements.lock]
exits 0 when every direct dependency is in the lock at its declared version, 1 otherwise.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

# "Name[extra]==1.2 ; marker" -> ("name", "1.2"); names compare in PEP 503's normal form.
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*==\s*([^\s;,]+)")
LOCKED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(pyproject: Path) -> dict[str, str]:
    """Every direct dependency, runtime and all extras, as {name: version}."""
    project = tomllib.loads(pyproject.read_text())["project"]
    lines = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        lines.extend(extra)
    pins = {}
    for line in lines:
        match = REQUIREMENT.match(line)
        if match is None:
            raise SystemExit(f"{pyproject}: pin {line!r} with == so that the lock can be checked")
        pins[normal(match[1])] = match[2]
    return pins


def locked(lock: Path) -> dict[str, set[str]]:
    """{name: versions} in the lock (a universal lock may hold two, one per Python)."""
    pins: dict[str, set[str]] = {}
    for name, version in LOCKED.findall(lock.read_text()):
        pins.setdefault(normal(name), set()).add(version)
    return pins


def stale(pyproject: Path, lock: Path) -> list[str]:
    """One line per direct dependency that the lock does not pin at its declared version."""
    if not lock.exists():
        return [f"{lock} is missing"]
    have = locked(lock)
    problems = []
    for name, version in sorted(declared(pyproject).items()):
        if version not in have.get(name, set()):
            found = ", ".join(sorted(have.get(name, set()))) or "nothing"
            problems.append(f"{pyproject} asks for {name}=={version}, {lock} has {found}")
    return problems


def main(argv: list[str]) -> int:
    pyproject = Path(argv[0] if argv else "pyproject.toml")
    lock = Path(argv[1] if len(argv) > 1 else "requirements.lock")
    problems = stale(pyproject, lock)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        advice = f"{lock} is stale: run `make lock`, then commit it with {pyproject}."
        print(advice, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
