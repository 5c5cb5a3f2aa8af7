"""shared_model is organised by purpose, and its package docstring is the map of it."""

from __future__ import annotations

import ast
from pathlib import Path

import shared_model

PACKAGE = Path(shared_model.__file__).parent
FRAMEWORKS = {"django", "flask", "flask_sqlalchemy", "flask_login", "flask_wtf", "werkzeug"}


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")


def test_the_package_docstring_names_every_module_in_its_sub_package():
    doc = shared_model.__doc__
    for path in modules():
        folder = path.parent.relative_to(PACKAGE).as_posix()
        assert f"`{path.stem}`" in doc, f"shared_model's docstring does not name {path.stem}"
        if folder != ".":
            section = doc.split(f"`{folder}/`", 1)[1].split("\n- ", 1)[0]
            assert f"`{path.stem}`" in section, f"{path.stem} is not listed under {folder}/"


def test_every_sub_package_says_what_it_holds():
    for init in PACKAGE.glob("*/__init__.py"):
        assert ast.get_docstring(ast.parse(init.read_text())), f"{init} has no docstring"


def test_nothing_in_shared_model_imports_a_web_framework():
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in FRAMEWORKS, f"{path} imports {name}"
