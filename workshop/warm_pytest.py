"""pytest in a process that has imported the heavy libraries already, for the verification.

verify.py runs a check about a hundred times (once per variant of every solution), and most
of a check's start is importing numpy, scikit-learn, Django, Flask and SQLAlchemy. A
forkserver (multiprocessing's) imports them once; each run is a fork of it that moves into
the tree it is given and imports the project's code from there, as a new process would:
nothing of the project is imported before the fork.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import sys
import threading
from pathlib import Path

# Libraries only: the project's own modules must come from each run's tree.
PRELOAD = [
    "numpy",
    "scipy",
    "sklearn",
    "skops.io",
    "django",
    "django.test",
    "flask",
    "flask_admin",
    "flask_login",
    "flask_migrate",
    "flask_sqlalchemy",
    "flask_wtf",
    "sqlalchemy",
    "alembic",
    "wtforms",
    "bs4",
    "pytest",
    "pytest_django.plugin",
]
_lock = threading.Lock()
_context = None


def _forkserver():
    global _context
    with _lock:
        if _context is None:
            _context = multiprocessing.get_context("forkserver")
            _context.set_forkserver_preload(PRELOAD)
        return _context


def _pytest_in(tree: str, env: dict[str, str], arguments: list[str], log: str) -> None:
    """In the fork: the tree's code, the given environment, pytest's output to the log."""
    os.chdir(tree)
    os.environ.clear()
    os.environ.update(env)
    # The runner's own package came from the checkout that started the forkserver.
    for name in [name for name in sys.modules if name.split(".")[0] == "workshop"]:
        del sys.modules[name]
    sys.path.insert(0, tree)
    importlib.invalidate_caches()
    output = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(output, 1)
    os.dup2(output, 2)
    import pytest

    sys.exit(pytest.main(arguments))


def run(
    tree: Path, env: dict[str, str], arguments: list[str], log: Path, timeout: int
) -> int | None:
    """pytest `arguments` in `tree`, its output in `log`: its exit status, or None if it ran
    out of time."""
    process = _forkserver().Process(target=_pytest_in, args=(str(tree), env, arguments, str(log)))
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.kill()
        process.join()
        return None
    return process.exitcode
