"""The predictor: the trained model and its card, loaded once per process.

Both apps call `get_predictor()` at start-up, so a missing or corrupt artifact stops
them before they serve a request, with one message naming the file and the command that
rebuilds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from . import artifacts
from .schema import CLASSES, FEATURE_NAMES

PROBABILITY_DECIMALS = 10


@dataclass(frozen=True)
class PredictionResult:
    """One model answer; named apart from the apps' `Prediction` tables, which store it."""

    label: str
    probabilities: dict[str, float]
    warnings: list[dict]


class Predictor:
    def __init__(self, model, card: dict):
        self.model = model
        self.card = card
        self.version: str = card["version"]
        self.name: str = card["name"]
        self.accuracy: float = card["metrics"]["accuracy"]
        self._training_ranges = {
            f["name"]: (f["training_min"], f["training_max"]) for f in card["features"]
        }
        # The model's classes are indices into CLASSES, in the order of predict_proba.
        self._class_names = [CLASSES[int(index)] for index in model.classes_]

    @classmethod
    def load(cls, directory: Path | None = None) -> Predictor:
        model, card = artifacts.load(directory)
        return cls(model, card)

    def predict_one(self, features: dict[str, float]) -> PredictionResult:
        return self.predict_many([features])[0]

    def predict_many(self, instances: list[dict[str, float]]) -> list[PredictionResult]:
        """Predict validated instances in one vectorised call."""
        if not instances:
            return []
        matrix = np.array([[row[name] for name in FEATURE_NAMES] for row in instances])
        probabilities = self.model.predict_proba(matrix)
        results = []
        for row, probs in zip(instances, probabilities, strict=True):
            # Rounded to 10 places: BLAS may differ in the last bit between a batch and a
            # single row, and the same flower must get the same answer either way.
            raw = dict(zip(self._class_names, probs, strict=True))
            by_class = {name: round(float(raw[name]), PROBABILITY_DECIMALS) for name in CLASSES}
            label = max(by_class, key=by_class.get)
            results.append(PredictionResult(label, by_class, self.warnings_for(row)))
        return results

    def warnings_for(self, features: dict[str, float]) -> list[dict]:
        """One warning per feature that lies outside the range the model was trained on."""
        warnings = []
        for name in FEATURE_NAMES:
            low, high = self._training_ranges[name]
            value = features[name]
            if not low <= value <= high:
                warnings.append(
                    {
                        "feature": name,
                        "value": value,
                        "training_min": low,
                        "training_max": high,
                        "message": (
                            f"{name} = {value:g} is outside the training range "
                            f"{low:g} to {high:g}; the prediction is less reliable."
                        ),
                    }
                )
        return warnings


@cache
def get_predictor() -> Predictor:
    """The process-wide predictor, loaded on first use (the apps call it at start-up)."""
    return Predictor.load()
