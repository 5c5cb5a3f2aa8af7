"""What each app imports to start: installed distributions and their lines of Python.

Each app is built in a fresh interpreter (Django: `django.setup()` and its URLconf, as the
WSGI entry point and the first request do; Flask: `create_app()`), then `sys.modules` is
read. Modules from site-packages are grouped by the distribution that installed them; the
standard library, this repository's own packages and whatever a bare interpreter of the
same virtualenv already loads (its site hooks) are left out. Lines are non-blank lines of
the `.py` files loaded: over half a million of them, too many to tokenize on each run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from importlib.metadata import packages_distributions
from pathlib import Path

from .concepts import ROOT

LOCK = ROOT / "requirements.lock"

# Code run in the child interpreter: build the app, print every loaded module's file.
PROBES = {
    "bare interpreter": "pass",
    "shared model": "from shared_model.model import predictor; predictor.get_predictor()",
    "django": (
        "import django; django.setup(); "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        "import django_app.config.wsgi"
    ),
    "flask": "from flask_app import create_app; create_app()",
}
REPORT = (
    "; import json, sys; print(json.dumps("
    "[getattr(m, '__file__', None) for m in list(sys.modules.values())]))"
)


@dataclass(frozen=True)
class Closure:
    distributions: dict[str, int]  # distribution name -> code lines of its imported modules

    @property
    def lines(self) -> int:
        return sum(self.distributions.values())


def measure_all() -> dict[str, Closure]:
    """The closure of each probe but the bare interpreter, the probes run side by side."""
    with tempfile.TemporaryDirectory() as directory:
        running = {what: _start(probe, Path(directory)) for what, probe in PROBES.items()}
        files = {what: _imported_files(process) for what, process in running.items()}
    bare = files.pop("bare interpreter")
    site = {Path(sysconfig.get_paths()[key]).resolve() for key in ("purelib", "platlib")}
    owners = packages_distributions()
    lines: dict[Path, int] = {}
    closures = {}
    for what, loaded in files.items():
        distributions: dict[str, int] = {}
        for file in loaded - bare:
            base = next((root for root in site if file.is_relative_to(root)), None)
            if base is None or file.suffix != ".py":
                continue
            top = file.relative_to(base).parts[0].removesuffix(".py")
            name = owners.get(top, [top])[0]
            if file not in lines:
                lines[file] = sum(1 for line in file.read_bytes().splitlines() if line.strip())
            distributions[name] = distributions.get(name, 0) + lines[file]
        closures[what] = Closure(_locked_only(distributions))
    return closures


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked_only(distributions: dict[str, int]) -> dict[str, int]:
    """Only the distributions requirements.lock installs, so that a package left over in
    one virtualenv (and imported because it is there) does not change the numbers."""
    if not LOCK.exists():
        return distributions
    locked = {
        _normal(line.split("==")[0]) for line in LOCK.read_text().splitlines() if "==" in line
    }
    stray = sorted(name for name in distributions if _normal(name) not in locked)
    if stray:
        print(
            f"closure: left out, imported but not in {LOCK.name}: {', '.join(stray)} "
            "(left over in .venv? `make setup` does not remove packages)",
            file=sys.stderr,
        )
    return {name: lines for name, lines in distributions.items() if name not in stray}


def _start(probe: str, directory: Path) -> subprocess.Popen:
    # Only what the apps need: a variable of the caller's shell (HTTPS, DEBUG, a database
    # URL) would switch optional parts on and change what is imported.
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", ""),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "django_app.config.settings",
        "SECRET_KEY": "closure-measurement-only",
        "DATABASE_URL": f"sqlite:///{directory}/closure.sqlite3",
        "DEBUG": "",
    }
    return subprocess.Popen(
        [sys.executable, "-c", probe + REPORT],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _imported_files(process: subprocess.Popen) -> set[Path]:
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"importing the app failed:\n{stderr}")
    return {Path(file).resolve() for file in json.loads(stdout) if file}
