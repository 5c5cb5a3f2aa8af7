"""`make diff CONCEPT=...`: one concept's Django and Flask files side by side in a terminal.

Rows are aligned as on the compare page. In a terminal (a tty) file headers are bold, lines
that have no twin on the other side are coloured, and lines that are not code (blanks,
comments, docstrings) are dimmed; piped into a file or `less -R`, `--color` keeps colours.
"""

from __future__ import annotations

import shutil
import textwrap

from .align import Line, Row, concept_rows
from .concepts import Concept

BOLD, DIM, RED, GREEN, RESET = "\033[1m", "\033[2m", "\033[31m", "\033[32m", "\033[0m"
NUMBER_WIDTH = 4


def render(concept: Concept, *, width: int | None = None, color: bool = False) -> str:
    width = width or shutil.get_terminal_size((160, 40)).columns
    column = max(20, (width - 3) // 2 - NUMBER_WIDTH - 1)
    paint = _painter(color)
    django, flask = concept.code_count("django"), concept.code_count("flask")
    out = [
        paint(BOLD, f"{concept.title} ({concept.key})"),
        f"code lines (no blanks, comments or docstrings): Django {django}, Flask {flask}",
        *textwrap.wrap(concept.note, width=min(width, 100)),
        "",
        paint(BOLD, _cell("Django", column + NUMBER_WIDTH + 1) + " | " + "Flask"),
    ]
    for row in concept_rows(concept):
        left = _side(row.left, row, column, paint, RED)
        right = _side(row.right, row, column, paint, GREEN)
        out.append(f"{left} | {right}".rstrip())
    return "\n".join(out) + "\n"


def _side(line: Line | None, row: Row, column: int, paint, colour: str) -> str:
    full = column + NUMBER_WIDTH + 1
    if line is None:
        return " " * full
    if line.kind == "file":
        return paint(BOLD, _cell(f"── {line.text} ", full, fill="─"))
    if line.kind == "gap":
        return paint(DIM, _cell(" " * NUMBER_WIDTH + " …", full))
    text = f"{line.number:>{NUMBER_WIDTH}} " + _cell(line.text.expandtabs(4), column)
    if not line.counted:
        return paint(DIM, text)
    return text if row.same else paint(colour, text)


def _cell(text: str, width: int, fill: str = " ") -> str:
    if len(text) > width:
        return text[: width - 1] + "…"
    return text.ljust(width, fill)


def _painter(color: bool):
    def paint(code: str, text: str) -> str:
        return f"{code}{text}{RESET}" if color else text

    return paint
