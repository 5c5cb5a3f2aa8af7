"""The framework-neutral half of exercise 06, checked the same way for both apps, and how
both checks find the chart in the dashboard."""

from __future__ import annotations

import re

from workshop.support import shown

TITLE = "Predictions per model version"


def drawn(svg: str) -> list[str]:
    """The texts a chart draws, in order, as written in the SVG: labels and counts."""
    return re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)


def check_the_shared_chart() -> None:
    from shared_model.pages import charts

    draw = getattr(charts, "model_version_chart", None)
    assert draw is not None, (
        "shared_model/pages/charts.py has no model_version_chart(counts) yet: the drawing is "
        "framework-neutral, so it is written once there and both apps call it."
    )
    svg = draw({"v1": 3, "v2<b>": 1})
    assert svg.startswith("<svg") and f'aria-label="{TITLE}"' in svg, (
        f'Draw it like the other charts (charts._svg), titled "{TITLE}"; it drew {shown(svg)}.'
    )
    assert "v1" in drawn(svg) and "3" in drawn(svg), (
        f"Each version gets a label and its count: it drew the texts {shown(drawn(svg))}."
    )
    assert "<b>" not in svg and "v2&lt;b&gt;" in svg, (
        f"Escape every text the chart draws (html.escape): a version `v2<b>` came out in the "
        f"texts {shown(drawn(svg))}."
    )
    assert "style=" not in svg, "No inline style: colours come from the stylesheet's classes."
    ordered = draw({"rare": 1, "busy": 5})
    assert -1 < ordered.find("busy") < ordered.find("rare"), (
        f"The busiest version comes first: with {{'rare': 1, 'busy': 5}} it drew the texts "
        f"{shown(drawn(ordered))}."
    )
    assert "<svg" in draw({}), "No prediction yet is still a chart (an empty one)."


def chart_in(page: str) -> str:
    found = re.search(rf'<svg[^>]*aria-label="{TITLE}".*?</svg>', page, re.S)
    assert found, (
        f'The dashboard does not show the "{TITLE}" chart yet: count the predictions per '
        "version in the app's selectors, draw them with charts.model_version_chart, and put "
        "the SVG in dashboard.html (marked safe: the chart escapes its texts)."
    )
    return found[0]


def check_the_counts(chart: str, current: str) -> None:
    """Alice's two and Bob's one of the current version, Bob's other one of "old-model"."""
    texts = drawn(chart)
    assert current[:12] in chart and "3" in texts, (
        f"The current version has 3 predictions, every user's counted (the dashboard watches "
        f"the model, not one user); the chart draws {shown(texts)}."
    )
    assert "old-model" in texts and "1" in texts, (
        f"The version old-model has 1 prediction; the chart draws {shown(texts)}."
    )
