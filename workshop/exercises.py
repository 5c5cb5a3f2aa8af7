"""The workshop's exercises as data, for the learner's commands (run.py) and the maintainers'
verification (verify.py).

An exercise is a folder `NN-name/` holding its README.md, a check per framework
(`check_<app>.py`), and per framework its reference solution (`solution-<app>.patch`) and the
variants of that solution its check is held to (`variants_<app>.toml`). A framework is any
name with a check, so a third one slots in by adding those three files to an exercise. An
optional `exercise.toml` says what `make workshop-done` runs besides the check.

A variant is the solution patch with a few edits: each `find` replaced by its `replace` (the
text of the patch, the `+` of its added lines included; a list of them for several edits),
and the files matching `drop` left out. A `[[wrong]]`
variant is work the check must reject, in the test `caught_by`; a `[[right]]` one is a
different correct solution the check must accept. Since an edit works on the patch's text,
a refreshed patch keeps its variants, and `find` must occur in it exactly once, or the
variant could silently stop being wrong (tests/workshop/test_variants.py).

The guide (workshop/README.md) shows how large each solution is: `write_table` keeps that
table current.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKSHOP = ROOT / "workshop"
README = WORKSHOP / "README.md"
# The guide's table of solution sizes: its header row and the rows under it.
TABLE = re.compile(r"(?m)^\| Exercise \|[^\n]*solution \|\n(?:\|[^\n]*\|\n)+")
# Settings of a developer's shell that must not reach a check: it runs on its own database.
LOCAL_SETTINGS = (
    "DATABASE_URL",
    "TEST_POSTGRES_URL",
    "SECRET_KEY",
    "DEBUG",
    "HTTPS",
    "ALLOWED_HOSTS",
    "DJANGO_SETTINGS_MODULE",
)
# Plugins no check uses, whose import costs a second or two on every run.
UNUSED_PLUGINS = ("-p", "no:playwright", "-p", "no:hypothesispytest", "-p", "no:schemathesis")


class VariantError(ValueError):
    """A variant whose edit no longer fits its solution patch."""


@dataclass(frozen=True)
class Exercise:
    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def number(self) -> str:
        return self.name[:2]

    @cached_property
    def title(self) -> str:
        """The README's heading without its number: `A command: how many predictions, per class`."""
        heading = (self.path / "README.md").read_text(encoding="utf-8").splitlines()[0]
        return heading.lstrip("# ").removeprefix(self.number).lstrip(" ·")

    @property
    def apps(self) -> list[str]:
        return sorted(path.stem.removeprefix("check_") for path in self.path.glob("check_*.py"))

    def check(self, app: str) -> Path:
        return self.path / f"check_{app}.py"

    def solution(self, app: str) -> Path:
        return self.path / f"solution-{app}.patch"

    def variants_file(self, app: str) -> Path:
        return self.path / f"variants_{app}.toml"

    @cached_property
    def settings(self) -> dict:
        path = self.path / "exercise.toml"
        return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def done_tests(self, app: str) -> tuple[list[str], list[str]]:
        """What `make workshop-done` runs after the check, as paths that exist: the contract
        tests this exercise touches (run against `app` only) and other test files."""
        contract = [f"tests/contract/{name}" for name in self.settings.get("contract", [])]
        other = [path.format(app=app) for path in self.settings.get("tests", [])]

        def existing(paths: list[str]) -> list[str]:
            return [path for path in paths if (ROOT / path).exists()]

        return existing(contract), existing(other)

    @property
    def on_postgresql(self) -> bool:
        """Whether its check runs on PostgreSQL too, when TEST_POSTGRES_URL names a server."""
        return bool(self.settings.get("postgresql", False))

    def variants(self, app: str) -> list[Variant]:
        path = self.variants_file(app)
        if not path.exists():
            return []
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        variants = []
        for kind in ("wrong", "right"):
            for entry in data.get(kind, []):
                caught_by = as_list(entry.pop("caught_by", []))
                variants.append(Variant(self, app, kind, caught_by=caught_by, **entry))
        return variants


