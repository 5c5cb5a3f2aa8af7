"""Every path and code name the workshop's READMEs cite exists: in the code as it is, or
among what the exercise's own solutions add (a README may name the file it asks for)."""

from __future__ import annotations

import importlib
import re
from functools import cache
from pathlib import Path

import pytest

from shared_model.demo import DEMO_PASSWORD, DEMO_USERNAME
from tests.workshop.readmes import (
    SPAN,
    cited_paths,
    prose,
    readmes,
    resolve,
    where_to_look,
)
from workshop.exercises import ROOT, WORKSHOP, exercises, find

# Folders a run writes into: a README may point there before anything did.
WRITTEN_BY_RUNS = ("var/",)
# Where a framework's own names live, for a name a table cites from the framework.
FRAMEWORK_MODULES = {
    "django": [
        "django.db.models",
        "django.forms",
        "django.contrib.admin",
        "django.core.management.base",
        "django.http",
        "django.views.decorators.http",
    ],
    "flask": [
        "flask",
        "flask_login",
        "sqlalchemy",
        "wtforms",
        "flask_wtf",
        "flask_admin.contrib.sqla.filters",
        "click",
    ],
}
CODE_FOLDERS = ("django_app", "flask_app", "shared_model", "tests", "workshop")


def ids(path: Path) -> str:
    return str(path.relative_to(ROOT))


def exercise_of(readme: Path):
    return find(readme.parent.name[:2]) if readme.parent != WORKSHOP else None


def solution_text(readme: Path) -> str:
    """What the solutions of this README's exercise add, with the paths they touch."""
    exercise = exercise_of(readme)
    if exercise is None:
        return ""
    return "".join(
        exercise.solution(app).read_text(encoding="utf-8")
        for app in exercise.apps
        if exercise.solution(app).exists()
    )


@cache
def code_words() -> set[str]:
    """Every word of the project's code and templates."""
    words: set[str] = set()
    for folder in CODE_FOLDERS:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".html") and ".venv" not in path.parts:
                words.update(re.findall(r"\w+", path.read_text(encoding="utf-8")))
    return words


def in_framework(app: str, name: str) -> bool:
    for module in FRAMEWORK_MODULES.get(app, []):
        if hasattr(importlib.import_module(module), name.split(".")[0]):
            return True
    return False


def missing_paths(text: str, folder: Path, added: str) -> list[str]:
    """The paths `text` cites that exist nowhere: not from the root, not in `folder` or an
    exercise's, not within an app's folders, not among the files the solutions add."""
    return [
        path
        for path in cited_paths(text)
        if not path.startswith(WRITTEN_BY_RUNS)
        and resolve(path) is None
        and not (folder / path).exists()
        and not any((exercise.path / path).exists() for exercise in exercises())
        and not any(resolve(path, app) for app in ("django", "flask"))
        and f"/{path.rstrip('/')}" not in added
    ]


@pytest.mark.parametrize("readme", readmes(), ids=ids)
def test_every_path_a_readme_cites_exists(readme):
    text = readme.read_text(encoding="utf-8")
    missing = missing_paths(text, readme.parent, solution_text(readme))
    assert not missing, f"{ids(readme)} cites paths that do not exist: {missing}"


def test_a_path_that_is_nowhere_is_found_out():
    text = "See `django_app/predictions/views.py`, `flask_app/no_such_file.py` and `views.py`."

    assert missing_paths(text, WORKSHOP, added="") == ["flask_app/no_such_file.py"]


def misplaced_names(text: str, added: set[str]) -> list[str]:
    """The names a "Where to look" table puts where they are not: in the files its cell
    names, else anywhere in the code or the framework, else among what the solutions add."""
    wrong = []
    for cell in where_to_look(text):
        files = [resolve(path, cell.app) for path in cell.paths]
        files = [path for path in files if path is not None and path.is_file()]
        for name in cell.names:
            word = name.split(".")[-1]
            if files:
                found = any(re.search(rf"\b{re.escape(word)}\b", f.read_text()) for f in files)
            else:
                found = word in code_words() or in_framework(cell.app, name)
            if not found and word not in added:
                where = ", ".join(str(f.relative_to(ROOT)) for f in files) or "the code"
                wrong.append(f"{cell.row} ({cell.app}): `{name}` is not in {where}")
    return wrong


@pytest.mark.parametrize("readme", readmes(), ids=ids)
def test_every_name_a_where_to_look_table_cites_is_where_it_says(readme):
    added = set(re.findall(r"\w+", solution_text(readme)))
    wrong = misplaced_names(readme.read_text(encoding="utf-8"), added)
    assert not wrong, f"{ids(readme)}: " + "; ".join(wrong)


def test_a_name_in_the_wrong_file_or_nowhere_is_found_out():
    table = (
        "| | Django | Flask |\n| --- | --- | --- |\n"
        "| Error pages | `ERRORS`, `permission_denied` in `views.py` "
        "| `error_page` in `errors.py` |\n"
    )

    assert misplaced_names(table, set()) == [
        "Error pages (django): `ERRORS` is not in django_app/predictions/views.py",
        "Error pages (django): `permission_denied` is not in django_app/predictions/views.py",
    ]


@pytest.mark.parametrize("readme", readmes(), ids=ids)
def test_every_constant_and_module_name_a_readme_cites_exists(readme):
    added = set(re.findall(r"\w+", solution_text(readme)))
    wrong = []
    for span in SPAN.findall(prose(readme.read_text(encoding="utf-8"))):
        if re.fullmatch(r"[A-Z][A-Z0-9_]{2,}", span):
            if span not in code_words() and span not in added:
                wrong.append(span)
        elif re.fullmatch(r"shared_model(\.\w+)+", span):
            module, _, attribute = span.rpartition(".")
            try:
                found = hasattr(importlib.import_module(module), attribute)
            except ImportError:
                found = importlib.util.find_spec(span) is not None
            if not found and attribute not in added:
                wrong.append(span)
    assert not wrong, f"{ids(readme)} cites names the code does not have: {wrong}"


def test_the_demo_login_exercise_03_gives_is_the_demo_users():
    text = (find("03").path / "README.md").read_text(encoding="utf-8")
    assert f"`{DEMO_USERNAME}`" in text and f"`{DEMO_PASSWORD}`" in text
