"""`make compare`: docs/compare/, one Markdown page per concept and an index, read on GitHub.

Each page holds the concept's note, its files on each side with their code-line counts, and
the code itself in fenced blocks, Django's files then Flask's; a file shown in part (a
`path::NAME` entry of concepts.toml) is shown range by range, each range linked to those
lines of the file. The pages are committed, so they read without running anything; the
highlighted side-by-side page (docs/compare/index.html) is made locally by the same command.
"""

from __future__ import annotations

import re
from itertools import groupby
from pathlib import Path

from .concepts import ROOT, SIDES, Concept, Source, total_code_lines

FOLDER = ROOT / "docs" / "compare"
INDEX = "README.md"
FRAMEWORK = {"django": "Django", "flask": "Flask"}
# To the repository root from docs/compare/.
UP = "../../"
LANGUAGE = {".py": "python", ".js": "javascript", ".ini": "ini", ".css": "css"}
TEMPLATE_LANGUAGE = {"django": "django", "flask": "jinja"}
SCREENSHOTS = "\n".join(
    [
        "| The compare page: the concepts and their code lines "
        "| One concept: the forms, side by side |",
        "| --- | --- |",
        "| ![Compare page, contents](../screenshots/compare.png) "
        "| ![Compare page, the forms](../screenshots/compare-forms.png) |",
    ]
)
MADE_BY = (
    "<!-- Made by `make compare` from tools/compare/concepts.toml and the apps' code; "
    "edit those, not this file. -->"
)


def pages(concepts: list[Concept]) -> dict[Path, str]:
    """Every file of docs/compare/ that is committed: path (from the root) -> its text."""
    made = {FOLDER.relative_to(ROOT) / INDEX: index(concepts)}
    for position, concept in enumerate(concepts):
        neighbours = (
            concepts[position - 1] if position else None,
            concepts[position + 1] if position + 1 < len(concepts) else None,
        )
        made[FOLDER.relative_to(ROOT) / f"{concept.key}.md"] = page(concept, *neighbours)
    return made


def write(concepts: list[Concept]) -> list[Path]:
    """Write the pages, and remove a concept's page that concepts.toml no longer has."""
    made = pages(concepts)
    FOLDER.mkdir(parents=True, exist_ok=True)
    for stale in set(FOLDER.glob("*.md")) - {ROOT / path for path in made}:
        stale.unlink()
    for path, text in made.items():
        (ROOT / path).write_text(text, encoding="utf-8")
    return sorted(made)


def index(concepts: list[Concept]) -> str:
    rows = [
        "| Concept | Django | lines | Flask | lines |",
        "| --- | --- | ---: | --- | ---: |",
    ]
    for concept in concepts:
        rows.append(
            f"| [{concept.title}]({concept.key}.md) | {concept.cells['django']} "
            f"| {concept.code_count('django')} | {concept.cells['flask']} "
            f"| {concept.code_count('flask')} |"
        )
    django, flask = (total_code_lines(concepts, side) for side in SIDES)
    rows.append(f"| All of them, each line once | | {django} | | {flask} |")
    table = "\n".join(rows)
    return f"""{MADE_BY}

# Django and Flask, concept by concept

One iris-prediction service built twice, in [`django_app/`]({UP}django_app/) and
[`flask_app/`]({UP}flask_app/), on one framework-neutral package. Each page below holds one
concept: a note on what differs and why, the files that hold it on each side with their
code lines (no blanks, comments or docstrings), and the code itself.

{table}

The map of concepts to files is [`tools/compare/concepts.toml`]({UP}tools/compare/concepts.toml);
`make compare` writes these pages from it. Two other views of the same map, made locally:

- `make diff CONCEPT=forms` prints one concept in a terminal, the two sides next to each
  other, lines doing the same thing on the same row.
- `make compare` also writes `docs/compare/index.html` (not committed): every concept side by
  side, aligned and highlighted, in one static page that opens from the file system.

{SCREENSHOTS}
"""


def page(concept: Concept, previous: Concept | None, following: Concept | None) -> str:
    around = [f"[All concepts]({INDEX})"]
    if previous:
        around.append(f"previous: [{previous.title}]({previous.key}.md)")
    if following:
        around.append(f"next: [{following.title}]({following.key}.md)")
    parts = [
        MADE_BY,
        "",
        f"# {concept.title}",
        "",
        " · ".join(around),
        "",
        wrap(concept.note),
        "",
        f"Side by side in a terminal: `make diff CONCEPT={concept.key}`. Code lines leave out "
        "blanks, comments and docstrings.",
        "",
    ]
    for side in SIDES:
        parts += [f"**{FRAMEWORK[side]}**: {concept.code_count(side)} code lines", ""]
        parts += [f"- {_file_link(source)}, {len(source.code)}" for source in concept.sources[side]]
        parts.append("")
    for side in SIDES:
        parts += [f"## {FRAMEWORK[side]}", ""]
        for source in concept.sources[side]:
            parts += _file_section(source, side)
    return "\n".join(parts).rstrip("\n") + "\n"


def _file_section(source: Source, side: str) -> list[str]:
    shown = "" if source.selected is None else ", in part"
    lines = [f"### {_file_link(source)}{shown}", ""]
    for first, last in _ranges(source.shown()):
        if source.selected is not None:
            lines += [f"[Lines {first} to {last}]({UP}{source.path}#L{first}-L{last}):", ""]
        lines += fenced(source.lines[first - 1 : last], _language(source.path, side))
        lines.append("")
    return lines


def _file_link(source: Source) -> str:
    return f"[`{source.path}`]({UP}{source.path})"


def _ranges(numbers: list[int]) -> list[tuple[int, int]]:
    """Consecutive line numbers as (first, last) pairs."""
    ranges = []
    for _, run in groupby(enumerate(numbers), key=lambda pair: pair[1] - pair[0]):
        run_numbers = [number for _, number in run]
        ranges.append((run_numbers[0], run_numbers[-1]))
    return ranges


def fenced(lines: list[str], language: str) -> list[str]:
    """A code block whose fence is longer than any run of backticks in the code."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{language}", *lines, fence]


def _language(path: Path, side: str) -> str:
    if path.suffix == ".html":
        return TEMPLATE_LANGUAGE[side]
    return LANGUAGE.get(path.suffix, "text")


# A word that would open a list, a heading or a quote at the start of a line.
# A word: what lies between spaces, a code span with its spaces counted as one word.
_WORD = re.compile(r"(?:`[^`]*`|\S)+")
_BLOCK_START = re.compile(r"^([-+*#>]|\d+[.)])")


def wrap(text: str, width: int = 92) -> str:
    """A note as lines of at most `width` characters (Markdown joins them again), never
    broken inside a code span; no line starts with a word that opens a Markdown block."""
    lines, line = [], ""
    for word in _WORD.findall(text):
        if line and len(line) + 1 + len(word) > width and not _BLOCK_START.match(word):
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)
