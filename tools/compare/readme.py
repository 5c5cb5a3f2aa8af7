"""The README's generated tables, rewritten in place between their markers.

Each table sits between `<!-- NAME:begin ... -->` and `<!-- NAME:end -->`; everything else in
the README is left alone. tests/tools/test_readme.py fails when a table differs from what
this module makes now, so a change to the code is followed by `make compare`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from . import article
from .concepts import API_SIDE, ROOT, Concept

README = ROOT / "README.md"
NOTICE = "made by `make compare` from tools/compare/; edit there, not here"


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
        link = f"[{concept.title}](docs/compare/index.html#{concept.key})"
        lines.append(
            f"| {link} | {concept.cells['django']} | {django} "
            f"| {concept.cells['flask']} | {flask} | {fastapi[0]} | {fastapi[1]} |"
        )
    return "\n".join(lines)


def blocks(concepts: list[Concept]) -> dict[str, Callable[[], str]]:
    """Each generated block of the README, by marker name, as a function that makes it."""
    return {
        "concept-map": lambda: concept_map(concepts),
        "article-development": lambda: article.development(concepts),
        "article-features": lambda: article.features(concepts),
        "article-scalability": article.scalability,
        "article-security": lambda: article.security(concepts),
    }


# The blocks made from the repository alone, quickly: a test checks they are up to date.
# The others depend on `make bench` or on a minute of measuring, and are refreshed by
# `make compare` only.
CHECKED = ("concept-map", "article-development", "article-features")


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"(<!-- {re.escape(name)}:begin[^>]*-->\n)(.*?)(\n<!-- {re.escape(name)}:end -->)",
        re.DOTALL,
    )


def current(name: str, text: str) -> str:
    """The block named `name` as it stands in the README's text."""
    match = _pattern(name).search(text)
    if match is None:
        raise ValueError(f"README.md has no <!-- {name}:begin --> ... <!-- {name}:end --> block")
    return match.group(2)


def replace(name: str, text: str, content: str) -> str:
    current(name, text)  # fails loudly on a missing marker
    return _pattern(name).sub(lambda match: match.group(1) + content + match.group(3), text)


def refresh(concepts: list[Concept], readme: Path = README) -> Path:
    text = readme.read_text(encoding="utf-8")
    for name, make in blocks(concepts).items():
        text = replace(name, text, make())
    readme.write_text(text, encoding="utf-8")
    return readme.relative_to(ROOT)
