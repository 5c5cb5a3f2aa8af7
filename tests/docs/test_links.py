"""Every relative link of README.md and docs/ names a file of the repository, as GitHub shows it.

A link must name a file (or a folder holding one) that git tracks: a file that only exists
on this machine (docs/compare/index.html, made by `make compare` and not committed) is a dead
link on the web. A `#anchor` into a Markdown file must name one of its headings, the way
GitHub makes them (lower case, punctuation dropped, spaces to hyphens).
"""

from __future__ import annotations

import posixpath
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
# [text](target "title"), ![alt](target); the text may hold [brackets] one deep.
_INLINE_LINK = re.compile(r'!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)')
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_HTML = re.compile(r"""\b(?:href|src)=["']([^"']+)["']""")
_HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_HTML_ANCHOR = re.compile(r"""<a\s[^>]*\b(?:id|name)=["']([^"']+)["']""")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def tracked_files() -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return {name for name in listed.split("\0") if name}


def documents() -> list[str]:
    found = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    return [str(path.relative_to(ROOT)) for path in found]


def prose_lines(text: str, *, blank_code: bool = True) -> list[str]:
    """The document's lines outside fenced code blocks, code spans blanked out if asked."""
    lines, fence = [], None
    for line in text.splitlines():
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
            continue
        if fence is not None:
            if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
                fence = None
            continue
        if blank_code:
            line = _CODE_SPAN.sub(lambda span: " " * len(span.group(0)), line)
        lines.append(line)
    return lines


def links(text: str) -> list[str]:
    """Every link target outside code; a link's text may run over two lines."""
    lines = prose_lines(text)
    prose = "\n".join(lines)
    found = _INLINE_LINK.findall(prose) + _HTML.findall(prose)
    return found + [match.group(1) for line in lines if (match := _REFERENCE.match(line))]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading's Markdown text."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link: its text
    text = text.replace("`", "").replace("*", "").lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(text: str) -> set[str]:
    made: set[str] = set()
    for line in prose_lines(text, blank_code=False):
        heading = _HEADING.match(line)
        if heading:
            base = slug(heading.group(1))
            anchor, number = base, 0
            while anchor in made:
                number += 1
                anchor = f"{base}-{number}"
            made.add(anchor)
        made.update(_HTML_ANCHOR.findall(line))
    return made


def problems(document: str, text: str, tracked: set[str], read) -> list[str]:
    """What is wrong with each relative link of `document` (a path from the root)."""
    folders = {posixpath.dirname(name) for name in tracked}
    folders |= {parent for name in folders for parent in _parents(name)}
    found = []
    for target in links(text):
        if _SCHEME.match(target) or target.startswith("//"):
            continue
        path, _, anchor = target.partition("#")
        resolved = (
            posixpath.normpath(posixpath.join(posixpath.dirname(document), path))
            if path
            else document
        )
        if resolved.startswith("../") or not (resolved in tracked or resolved in folders):
            found.append(f"{document}: ({target}) names {resolved}, which git does not track")
        elif anchor and resolved.endswith(".md") and anchor not in anchors(read(resolved)):
            found.append(f"{document}: ({target}) has no heading #{anchor} in {resolved}")
    return found


def _parents(folder: str) -> list[str]:
    parts = folder.split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts))]


def _read(relative: str) -> str:
    return (ROOT / relative).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tracked():
    return tracked_files()


@pytest.mark.parametrize("document", documents())
def test_every_relative_link_names_a_tracked_file_and_an_existing_heading(document, tracked):
    found = problems(document, _read(document), tracked, _read)
    assert not found, "dead links (a file must be committed to be seen on the web):\n" + "\n".join(
        found
    )


def test_the_documents_checked_are_committed(tracked):
    untracked = [document for document in documents() if document not in tracked]
    assert not untracked, f"not committed, so not on the web: {untracked}"


def test_a_dead_link_an_untracked_file_and_a_missing_heading_are_each_reported():
    files = {"docs/a.md": "# Title\n\n## Where the `time` goes\n", "docs/img.png": ""}
    text = "\n".join(
        [
            "[fine](a.md#where-the-time-goes) ![fine](img.png) [self](#top-heading) [over",
            "two lines](gone-too.md)",
            "[gone](missing.md) [local only](compare/index.html) [no heading](a.md#nope)",
            "`[in code](nowhere.md)`",
            "```",
            "[in a block](nowhere.md)",
            "```",
            "[web](https://example.org/x.md) <a href='../README.md'>up</a>",
            "# Top heading",
        ]
    )
    files["docs/doc.md"] = text
    tracked = {"README.md", *files}

    found = problems("docs/doc.md", text, tracked, files.__getitem__)

    assert found == [
        "docs/doc.md: (gone-too.md) names docs/gone-too.md, which git does not track",
        "docs/doc.md: (missing.md) names docs/missing.md, which git does not track",
        "docs/doc.md: (compare/index.html) names docs/compare/index.html, which git does not track",
        "docs/doc.md: (a.md#nope) has no heading #nope in docs/a.md",
    ]


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Under load: `make bench`", "under-load-make-bench"),
        ("The floor: what is left, and why", "the-floor-what-is-left-and-why"),
        ("Django and Flask compared, measured", "django-and-flask-compared-measured"),
        ("[`django_app/config.py`](../x.py), in part", "django_appconfigpy-in-part"),
    ],
)
def test_anchors_are_made_as_github_makes_them(heading, anchor):
    assert slug(heading) == anchor
