"""Dashboard charts are safe SVG; demo data is deterministic and valid."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree

from shared_model.demo import DEMO_COUNT, DEMO_DAYS, demo_predictions, demo_samples
from shared_model.model.schema import CLASSES
from shared_model.model.validation import validate_features
from shared_model.pages.charts import (
    accuracy_chart,
    class_counts_chart,
    confusion_matrix_chart,
    daily_counts_chart,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_class_chart_draws_one_bar_per_class_scaled_to_the_largest():
    root = parse(class_counts_chart({"setosa": 10, "versicolor": 5, "virginica": 0}))
    bars = root.findall(f"{SVG}rect")
    assert len(bars) == len(CLASSES)
    widths = [float(bar.get("width")) for bar in bars]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert root.get("role") == "img" and root.find(f"{SVG}title").text


def test_daily_chart_draws_a_column_per_day():
    days = [(f"2026-11-{day:02d}", day % 3) for day in range(1, 31)]
    root = parse(daily_counts_chart(days))
    assert len(root.findall(f"{SVG}rect")) == 30


def test_accuracy_chart_without_feedback_says_so():
    svg = accuracy_chart(live=None, held_out=0.9, feedback_count=0)
    assert "no feedback yet" in svg
    parse(svg)


def test_confusion_matrix_has_a_cell_per_pair():
    root = parse(confusion_matrix_chart([[15, 0, 0], [0, 14, 1], [0, 3, 12]], CLASSES))
    assert len(root.findall(f"{SVG}rect")) == 9


def test_chart_text_is_escaped():
    svg = confusion_matrix_chart([[1]], ["<script>alert(1)</script>"])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    parse(svg)


def test_demo_samples_are_deterministic_valid_and_spread_over_the_period():
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    samples = demo_samples(now)
    assert samples == demo_samples(now)
    assert len(samples) == DEMO_COUNT
    for sample in samples:
        validate_features(sample.features)
        assert sample.true_label in (*CLASSES, None)
        assert 0 <= (now - sample.created_at).days < DEMO_DAYS
    assert len({sample.created_at.date() for sample in samples}) > DEMO_DAYS // 2
    assert sum(sample.true_label is not None for sample in samples) > DEMO_COUNT // 2


def test_demo_predictions_are_the_samples_predicted_with_their_times_and_feedback(predictor):
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    samples = demo_samples(now)

    predictions = demo_predictions(predictor, now)

    assert len(predictions) == len(samples)
    for sample, columns in zip(samples, predictions, strict=True):
        assert {name: columns[name] for name in sample.features} == sample.features
        assert columns["label"] in CLASSES and columns["model_version"] == predictor.version
        assert columns["created_at"] == sample.created_at
        assert columns["true_label"] == sample.true_label
        assert columns["feedback_at"] == (sample.created_at if sample.true_label else None)
