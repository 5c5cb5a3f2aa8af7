"""The predictor: the trained model and its card, loaded once per process.

Both apps call `get_predictor()` at start-up, so a missing or corrupt artifact stops
them before they serve a request, with one message naming the file and the command that
rebuilds it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from shared_model.model import artifacts
from shared_model.model.fast_path import compile_probabilities
from shared_model.model.schema import CLASSES, FEATURE_NAMES

PROBABILITY_DECIMALS = 10


@dataclass(frozen=True)
class PredictionResult:
    """One model answer; named apart from the apps' `Prediction` tables, which store it."""

    label: str
    probabilities: dict[str, float]
    warnings: list[dict]

    def columns(self, features: Mapping[str, float], model_version: str) -> dict:
        """The columns of a stored prediction of this answer for `features`, named as both
        apps' `Prediction` tables name them (the owner and the times are each app's)."""
        return {
            **features,
            "label": self.label,
            "probabilities": self.probabilities,
            "warnings": self.warnings,
            "model_version": model_version,
        }


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
        class_names = [CLASSES[int(index)] for index in model.classes_]
        self._columns = [class_names.index(name) for name in CLASSES]
        self._low, self._high = np.array([self._training_ranges[n] for n in FEATURE_NAMES]).T
        # matrix -> class probabilities in model.classes_ order: predict_proba's arithmetic
        # in numpy when the model is the pipeline we train, predict_proba itself otherwise.
        self.probabilities, self.fast_path = compile_probabilities(model, self._low, self._high)

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
        # Columns reordered to CLASSES, and plain floats: the loop below stays in Python.
        probabilities = self.probabilities(matrix)[:, self._columns].tolist()
        outside = ((matrix < self._low) | (matrix > self._high)).any(axis=1).tolist()
        results = []
        for row, probs, warn in zip(instances, probabilities, outside, strict=True):
            # Rounded to 10 places: BLAS may differ in the last bit between a batch and a
            # single row, and the same flower must get the same answer either way.
            by_class = {
                name: round(p, PROBABILITY_DECIMALS) for name, p in zip(CLASSES, probs, strict=True)
            }
            label = max(by_class, key=by_class.get)
            results.append(
                PredictionResult(label, by_class, self.warnings_for(row) if warn else [])
            )
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
