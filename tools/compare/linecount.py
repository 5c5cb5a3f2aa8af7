"""Which lines of a source file are code: not blank, not a comment, not a docstring.

Python is read with `tokenize` (what is a comment, what spans lines) and `ast` (which strings
are docstrings), so a `#` inside a string, a string over several lines or a one-line
`def f(): "doc"` are counted right. Other files (templates, scripts, ini) are read with the
Pygments lexer for their type: a line counts when it holds a token that is neither a
comment nor whitespace.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

from pygments.lexers import TextLexer, get_lexer_for_filename
from pygments.lexers.templates import HtmlDjangoLexer
from pygments.token import Comment
from pygments.util import ClassNotFound

# Tokens that never make a line code by themselves.
_LAYOUT_TOKENS = {
    tokenize.COMMENT,
    tokenize.NL,
    tokenize.NEWLINE,
    tokenize.INDENT,
    tokenize.DEDENT,
    tokenize.ENDMARKER,
    tokenize.ENCODING,
}


def lexer_for(path: Path):
    """The Pygments lexer for a file; templates of both apps as HTML with template tags."""
    if path.suffix == ".html":
        return HtmlDjangoLexer()
    try:
        return get_lexer_for_filename(path.name, stripnl=False, ensurenl=False)
    except ClassNotFound:  # e.g. Alembic's script.py.mako: every non-blank line counts
        return TextLexer(stripnl=False, ensurenl=False)


def code_lines(path: Path, text: str | None = None) -> set[int]:
    """The 1-based numbers of the code lines of `path` (its text may be given)."""
    if text is None:
        text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return python_code_lines(text)
    return lexed_code_lines(text, lexer_for(path))


def python_code_lines(source: str) -> set[int]:
    """Lines holding a Python token that is not a comment, layout, or part of a docstring."""
    docstrings = _docstring_spans(ast.parse(source))
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in _LAYOUT_TOKENS:
            continue
        if _inside(token.start, token.end, docstrings):
            continue
        lines.update(range(token.start[0], token.end[0] + 1))
    return lines


def _docstring_spans(tree: ast.AST) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) positions of every statement that is only a string literal.

    That is the docstring of a module, class or function, and also a string standing alone
    elsewhere (an attribute docstring): neither does anything when the code runs.
    """
    spans = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            spans.append(((node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset)))
    return spans


def _inside(start, end, spans) -> bool:
    return any(span_start <= start and end <= span_end for span_start, span_end in spans)


def lexed_code_lines(text: str, lexer) -> set[int]:
    """Lines holding a token that is neither a comment nor whitespace, by a Pygments lexer."""
    lines: set[int] = set()
    line = 1
    for token_type, value in lexer.get_tokens(text):
        is_code = token_type not in Comment
        for offset, part in enumerate(value.split("\n")):
            if is_code and part.strip():
                lines.add(line + offset)
        line += value.count("\n")
    return lines
