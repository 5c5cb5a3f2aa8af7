"""Deterministic training on scikit-learn's bundled iris data, and the model card.

The same code and data always give the same model and the same `version`: every random
step has a fixed seed, and the version hashes the training configuration and the learned
parameters (rounded, so last-bit float noise across machines does not change it), never
the artifact's bytes, which carry timestamps.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from typing import Any

import numpy as np

from shared_model.model.schema import CLASSES, FEATURE_NAMES, FEATURES

MODEL_NAME = "iris-logistic-regression"

CONFIG: dict[str, Any] = {
    "estimator": "StandardScaler + LogisticRegression",
    "C": 1.0,
    "max_iter": 1000,
    "test_size": 0.3,
    "cv_folds": 5,
    "seed": 42,
}


def load_data() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_iris

    data = load_iris()
    return data.data.astype(np.float64), data.target


def build_pipeline():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    return Pipeline(
        [
            ("scale", StandardScaler()),
            (
                "classify",
                LogisticRegression(
                    C=CONFIG["C"], max_iter=CONFIG["max_iter"], random_state=CONFIG["seed"]
                ),
            ),
        ]
    )


def model_version(pipeline) -> str:
    """A short hash of the configuration and the learned parameters."""
    scaler, classifier = pipeline.named_steps["scale"], pipeline.named_steps["classify"]
    learned = [scaler.mean_, scaler.scale_, classifier.coef_, classifier.intercept_]
    payload = {
        "config": CONFIG,
        "features": list(FEATURE_NAMES),
        "classes": list(CLASSES),
        "params": [np.round(array, 8).tolist() for array in learned],
    }
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
    return digest[:12]


def train(now: datetime | None = None) -> tuple[Any, dict]:
    """Train, evaluate on a held-out split and by cross-validation; return (model, card)."""
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support
    from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split

    X, y = load_data()
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=CONFIG["test_size"], stratify=y, random_state=CONFIG["seed"]
    )
    folds = StratifiedKFold(n_splits=CONFIG["cv_folds"], shuffle=True, random_state=CONFIG["seed"])
    cv_scores = cross_val_score(build_pipeline(), X_train, y_train, cv=folds)

    model = build_pipeline().fit(X_train, y_train)
    predicted = model.predict(X_test)
    precision, recall, _, support = precision_recall_fscore_support(
        y_test, predicted, labels=range(len(CLASSES)), zero_division=0
    )
    card = {
        "name": MODEL_NAME,
        "version": model_version(model),
        "trained_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "libraries": {name: package_version(name) for name in ("scikit-learn", "numpy", "skops")},
        "training": {
            "data": "scikit-learn bundled iris data (Fisher, 1936), 150 samples",
            "train_samples": len(y_train),
            "test_samples": len(y_test),
            **CONFIG,
        },
        "classes": list(CLASSES),
        "features": [
            {
                "name": f.name,
                "unit": f.unit,
                "label": f.label,
                "description": f.description,
                "min": f.min,
                "max": f.max,
                "training_min": round(float(X_train[:, i].min()), 6),
                "training_max": round(float(X_train[:, i].max()), 6),
            }
            for i, f in enumerate(FEATURES)
        ],
        "metrics": {
            "accuracy": round(float(accuracy_score(y_test, predicted)), 6),
            "cv_accuracy_mean": round(float(cv_scores.mean()), 6),
            "cv_accuracy_std": round(float(cv_scores.std()), 6),
            "per_class": {
                name: {
                    "precision": round(float(precision[i]), 6),
                    "recall": round(float(recall[i]), 6),
                    "support": int(support[i]),
                }
                for i, name in enumerate(CLASSES)
            },
            "confusion_matrix": confusion_matrix(
                y_test, predicted, labels=range(len(CLASSES))
            ).tolist(),
        },
    }
    return model, card
