"""The framework-neutral half of exercise 06, checked the same way for both apps."""

from __future__ import annotations

import re

TITLE = "Predictions per model version"


def check_the_shared_chart() -> None:
    from shared_model.pages import charts

    draw = getattr(charts, "model_version_chart", None)
    assert draw is not None, (
        "shared_model/pages/charts.py has no model_version_chart(counts) yet: the drawing is "
        "framework-neutral, so it is written once there and both apps call it."
    )
    svg = draw({"v1": 3, "v2<b>": 1})
    assert svg.startswith("<svg") and f'aria-label="{TITLE}"' in svg, (
        f'Draw it like the other charts (charts._svg), titled "{TITLE}".'
    )
    assert "v1" in svg and ">3<" in svg, "Each version gets a label and its count."
    assert "<b>" not in svg and "v2&lt;b&gt;" in svg, "Escape every text the chart draws."
    assert "<svg" in draw({}), "No prediction yet is still a chart (an empty one)."


def chart_in(page: str) -> str:
    found = re.search(rf'<svg[^>]*aria-label="{TITLE}".*?</svg>', page, re.S)
    assert found, (
        f'The dashboard does not show the "{TITLE}" chart yet: count the predictions per '
        "version in the app's selectors, draw them with charts.model_version_chart, and put "
        "the SVG in dashboard.html (marked safe: the chart escapes its texts)."
    )
    return found[0]