@dataclass(frozen=True)
class Variant:
    exercise: Exercise
    app: str
    kind: str
    what: str
    find: str | list[str] = ""
    replace: str | list[str] = ""
    drop: str = ""
    caught_by: list[str] = field(default_factory=list)

    def patch(self) -> str:
        """The solution patch with this variant's edit; VariantError if it does not fit."""
        text = self.exercise.solution(self.app).read_text(encoding="utf-8")
        if self.drop:
            sections = re.split(r"(?m)^(?=diff --git )", text)
            kept = [s for s in sections if not fnmatch.fnmatch(patched_path(s), self.drop)]
            if len(kept) == len(sections):
                raise VariantError(f"{self}: no file of the patch matches drop = {self.drop!r}")
            text = "".join(kept)
        finds = [self.find] if isinstance(self.find, str) else list(self.find)
        replaces = [self.replace] if isinstance(self.replace, str) else list(self.replace)
        if finds == [""]:
            finds, replaces = [], []
        if len(finds) != len(replaces):
            raise VariantError(f"{self}: {len(finds)} `find` but {len(replaces)} `replace`")
        for find, replace in zip(finds, replaces, strict=True):
            count = text.count(find)
            if count != 1:
                raise VariantError(f"{self}: a `find` occurs {count} times in the patch, not once")
            text = text.replace(find, replace)
        if not finds and not self.drop:
            raise VariantError(f"{self}: neither `find` nor `drop` says what to change")
        return text

    def __str__(self) -> str:
        return f"{self.exercise.name} {self.app} ({self.kind}: {self.what})"


def as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def patched_path(section: str) -> str:
    """The file a section of a patch (`diff --git a/X b/X ...`) is about."""
    first = section.split("\n", 1)[0]
    return first.rsplit(" b/", 1)[-1] if first.startswith("diff --git ") else ""


def exercises() -> list[Exercise]:
    folders = sorted(p for p in WORKSHOP.iterdir() if p.is_dir() and re.match(r"\d\d-", p.name))
    return [Exercise(folder) for folder in folders]


def find(number: str) -> Exercise | None:
    return next((e for e in exercises() if e.number == number.zfill(2)), None)


def frameworks() -> list[str]:
    """Every framework some exercise has a check for."""
    return sorted({app for exercise in exercises() for app in exercise.apps})


def patch_size(patch: Path) -> str:
    """Non-blank lines a patch adds and removes, as `+24 -3`; a dash without a patch."""
    if not patch.exists():
        return "-"
    lines = patch.read_text().splitlines()
    changed = [line for line in lines if line[1:].strip() and line[:3] not in ("+++", "---")]
    added = sum(1 for line in changed if line.startswith("+"))
    removed = sum(1 for line in changed if line.startswith("-"))
    return f"+{added} -{removed}"


def size_table() -> str:
    """The guide's table of solution sizes, in Markdown."""
    apps = frameworks()
    rows = [
        "| Exercise | " + " | ".join(f"{app.capitalize()} solution" for app in apps) + " |",
        "| --- | " + " | ".join("---:" for _ in apps) + " |",
    ]
    for exercise in exercises():
        sizes = [patch_size(exercise.solution(app)) for app in apps]
        rows.append(f"| [{exercise.name}]({exercise.name}/README.md) | {' | '.join(sizes)} |")
    return "\n".join(rows) + "\n"


def table_is_current() -> bool:
    return TABLE.search(README.read_text(encoding="utf-8"))[0] == size_table()


def write_table() -> bool:
    """Put the current table in workshop/README.md; whether it changed."""
    text = README.read_text(encoding="utf-8")
    updated = TABLE.sub(lambda _: size_table(), text, count=1)
    README.write_text(updated, encoding="utf-8")
    return updated != text
