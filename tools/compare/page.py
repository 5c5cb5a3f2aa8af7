"""`make compare`: docs/compare/index.html, every concept's Django and Flask files side by side.

A static page: the stylesheet is inline and there is no script, so it opens from the file
system. Code is highlighted by Pygments (classes, with the style's CSS inline); each file is
highlighted whole and then cut into lines, so strings and docstrings over several lines
keep their colour.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from pygments.formatters import HtmlFormatter
from pygments.token import STANDARD_TYPES

from .align import Line, Row, concept_rows
from .concepts import ROOT, SIDES, Concept, Source, total_code_lines
from .linecount import lexer_for

OUTPUT = ROOT / "docs" / "compare" / "index.html"
STYLE = "friendly"

PAGE_CSS = """
:root { --line: #e3e6ea; --muted: #5f6b7a; --django: #0c4b33; --flask: #1b4f72; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
       color: #1f2933; background: #f6f7f9; }
header.top { background: #1f2933; color: #fff; padding: 2rem 2.5rem 1.5rem; }
header.top h1 { margin: 0 0 .4rem; font-size: 1.7rem; }
header.top p { margin: .3rem 0; max-width: 62rem; color: #d5dbe3; }
header.top code { color: #fff; }
main { padding: 1.5rem 2.5rem 3rem; }
nav table, table.counts { border-collapse: collapse; background: #fff; margin: 1rem 0 2rem; }
nav th, nav td { padding: .3rem .9rem; border-bottom: 1px solid var(--line); text-align: left; }
nav td.n, nav th.n { text-align: right; font-variant-numeric: tabular-nums; }
nav tfoot td { font-weight: 600; border-bottom: 0; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px;
          margin: 0 0 2.5rem; padding: 1.2rem 1.5rem 1.5rem; }
section h2 { margin: 0 0 .5rem; font-size: 1.35rem; }
section h2 a { color: inherit; text-decoration: none; }
p.note { max-width: 62rem; margin: .3rem 0 .8rem; }
p.counts { color: var(--muted); margin: 0 0 1rem; font-size: .95rem; }
.django-name { color: var(--django); font-weight: 600; }
.flask-name { color: var(--flask); font-weight: 600; }
table.code { width: 100%; background: #fff; table-layout: fixed; border-collapse: collapse;
             font: 12.5px/1.45 "DejaVu Sans Mono", ui-monospace, Menlo, Consolas, monospace; }
table.code col.n { width: 3.2rem; }
table.code th { font: 600 14px system-ui, sans-serif; text-align: left; padding: .4rem .6rem;
                border-bottom: 2px solid var(--line); }
table.code td { padding: 0 .6rem; vertical-align: top; white-space: pre-wrap;
                overflow-wrap: anywhere; }
table.code td.n { color: #9aa5b1; text-align: right; user-select: none; padding-right: .4rem; }
table.code td.left { border-right: 1px solid var(--line); }
table.code tr.file td { background: #eef1f4; color: #323f4b; font-weight: 600;
                        padding: .3rem .6rem; border-top: 1px solid var(--line); }
table.code tr.file td.none { background: #fafbfc; }
table.code td.gap { color: #9aa5b1; }
table.code td.pad {
  background: repeating-linear-gradient(135deg, #fafbfc 0 6px, #f2f4f6 6px 12px);
}
table.code td.same { background: #eef7f1; }
table.code td.n.same { background: #e2f1e7; }
table.code td.quiet { opacity: .7; }
td.bars { width: 24rem; }
td.bars div { height: .55rem; border-radius: 2px; margin: .12rem 0; }
td.bars .django { background: #2f7d5b; }
td.bars .flask { background: #2e6f9e; }
p.legend { color: var(--muted); font-size: .9rem; }
p.legend span { display: inline-block; width: 1.1em; height: 1em; vertical-align: -.15em;
                border: 1px solid var(--line); margin-right: .3em; }
footer { color: var(--muted); padding: 0 2.5rem 2rem; font-size: .9rem; }
"""


def write(concepts: list[Concept], output: Path = OUTPUT) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(concepts), encoding="utf-8")
    return output.relative_to(ROOT)


def render(concepts: list[Concept]) -> str:
    highlighted: dict[Path, list[str]] = {}
    sections = [_section(concept, highlighted) for concept in concepts]
    css = HtmlFormatter(style=STYLE).get_style_defs("table.code")
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Django and Flask, concept by concept</title>
<meta name="description" content="The Django and Flask apps of this repository side by side,
one section per concept, with code-line counts and a note on what differs.">
<style>{css}{PAGE_CSS}</style>
</head>
<body>
<header class="top">
<h1>Django and Flask, concept by concept</h1>
<p>One iris-prediction service built twice. Each section puts the files that hold one concept
in <code>django_app/</code> and <code>flask_app/</code> side by side, lines doing the same thing
on the same row, with a note on what differs and why.</p>
<p>Code lines leave out blank lines, comments and docstrings. Made by <code>make compare</code>
from <code>tools/compare/concepts.toml</code>; <code>make diff CONCEPT=forms</code> shows one
concept in a terminal.</p>
</header>
<main>
{_contents(concepts)}
<p class="legend"><span style="background:#eef7f1"></span>the same line on both sides
&nbsp; <span style="background:#f2f4f6"></span>nothing on this side &nbsp; faded: not code
(blank, comment, docstring)</p>
{"".join(sections)}
</main>
<footer>Line counts: <code>tools/compare/linecount.py</code> (Python read with
<code>tokenize</code> and <code>ast</code>, templates and scripts with Pygments' lexers).</footer>
</body>
</html>
"""


def _contents(concepts: list[Concept]) -> str:
    widest = max(max(c.code_count("django"), c.code_count("flask")) for c in concepts)
    rows = []
    for concept in concepts:
        django, flask = concept.code_count("django"), concept.code_count("flask")
        bars = "".join(
            f'<div class="{side}" style="width:{100 * count / widest:.1f}%"></div>'
            for side, count in (("django", django), ("flask", flask))
        )
        rows.append(
            f'<tr><td><a href="#{concept.key}">{escape(concept.title)}</a></td>'
            f'<td class="n">{django}</td><td class="n">{flask}</td>'
            f'<td class="bars" aria-hidden="true">{bars}</td></tr>'
        )
    django, flask = (total_code_lines(concepts, side) for side in SIDES)
    return f"""<nav aria-label="Concepts"><table>
<thead><tr><th>Concept</th><th class="n">Django lines</th>
<th class="n">Flask lines</th><th><span class="django-name">Django</span> /
<span class="flask-name">Flask</span></th></tr></thead>
<tbody>{"".join(rows)}</tbody>
<tfoot><tr><td>All of them, each line once</td><td class="n">{django}</td>
<td class="n">{flask}</td><td></td></tr></tfoot>
</table></nav>"""


def _section(concept: Concept, highlighted: dict[Path, list[str]]) -> str:
    django, flask = concept.code_count("django"), concept.code_count("flask")
    body = "".join(_row(row, highlighted) for row in concept_rows(concept))
    return f"""
<section id="{concept.key}">
<h2><a href="#{concept.key}">{escape(concept.title)}</a></h2>
<p class="note">{_inline_code(concept.note)}</p>
<p class="counts">Code lines: <span class="django-name">Django {django}</span> ·
<span class="flask-name">Flask {flask}</span></p>
<table class="code">
<colgroup><col class="n"><col><col class="n"><col></colgroup>
<thead><tr><th colspan="2" class="django-name">Django</th>
<th colspan="2" class="flask-name">Flask</th></tr></thead>
<tbody>{body}</tbody>
</table>
</section>"""


def _row(row: Row, highlighted: dict[Path, list[str]]) -> str:
    if (row.left and row.left.kind == "file") or (row.right and row.right.kind == "file"):
        return f'<tr class="file">{_header(row.left, "left")}{_header(row.right, "right")}</tr>\n'
    left = _cell(row.left, row, "left", highlighted)
    right = _cell(row.right, row, "right", highlighted)
    return f"<tr>{left}{right}</tr>\n"


def _header(line: Line | None, side: str) -> str:
    if line is None or line.kind != "file":
        return f'<td colspan="2" class="none {side}"></td>'
    return f'<td colspan="2" class="{side}">{escape(line.text)}</td>'


def _cell(line: Line | None, row: Row, side: str, highlighted: dict[Path, list[str]]) -> str:
    if line is None:
        return f'<td class="n pad"></td><td class="pad {side}"></td>'
    if line.kind == "gap":
        return f'<td class="n gap">⋮</td><td class="gap {side}">…</td>'
    classes = [side]
    if row.same and line.text.strip():
        classes.append("same")
    if not line.counted:
        classes.append("quiet")
    number_class = "n same" if "same" in classes else "n"
    code = _highlighted(line.source, highlighted)[line.number - 1]
    number = f'<td class="{number_class}">{line.number}</td>'
    return f'{number}<td class="{" ".join(classes)}">{code}</td>'


def _highlighted(source: Source, cache: dict[Path, list[str]]) -> list[str]:
    """The file's lines as HTML with Pygments' token classes, each line closing its spans."""
    if source.path not in cache:
        text = "\n".join(source.lines) + "\n"
        lines = [""]
        for token_type, value in lexer_for(source.path).get_tokens(text):
            css_class = _css_class(token_type)
            for index, part in enumerate(value.split("\n")):
                if index:
                    lines.append("")
                if part:
                    html = escape(part, quote=False)
                    lines[-1] += f'<span class="{css_class}">{html}</span>' if css_class else html
        cache[source.path] = lines
    return cache[source.path]


def _css_class(token_type) -> str:
    while token_type not in STANDARD_TYPES:
        token_type = token_type.parent
    return STANDARD_TYPES[token_type]


def _inline_code(text: str) -> str:
    """`code` in a note becomes <code>; the rest is escaped."""
    parts = escape(text, quote=False).split("`")
    return "".join(f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts))
