"""What the workshop's checks share: a valid flower of each species, the test password, the
planted bugs of exercise 08, and a loader for a module kept beside an exercise's checks."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

SETOSA = {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}
VIRGINICA = {"sepal_length": 6.9, "sepal_width": 3.1, "petal_length": 5.4, "petal_width": 2.1}
PASSWORD = "plum-orchard-42"

# The bugs exercise 08 plants in the feedback service (see planted_bug in conftest.py).
PLANTED_BUGS = {
    "wrong_label": "feedback stores the predicted label, not the one the user chose",
    "not_saved": "feedback is never saved, though the page says it was",
}


def load_exercise_module(check_file: str, name: str) -> ModuleType:
    """Import `name`.py from the folder of `check_file`: an exercise's folder name
    (`08-test-feedback`) is no Python package name, so its modules are loaded by path."""
    path = Path(check_file).with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"workshop_{path.parent.name[:2]}_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
