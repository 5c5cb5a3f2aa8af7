"""Demo data for `seed-demo` / `seed_demo`, the same in both apps.

Deterministic: a fixed seed picks a few hundred flowers from the iris data, jitters them
a little, spreads them over the last 30 days and gives most of them feedback with their
true class. `demo_predictions` gives the columns of their stored predictions; each app
stores them with its own ORM.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from shared_model.model.schema import CLASSES, FEATURES

if TYPE_CHECKING:
    from shared_model.model.predictor import Predictor

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-password-123"
DEMO_COUNT = 300
DEMO_DAYS = 30


@dataclass(frozen=True)
class DemoSample:
    features: dict[str, float]
    true_label: str | None
    created_at: datetime


def demo_samples(now: datetime, count: int = DEMO_COUNT, seed: int = 7) -> list[DemoSample]:
    from sklearn.datasets import load_iris

    data = load_iris()
    rng = random.Random(seed)
    samples = []
    for _ in range(count):
        index = rng.randrange(len(data.target))
        features = {}
        for position, feature in enumerate(FEATURES):
            value = data.data[index][position] + rng.uniform(-0.2, 0.2)
            features[feature.name] = round(min(feature.max, max(feature.min, value)), 1)
        true_label = CLASSES[int(data.target[index])] if rng.random() < 0.8 else None
        created_at = now - timedelta(days=rng.uniform(0, DEMO_DAYS - 1))
        samples.append(DemoSample(features, true_label, created_at))
    return sorted(samples, key=lambda sample: sample.created_at)


def demo_predictions(predictor: Predictor, now: datetime) -> list[dict]:
    """The columns of the demo predictions, all but their owner's: the samples predicted in
    one model call, each with its time and, when it has one, its feedback."""
    samples = demo_samples(now)
    results = predictor.predict_many([sample.features for sample in samples])
    return [
        {
            **result.columns(sample.features, predictor.version),
            "created_at": sample.created_at,
            "true_label": sample.true_label,
            "feedback_at": sample.created_at if sample.true_label else None,
        }
        for sample, result in zip(samples, results, strict=True)
    ]
