"""The generated blocks of the committed Markdown, rewritten in place between their markers.

A block sits between `<!-- NAME:begin ... -->` and `<!-- NAME:end -->`; everything else in
the document is left alone, written by hand. `make compare` rewrites every block. Those
made from the repository alone, quickly, are `checked`: tests/tools/test_compare.py fails
when one differs from what this module makes now, so a change to the code is followed by
`make compare`. The others count tests (pytest's collection), measure what each app imports,
or copy the benchmarks' last results; only `make compare` refreshes them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import article, facts, measured
from .concepts import API_SIDE, ROOT, Concept

README = Path("README.md")
COMPARISON = Path("docs/comparison.md")
PERFORMANCE = Path("docs/performance.md")


@dataclass(frozen=True)
class Block:
    document: Path  # relative to the repository root
    name: str
    make: Callable[[], str]
    checked: bool


def concept_map(concepts: list[Concept]) -> str:
    lines = [
        "| Concept | Django (`django_app/`) | lines | Flask (`flask_app/`) | lines "
        "| FastAPI (`fastapi_app/`, the API) | lines |",
        "| --- | --- | ---: | --- | ---: | --- | ---: |",
    ]
    for concept in concepts:
        django, flask = concept.code_count("django"), concept.code_count("flask")
        fastapi = (
            (concept.cells[API_SIDE], concept.code_count(API_SIDE))
            if concept.has(API_SIDE)
            else ("—", "—")
        )
        link = f"[{concept.title}](docs/compare/{concept.key}.md)"
        lines.append(
            f"| {link} | {concept.cells['django']} | {django} "
            f"| {concept.cells['flask']} | {flask} | {fastapi[0]} | {fastapi[1]} |"
        )
    return "\n".join(lines)


def blocks(concepts: list[Concept]) -> list[Block]:
    """Every generated block, in the order `make compare` makes them."""
    return [
        Block(README, "make-targets", facts.make_targets, checked=True),
        Block(README, "test-counts", facts.test_counts, checked=False),
        Block(README, "concept-map", lambda: concept_map(concepts), checked=True),
        Block(README, "article-development", lambda: article.development(concepts), True),
        Block(COMPARISON, "article-development", lambda: article.development(concepts), True),
        Block(COMPARISON, "article-features", lambda: article.features(concepts), True),
        Block(COMPARISON, "article-scalability", article.scalability, checked=False),
        Block(COMPARISON, "article-security", lambda: article.security(concepts), False),
        Block(PERFORMANCE, "where-time-goes", measured.where_time_goes, checked=False),
        Block(PERFORMANCE, "bench", measured.bench, checked=False),
    ]


def _pattern(name: str) -> re.Pattern[str]:
    """A block: its begin marker, its lines (none while it was never made), its end marker."""
    return re.compile(
        rf"(<!-- {re.escape(name)}:begin[^>]*-->)\n(?:(.*?)\n)?(<!-- {re.escape(name)}:end -->)",
        re.DOTALL,
    )


def current(document: Path, name: str, text: str) -> str:
    """The block named `name` as it stands in the document's text."""
    match = _pattern(name).search(text)
    if match is None:
        raise ValueError(f"{document} has no <!-- {name}:begin --> ... <!-- {name}:end --> block")
    return match.group(2) or ""


def replace(document: Path, name: str, text: str, content: str) -> str:
    current(document, name, text)  # fails loudly on a missing marker
    return _pattern(name).sub(
        lambda match: f"{match.group(1)}\n{content}\n{match.group(3)}", text, count=1
    )


def refresh(concepts: list[Concept], root: Path = ROOT) -> list[Path]:
    """Rewrite every block of every document; the documents rewritten."""
    texts: dict[Path, str] = {}
    for block in blocks(concepts):
        if block.document not in texts:
            texts[block.document] = (root / block.document).read_text(encoding="utf-8")
        texts[block.document] = replace(
            block.document, block.name, texts[block.document], block.make()
        )
    for document, text in texts.items():
        (root / document).write_text(text, encoding="utf-8")
    return list(texts)
