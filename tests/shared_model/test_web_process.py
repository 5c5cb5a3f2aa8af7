"""A web process's start-up: its long-lived objects frozen once."""

from __future__ import annotations

import subprocess
import sys

from shared_model.web.settings import PROJECT_ROOT

PROBE = """
import gc
from shared_model.web.process import freeze_startup_objects
before = gc.get_freeze_count()
freeze_startup_objects()
first = gc.get_freeze_count()
garbage = [[] for _ in range(1000)]
freeze_startup_objects()
print(before, first, gc.get_freeze_count())
"""


def test_start_up_objects_are_frozen_once_per_process():
    # In a child process: freezing is for the rest of a process's life.
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=60,
        check=True,
    )

    before, first, second = map(int, result.stdout.split())
    assert before == 0
    assert first > 0
    assert second == first  # objects made after the first call stay collectable
