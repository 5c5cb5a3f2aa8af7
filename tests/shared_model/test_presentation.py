"""How a prediction is shown and exported: schema order, one decimal, one header."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from shared_model.model.schema import CLASSES, FEATURE_NAMES
from shared_model.pages.presentation import (
    EXPORT_COLUMNS,
    PredictionDisplay,
    feature_rows,
    probability_percentages,
)


def test_feature_rows_follow_the_schema_with_labels_and_units():
    features = dict(zip(reversed(FEATURE_NAMES), (1.0, 2.0, 3.0, 4.0), strict=True))
    rows = feature_rows(features)
    assert [label for label, _, _ in rows] == [
        "Sepal length",
        "Sepal width",
        "Petal length",
        "Petal width",
    ]
    assert [value for _, value, _ in rows] == [features[name] for name in FEATURE_NAMES]
    assert {unit for _, _, unit in rows} == {"cm"}


def test_percentages_have_one_decimal_in_class_order():
    shares = {"virginica": 0.00049, "setosa": 0.97, "versicolor": 0.02951}
    assert probability_percentages(shares) == [
        ("setosa", "97.0"),
        ("versicolor", "3.0"),
        ("virginica", "0.0"),
    ]
    assert [name for name, _ in probability_percentages(shares)] == list(CLASSES)


def test_export_header_names_every_feature_between_id_and_label():
    assert EXPORT_COLUMNS[:2] == ("id", "username")
    assert EXPORT_COLUMNS[2:6] == FEATURE_NAMES
    assert EXPORT_COLUMNS[-1] == "true_label"


class Stored(PredictionDisplay):
    """A stand-in for either app's Prediction model: the columns as attributes."""

    def __init__(self, true_label=None):
        self.id = 7
        self.user = SimpleNamespace(username="alice")
        self.sepal_length, self.sepal_width, self.petal_length, self.petal_width = (
            5.1,
            3.5,
            1.4,
            0.2,
        )
        self.label = "setosa"
        self.probabilities = {"setosa": 0.9, "versicolor": 0.07, "virginica": 0.03}
        self.warnings = []
        self.model_version = "abc123"
        self.created_at = datetime(2026, 11, 25, 12, 30, tzinfo=UTC)
        self.true_label = true_label
        self.upload_line = 3


def test_a_stored_prediction_shows_its_inputs_bars_and_feedback():
    stored = Stored()

    assert stored.features == dict(zip(FEATURE_NAMES, (5.1, 3.5, 1.4, 0.2), strict=True))
    assert stored.inputs == feature_rows(stored.features)
    assert stored.percentages == [("setosa", "90.0"), ("versicolor", "7.0"), ("virginica", "3.0")]
    assert not stored.has_feedback
    assert Stored(true_label="setosa").has_feedback


def test_a_stored_prediction_is_a_row_of_the_admins_export_in_its_columns():
    assert Stored().export_row == [
        7,
        "alice",
        5.1,
        3.5,
        1.4,
        0.2,
        "setosa",
        "abc123",
        "2026-11-25T12:30:00+00:00",
        "",
    ]
    assert Stored(true_label="versicolor").export_row[-1] == "versicolor"
    assert len(Stored().export_row) == len(EXPORT_COLUMNS)


def test_a_stored_prediction_is_a_row_of_its_uploads_results_file():
    assert Stored().result_row == [3, 5.1, 3.5, 1.4, 0.2, "setosa", 0.9, 0.07, 0.03, "", 7]
