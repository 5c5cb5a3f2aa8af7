"""What the concept map's notes and cells cite in code style, checked against the code.

A note (and each side's cell of the README table) puts code in backticks: names
(`prediction_create`), calls (`url_for('pages.predict')`), paths (`extensions.py`), modules
of this repository (`shared_model.api.wire`). Each must be where the note says:

- a module of this repository: its file exists at the path its dotted name gives;
- a path: it is a path from the repository root, or the path of one of the concept's files
  holds it, or those files mention it;
- anything else: the concept's files hold it as written, a name as a whole word (a trailing
  `(...)`, `()` or `[...]` dropped), or, for `Class.method`, name the class and define the
  method.

A note's files are both sides'; a cell's are its own side's. What a note names that is not
in the code (a framework's own word, a shell command) is listed in the concept's `terms`, so
that it is left out by choice, never by accident.
"""

from __future__ import annotations

import re
from pathlib import Path

from .concepts import ROOT, SIDES, Concept

_CODE_SPAN = re.compile(r"`([^`]+)`")
_OWN_MODULE = re.compile(r"^(shared_model|django_app|flask_app|tools|benchmarks)(\.\w+)+$")
_FILE_NAME = re.compile(r"^[\w.-]+\.(py|html|ini|js|css|toml|md|txt|json)$")
_PLACEHOLDER = re.compile(r"(\(\s*(\.\.\.|…)?\s*\)|\[\s*(\.\.\.|…)\s*\]|,?\s*(\.\.\.|…)\s*\))$")
_METHOD = re.compile(r"^(\w+)\.(\w+)$")


def cited(text: str) -> list[str]:
    """The code spans of a note or cell, in order."""
    return _CODE_SPAN.findall(text)


def problems(concept: Concept) -> list[str]:
    """Every cited name that is not where the note says, and every stale entry of `terms`."""
    found: list[str] = []
    texts = {"note": (concept.note, SIDES)}
    texts.update({f"{side} cell": (concept.cells[side], (side,)) for side in SIDES})
    every_span = set()
    for where, (text, sides) in texts.items():
        sources = [source for side in sides for source in concept.sources[side]]
        for span in cited(text):
            every_span.add(span)
            if span in concept.terms:
                continue
            if not _is_found(span, sources):
                found.append(f"{where}: `{span}`")
    all_sources = [source for side in SIDES for source in concept.sources[side]]
    for term in concept.terms:
        if term not in every_span:
            found.append(f"terms: `{term}` is cited by neither the note nor the cells")
        elif _is_found(term, all_sources):
            found.append(f"terms: `{term}` is in the concept's files; take it out of terms")
    return found


def _is_found(span: str, sources) -> bool:
    text = "\n".join("\n".join(source.lines) for source in sources)
    if _OWN_MODULE.match(span):
        return _module_exists(span)
    if "/" in span or _FILE_NAME.match(span):
        relative = span.strip("/")
        return (
            (bool(relative) and (ROOT / relative).exists())
            or any(f"/{relative}" in f"/{source.path}" for source in sources)
            or span in text
        )
    core = _PLACEHOLDER.sub("", span).lstrip("@").rstrip(", ")
    if core and _holds(text, core):
        return True
    method = _METHOD.match(core)
    return bool(
        method and re.search(rf"\b{method[1]}\b", text) and re.search(rf"\bdef {method[2]}\b", text)
    )


def _holds(text: str, code: str) -> bool:
    """`code` occurs in `text`, a name as a whole word: `feedback_record` is not in
    `prediction_feedback_record`."""
    before = r"(?<!\w)" if re.match(r"\w", code) else ""
    after = r"(?!\w)" if re.search(r"\w$", code) else ""
    return re.search(before + re.escape(code) + after, text) is not None


def _module_exists(dotted: str) -> bool:
    """`a.b.c`: a/b/c.py or a/b/c/, or a/b.py defining or naming `c`."""
    parts = dotted.split(".")
    path = ROOT.joinpath(*parts)
    if path.with_suffix(".py").is_file() or (path / "__init__.py").is_file():
        return True
    module = Path(*parts[:-1]).with_suffix(".py")
    return (ROOT / module).is_file() and re.search(
        rf"\b{parts[-1]}\b", (ROOT / module).read_text(encoding="utf-8")
    ) is not None
