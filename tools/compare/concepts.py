"""The concept map read from `concepts.toml`: each concept's files on each side, resolved.

Resolving is strict: a path, glob or name that matches nothing raises `MappingError`, which
names the entry, so a moved file stops `make compare` (and the README check) instead of
quietly dropping out of the comparison.
"""

from __future__ import annotations

import ast
import fnmatch
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .linecount import code_lines

ROOT = Path(__file__).resolve().parents[2]
CONCEPTS_FILE = Path(__file__).with_name("concepts.toml")
SIDES = ("django", "flask")
# The FastAPI app, the API half alone: a concept it implements names its files too
# (`fastapi`, `fastapi_files`), and the README's concept map counts them.
API_SIDE = "fastapi"


class MappingError(Exception):
    """A file or name in concepts.toml that the repository does not have."""


@dataclass(frozen=True)
class Source:
    """One file of one side, whole or reduced to some of its lines."""

    path: Path  # relative to the repository root
    selected: frozenset[int] | None = None  # line numbers kept; None: the whole file

    @cached_property
    def lines(self) -> list[str]:
        return (ROOT / self.path).read_text(encoding="utf-8").splitlines()

    @cached_property
    def code(self) -> set[int]:
        """Numbers of its code lines (within the selection)."""
        lines = code_lines(ROOT / self.path)
        return lines if self.selected is None else lines & self.selected

    def shown(self) -> list[int]:
        """Line numbers shown: all, or the selection."""
        if self.selected is None:
            return list(range(1, len(self.lines) + 1))
        return sorted(self.selected)


@dataclass(frozen=True)
class Concept:
    key: str
    title: str
    note: str
    cells: dict[str, str]  # side -> the README cell describing it
    sources: dict[str, list[Source]] = field(default_factory=dict)
    # What the note or the cells put in code style that the concept's files do not hold:
    # the frameworks' own words, commands (see tools/compare/citations.py).
    terms: tuple[str, ...] = ()

    def code_count(self, side: str) -> int:
        return sum(len(source.code) for source in self.sources[side])

    def has(self, side: str) -> bool:
        """Whether the side implements the concept (Django and Flask always do)."""
        return side in self.sources


def load(path: Path = CONCEPTS_FILE) -> list[Concept]:
    """Every concept, in the file's order, with its sources resolved."""
    with path.open("rb") as file:
        data = tomllib.load(file)
    concepts = []
    for entry in data["concept"]:
        sides = [*SIDES, *([API_SIDE] if f"{API_SIDE}_files" in entry else [])]
        sources = {side: _resolve_all(entry[f"{side}_files"], entry["key"]) for side in sides}
        concepts.append(
            Concept(
                key=entry["key"],
                title=entry["title"],
                note=" ".join(entry["note"].split()),
                cells={side: entry[side] for side in sides},
                sources=sources,
                terms=tuple(entry.get("terms", ())),
            )
        )
    return concepts


def total_code_lines(concepts: list[Concept], side: str) -> int:
    """Code lines of one side over all concepts, a line shown in two concepts counted once."""
    return len(
        {
            (source.path, number)
            for concept in concepts
            for source in concept.sources[side]
            for number in source.code
        }
    )


def find(concepts: list[Concept], key: str) -> Concept:
    for concept in concepts:
        if concept.key == key:
            return concept
    known = ", ".join(concept.key for concept in concepts)
    raise MappingError(f"no concept {key!r}; the concepts are: {known}")


def resolve(entries: list[str], key: str) -> list[Source]:
    """The sources named by entries of concepts.toml's form; `key` names them in errors."""
    return _resolve_all(entries, key)


def _resolve_all(entries: list[str], key: str) -> list[Source]:
    sources = []
    for entry in entries:
        sources.extend(_resolve(entry, key))
    return sources


def _resolve(entry: str, key: str) -> list[Source]:
    pattern, _, names = entry.partition("::")
    if any(char in pattern for char in "*?["):
        paths = sorted(path for path in ROOT.glob(pattern) if path.is_file())
        if not paths:
            raise MappingError(f"{CONCEPTS_FILE.name}, concept {key!r}: {pattern} matches no file")
    else:
        paths = [ROOT / pattern]
        if not paths[0].is_file():
            raise MappingError(f"{CONCEPTS_FILE.name}, concept {key!r}: {pattern} does not exist")
    if not names:
        return [Source(path.relative_to(ROOT)) for path in paths]
    return [
        Source(path.relative_to(ROOT), frozenset(_select(path, names.split(), key)))
        for path in paths
    ]


def _select(path: Path, patterns: list[str], key: str) -> set[int]:
    """Lines of the top-level statements of `path` that define or assign a matching name.

    `Class.method` selects a method (or class attribute) of a top-level class.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines: set[int] = set()
    for pattern in patterns:
        found = False
        for statement in _statements(tree, pattern):
            if any(
                fnmatch.fnmatchcase(name, pattern.rsplit(".", 1)[-1]) for name in _names(statement)
            ):
                first = min([statement.lineno] + [d.lineno for d in _decorators(statement)])
                lines.update(range(first, statement.end_lineno + 1))
                found = True
        if not found:
            raise MappingError(
                f"{CONCEPTS_FILE.name}, concept {key!r}: "
                f"{path.relative_to(ROOT)} has no top-level {pattern}"
            )
    return lines


def _statements(tree: ast.Module, pattern: str) -> list[ast.stmt]:
    """The statements a pattern may match: the module's, or a class's for `Class.name`."""
    if "." not in pattern:
        return tree.body
    owner = pattern.split(".", 1)[0]
    return [
        statement
        for node in tree.body
        if isinstance(node, ast.ClassDef) and fnmatch.fnmatchcase(node.name, owner)
        for statement in node.body
    ]


def _names(statement: ast.stmt) -> set[str]:
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {statement.name}
    names = set()
    for node in ast.walk(statement):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        names.update(target.id for target in targets if isinstance(target, ast.Name))
    return names


def _decorators(statement: ast.stmt) -> list[ast.expr]:
    return getattr(statement, "decorator_list", [])
