"""How a prediction is shown and exported, the same in both apps.

The prediction page lists the inputs and a bar per class; the upload's results file and the
admin's CSV export each have one row per prediction. Both apps' `Prediction` models mix in
`PredictionDisplay`, so their templates, views and admins read the same properties.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from operator import attrgetter
from typing import Any

from shared_model.model.schema import CLASSES, FEATURE_NAMES, FEATURES
from shared_model.pages.csv_io import result_row
from shared_model.web.times import isoformat

# The admin's CSV export, in both apps: each column, and how its cell is read from a stored
# prediction (either app's `Prediction`, with its user loaded). The Django admin writes it a
# row at a time (`PredictionDisplay.export_row`), Flask-Admin a cell at a time.
EXPORT_CELLS: dict[str, Callable[[Any], Any]] = {
    "id": attrgetter("id"),
    "username": attrgetter("user.username"),
    **{name: attrgetter(name) for name in FEATURE_NAMES},
    "label": attrgetter("label"),
    "model_version": attrgetter("model_version"),
    "created_at": lambda prediction: isoformat(prediction.created_at),
    "true_label": lambda prediction: prediction.true_label or "",
}
# The header of the export.
EXPORT_COLUMNS: tuple[str, ...] = tuple(EXPORT_CELLS)


def feature_rows(features: Mapping[str, float]) -> list[tuple[str, float, str]]:
    """(label, value, unit) of each feature, in the schema's order."""
    return [(f.label, features[f.name], f.unit) for f in FEATURES]


def probability_percentages(probabilities: Mapping[str, float]) -> list[tuple[str, str]]:
    """(class, percent with one decimal) for the probability bars, in the classes' order."""
    return [(name, f"{100 * probabilities[name]:.1f}") for name in CLASSES]


def label_percentage(probabilities: Mapping[str, float], label: str) -> str:
    """The probability of the predicted class, as a percent with one decimal."""
    return f"{100 * probabilities[label]:.1f}"


def warning_features(warnings: list[dict]) -> str:
    """The features a prediction warns about, as a short list for a table cell."""
    return ", ".join(warning["feature"] for warning in warnings)


def class_counts(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """(class, count) for every class, in the classes' order, zero where there is none."""
    return [(name, counts.get(name, 0)) for name in CLASSES]


class PredictionDisplay:
    """The display properties of a stored prediction, for a model class with the schema's
    feature columns and the others named here."""

    id: int
    label: str
    probabilities: Mapping[str, float]
    warnings: list[dict]
    model_version: str
    created_at: datetime
    true_label: str | None
    upload_line: int | None

    @property
    def features(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in FEATURE_NAMES}

    @property
    def inputs(self) -> list[tuple[str, float, str]]:
        """(label, value, unit) of each feature, in the schema's order, for display."""
        return feature_rows(self.features)

    @property
    def percentages(self) -> list[tuple[str, str]]:
        """(class, percent with one decimal) for the probability bars."""
        return probability_percentages(self.probabilities)

    @property
    def has_feedback(self) -> bool:
        return self.true_label is not None

    @property
    def label_percentage(self) -> str:
        """The probability of the predicted class, as a percent with one decimal."""
        return label_percentage(self.probabilities, self.label)

    @property
    def warning_features(self) -> str:
        return warning_features(self.warnings)

    @property
    def result_row(self) -> list:
        """The prediction as a row of its upload's results file."""
        return result_row(
            line=self.upload_line,
            features=self.features,
            label=self.label,
            probabilities=self.probabilities,
            warnings=self.warnings,
            prediction_id=self.id,
        )

    @property
    def export_row(self) -> list:
        """The prediction as a row of the admin's CSV export (its user loaded)."""
        return [cell(self) for cell in EXPORT_CELLS.values()]
