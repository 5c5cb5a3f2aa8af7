"""The dashboard's charts, drawn server-side as inline SVG strings.

No chart library and no script: the page stays within a Content-Security-Policy that
forbids inline code, and works without JavaScript. Every string that reaches the markup
goes through `escape`, so the result is safe to mark as such in either template engine.
Colours come from CSS classes in the shared stylesheet, not from inline styles.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from shared_model.model.schema import CLASSES

WIDTH = 640
ROW = 34
LEFT = 110


def _svg(height: int, title: str, body: list[str]) -> str:
    title = escape(title)
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{title}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{title}</title>{''.join(body)}</svg>"
    )


def _class_css(name: str) -> str:
    return f"class-{CLASSES.index(name)}" if name in CLASSES else "class-other"


def class_counts_chart(counts: dict[str, int]) -> str:
    """Horizontal bars: how many predictions went to each class."""
    top = max([1, *counts.values()])
    span = WIDTH - LEFT - 70
    body = []
    for row, name in enumerate(CLASSES):
        count = counts.get(name, 0)
        y = 10 + row * ROW
        width = round(span * count / top, 1)
        body.append(
            f'<text x="{LEFT - 10}" y="{y + 17}" text-anchor="end">{escape(name)}</text>'
            f'<rect class="bar {_class_css(name)}" x="{LEFT}" y="{y}" '
            f'width="{width}" height="24" rx="3"/>'
            f'<text x="{LEFT + width + 8}" y="{y + 17}">{count}</text>'
        )
    return _svg(20 + ROW * len(CLASSES), "Predictions per class", body)


def daily_counts_chart(days: Sequence[tuple[str, int]]) -> str:
    """Columns: predictions per day, oldest on the left; `days` is (ISO date, count)."""
    height, base, left = 220, 180, 40
    top = max([1, *(count for _, count in days)])
    step = (WIDTH - left - 10) / max(1, len(days))
    body = [
        f'<line class="axis" x1="{left}" y1="{base}" x2="{WIDTH - 10}" y2="{base}"/>',
        f'<text x="{left - 6}" y="{base - 150 + 4}" text-anchor="end">{top}</text>',
        f'<text x="{left - 6}" y="{base + 4}" text-anchor="end">0</text>',
    ]
    for index, (day, count) in enumerate(days):
        bar = round(150 * count / top, 1)
        x = round(left + index * step + 1, 1)
        body.append(
            f'<rect class="bar column" x="{x}" y="{base - bar}" width="{round(step - 2, 1)}" '
            f'height="{bar}"><title>{escape(day)}: {count}</title></rect>'
        )
        # A tick a week, and the last day unless it would overlap the week's tick.
        last = len(days) - 1
        if index % 7 == 0 or (index == last and last % 7 >= 4):
            body.append(f'<text class="tick" x="{x}" y="{base + 18}">{escape(day[5:])}</text>')
    return _svg(height, f"Predictions per day, last {len(days)} days", body)


def accuracy_chart(*, live: float | None, held_out: float, feedback_count: int) -> str:
    """Two bars: accuracy measured on user feedback against the held-out accuracy."""
    span = WIDTH - LEFT - 200
    rows = [
        ("held-out", held_out, "bar held-out", f"{held_out:.1%} on the test split"),
        (
            "live",
            live or 0.0,
            "bar live",
            f"{live:.1%} from {feedback_count} feedback" if live is not None else "no feedback yet",
        ),
    ]
    body = []
    for row, (name, value, css, text) in enumerate(rows):
        y = 10 + row * ROW
        width = round(span * value, 1)
        body.append(
            f'<text x="{LEFT - 10}" y="{y + 17}" text-anchor="end">{escape(name)}</text>'
            f'<rect class="track" x="{LEFT}" y="{y}" width="{span}" height="24" rx="3"/>'
            f'<rect class="{css}" x="{LEFT}" y="{y}" width="{width}" height="24" rx="3"/>'
            f'<text x="{LEFT + span + 8}" y="{y + 17}">{escape(text)}</text>'
        )
    return _svg(20 + ROW * 2, "Live accuracy against held-out accuracy", body)


def confusion_matrix_chart(matrix: Sequence[Sequence[int]], classes: Sequence[str]) -> str:
    """A heat grid: rows are the true class, columns the predicted one."""
    cell, left, top_margin = 70, 120, 50
    peak = max([1, *(value for row in matrix for value in row)])
    body = [
        f'<text x="{left + cell * len(classes) / 2}" y="14" text-anchor="middle">predicted</text>'
    ]
    for col, name in enumerate(classes):
        x = left + col * cell + cell / 2
        body.append(
            f'<text x="{x}" y="{top_margin - 8}" text-anchor="middle">{escape(name)}</text>'
        )
    for row, name in enumerate(classes):
        y = top_margin + row * cell
        body.append(
            f'<text x="{left - 8}" y="{y + cell / 2 + 5}" text-anchor="end">{escape(name)}</text>'
        )
        for col, value in enumerate(matrix[row]):
            level = min(4, round(4 * value / peak))
            x = left + col * cell
            body.append(
                f'<rect class="heat heat-{level}" x="{x}" y="{y}" width="{cell - 2}" '
                f'height="{cell - 2}"/><text class="heat-label heat-label-{level}" '
                f'x="{x + cell / 2 - 1}" y="{y + cell / 2 + 5}" '
                f'text-anchor="middle">{int(value)}</text>'
            )
    height = top_margin + cell * len(classes) + 10
    return _svg(height, "Confusion matrix on the held-out split (rows: true class)", body)
