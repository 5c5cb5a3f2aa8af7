"""Lines of the two sides put in rows, so that code doing the same thing sits side by side.

Each side is one stream: a header row per file, then its lines (a gap row where a selection
skips lines). The streams are matched with difflib's SequenceMatcher on normalized lines:
whitespace collapsed, and a `def`/`class` line reduced to its name, so `def prediction_create`
meets its twin whatever the signatures say. Unmatched stretches are shown next to each other
and the shorter one is padded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import zip_longest

from .concepts import Concept, Source

_DEFINITION = re.compile(r"^(?:async\s+)?(def|class)\s+(\w+)")


@dataclass(frozen=True)
class Line:
    kind: str  # "file" (a header), "gap" (lines left out) or "code"
    text: str  # the file's path, or the line itself
    number: int = 0  # the line's number in its file
    source: Source | None = None
    counted: bool = False  # a code line (not blank, comment or docstring)

    @property
    def key(self) -> str:
        """What has to be equal for two lines to be aligned."""
        if self.kind == "file":
            return "file " + self.text.rsplit("/", 1)[-1]
        if self.kind == "gap":
            return "…"
        stripped = " ".join(self.text.split())
        definition = _DEFINITION.match(stripped)
        return " ".join(definition.groups()) if definition else stripped


@dataclass(frozen=True)
class Row:
    left: Line | None
    right: Line | None
    same: bool  # the two lines matched


def stream(sources: list[Source]) -> list[Line]:
    """One side's lines, each file after a header, with gaps where a selection skips lines."""
    lines: list[Line] = []
    for source in sources:
        lines.append(Line("file", str(source.path), source=source))
        previous = 0
        for number in source.shown():
            if number != previous + 1 and previous:
                lines.append(Line("gap", "…", source=source))
            lines.append(
                Line(
                    "code",
                    source.lines[number - 1],
                    number=number,
                    source=source,
                    counted=number in source.code,
                )
            )
            previous = number
    return lines


def _is_junk(key: str) -> bool:
    """Lines too common to anchor a match on their own: blanks and lone punctuation."""
    return len(key) < 4 or key.startswith(("#", "return", '"""'))


def align(left: list[Line], right: list[Line]) -> list[Row]:
    left_keys = [line.key for line in left]
    right_keys = [line.key for line in right]
    matcher = SequenceMatcher(_is_junk, left_keys, right_keys, autojunk=False)
    rows: list[Row] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(Row(a, b, True) for a, b in zip(left[i1:i2], right[j1:j2], strict=True))
        else:
            rows.extend(Row(a, b, False) for a, b in zip_longest(left[i1:i2], right[j1:j2]))
    return rows


def concept_rows(concept: Concept) -> list[Row]:
    return align(stream(concept.sources["django"]), stream(concept.sources["flask"]))
