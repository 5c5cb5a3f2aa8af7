"""What the workshop's READMEs cite, read from their Markdown: the commands (fenced shell
blocks, and inline code that starts like a command), the paths, and the names of the
"Where to look" tables, cell by cell."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from workshop.exercises import ROOT, WORKSHOP, exercises

FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
DOUBLE_SPAN = re.compile(r"``.+?``", re.S)
SPAN = re.compile(r"`([^`\n]+)`")
COMMAND = re.compile(r"^(make|git|curl|flask|python3?|pip|\.venv/bin/\S+)( |$)")
COMMENT = re.compile(r"\s+#.*$")
SHELLS = {"sh", "bash", "shell", "console"}
# A path as a README writes it: folders and a file, no spaces, no URL, no placeholder.
PATH = re.compile(r"^[\w.-]+(/[\w.-]+)*/?$")
FILE_SUFFIXES = (".py", ".html", ".toml", ".md", ".patch", ".txt", ".json", ".log")
# Where a bare or partial path of an app's column lives.
APP_FOLDERS = {
    "django": ["django_app/predictions", "django_app", "django_app/templates"],
    "flask": ["flask_app", "flask_app/templates"],
}
NAME = re.compile(r"^@?([A-Za-z_][\w.]*?)(\(\.*\)|\(\))?$")


def readmes() -> list[Path]:
    return [WORKSHOP / "README.md", *(exercise.path / "README.md" for exercise in exercises())]


def prose(text: str) -> str:
    """The text outside fenced blocks and double-backtick spans (quotes of output)."""
    return DOUBLE_SPAN.sub("", FENCE.sub("", text))


def commands(text: str) -> list[str]:
    """Every command the text shows: each line of a shell block (a console block's lines
    after `$ `), and every inline code span that starts like a command; comments dropped."""
    found = []
    for language, body in FENCE.findall(text):
        if language not in SHELLS:
            continue
        for line in body.splitlines():
            if language == "console":
                if not line.startswith("$ "):
                    continue
                line = line[2:]
            line = COMMENT.sub("", line).strip()
            if line:
                found.append(line)
    for span in SPAN.findall(prose(text)):
        if COMMAND.match(span):
            found.append(COMMENT.sub("", span).strip())
    return found


def cited_paths(text: str) -> list[str]:
    """Inline code that names a file or a folder of the repository."""
    paths = []
    for span in SPAN.findall(prose(text)):
        span = span.split(":")[0]  # `shared_model/pages/charts.py: model_version_chart(...)`
        if span.startswith("/") or not PATH.match(span):
            continue
        if "/" in span or span.endswith(FILE_SUFFIXES):
            paths.append(span)
    return paths


@dataclass
class Cell:
    """A cell of a "Where to look" table: its framework column, its paths and its names."""

    app: str
    row: str
    paths: list[str]
    names: list[str]


def where_to_look(text: str) -> list[Cell]:
    """The cells of the tables whose header names the frameworks: `| | Django | Flask |`."""
    cells = []
    lines = text.splitlines()
    for index, line in enumerate(lines):
        header = [part.strip() for part in line.strip().strip("|").split("|")]
        if not line.startswith("|") or header[0] or header[1:3] != ["Django", "Flask"]:
            continue
        apps = [name.lower() for name in header[1:]]
        for row in lines[index + 2 :]:
            if not row.startswith("|"):
                break
            parts = [part.strip() for part in row.strip().strip("|").split("|")]
            for app, cell in zip(apps, parts[1:], strict=False):
                spans = SPAN.findall(cell)
                paths = [
                    s for s in spans if PATH.match(s) and ("/" in s or s.endswith(FILE_SUFFIXES))
                ]
                names = [m[1] for s in spans if s not in paths and (m := NAME.match(s))]
                cells.append(Cell(app, parts[0], paths, names))
    return cells


def resolve(path: str, app: str | None = None) -> Path | None:
    """Where a cited path is: from the repository's root, or within the app's folders."""
    candidates = [ROOT / path]
    if app:
        folders = APP_FOLDERS.get(app, [f"{app}_app"])
        candidates += [ROOT / folder / path for folder in folders]
    return next((candidate for candidate in candidates if candidate.exists()), None)
