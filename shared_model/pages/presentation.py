"""How a prediction is shown and exported, the same in both apps.

The prediction page lists the inputs and a bar per class; the admin's CSV export has one
column list. Both apps' `Prediction` models mix in `PredictionDisplay`, so their templates
read the same properties.
"""

from __future__ import annotations

from collections.abc import Mapping

from shared_model.model.schema import CLASSES, FEATURE_NAMES, FEATURES

# The header of the admin's CSV export, in both apps.
EXPORT_COLUMNS: tuple[str, ...] = (
    "id",
    "username",
    *FEATURE_NAMES,
    "label",
    "model_version",
    "created_at",
    "true_label",
)


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
    feature columns, `probabilities` and `true_label`."""

    label: str
    probabilities: Mapping[str, float]
    warnings: list[dict]
    true_label: str | None

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
