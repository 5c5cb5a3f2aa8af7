"""The predictor's numpy fast path gives scikit-learn's answers, and steps aside when it must."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from shared_model.model import fast_path
from shared_model.model.fast_path import ScaledSoftmax, compile_probabilities, scaled_softmax
from shared_model.model.predictor import Predictor
from shared_model.model.schema import CLASSES, FEATURE_NAMES, FEATURES
from shared_model.model.training import load_data

RANDOM_INPUTS = 10_000


def instances(matrix: np.ndarray) -> list[dict[str, float]]:
    return [dict(zip(FEATURE_NAMES, map(float, row), strict=True)) for row in matrix]


def labels(probabilities: np.ndarray, model) -> list[str]:
    return [CLASSES[int(model.classes_[i])] for i in probabilities.argmax(axis=1)]


@pytest.fixture(scope="module")
def random_valid_inputs() -> np.ndarray:
    """Valid inputs over the whole accepted range, so most lie outside the training range."""
    rng = np.random.default_rng(2024)
    low = np.array([feature.min for feature in FEATURES])
    high = np.array([feature.max for feature in FEATURES])
    return rng.uniform(low, high, size=(RANDOM_INPUTS, len(FEATURES)))


def test_the_trained_pipeline_takes_the_fast_path(predictor):
    assert predictor.fast_path
    assert isinstance(scaled_softmax(predictor.model), ScaledSoftmax)


def test_fast_path_equals_predict_proba_on_random_valid_inputs(predictor, random_valid_inputs):
    fast = scaled_softmax(predictor.model)
    expected = predictor.model.predict_proba(random_valid_inputs)
    got = fast(random_valid_inputs)
    assert np.abs(got - expected).max() <= 1e-9
    assert labels(got, predictor.model) == labels(expected, predictor.model)


def test_random_inputs_reach_both_sides_of_the_training_range(predictor, random_valid_inputs):
    warned = sum(bool(predictor.warnings_for(row)) for row in instances(random_valid_inputs[:500]))
    assert 0 < warned < 500


def test_fast_path_equals_predict_proba_on_the_iris_data(predictor):
    X, _ = load_data()
    X = np.asarray(X, dtype=float)
    fast = scaled_softmax(predictor.model)
    expected = predictor.model.predict_proba(X)
    assert np.abs(fast(X) - expected).max() <= 1e-9
    assert labels(fast(X), predictor.model) == labels(expected, predictor.model)


def test_predictions_one_by_one_match_predict_proba(predictor, random_valid_inputs):
    sample = random_valid_inputs[:300]
    expected = predictor.model.predict_proba(sample)
    for row, probs in zip(instances(sample), expected, strict=True):
        result = predictor.predict_one(row)
        by_class = dict(zip(labels(np.eye(len(CLASSES)), predictor.model), probs, strict=True))
        for name in CLASSES:
            assert result.probabilities[name] == pytest.approx(by_class[name], abs=1e-9)
        assert result.label == max(by_class, key=by_class.get)


def test_an_unknown_model_falls_back_to_predict_proba():
    X, y = load_data()
    dummy = DummyClassifier(strategy="prior").fit(X, y)
    low, high = np.zeros(4), np.ones(4)
    probabilities, fast = compile_probabilities(dummy, low, high)
    assert not fast
    assert probabilities == dummy.predict_proba


def test_a_predictor_of_an_unknown_model_still_predicts(predictor):
    X, y = load_data()
    dummy = DummyClassifier(strategy="prior").fit(X, y)
    fallback = Predictor(dummy, predictor.card)
    assert not fallback.fast_path
    result = fallback.predict_one(instances(np.asarray(X[:1], dtype=float))[0])
    assert sum(result.probabilities.values()) == pytest.approx(1.0)


def test_a_binary_logistic_regression_is_left_to_scikit_learn():
    X, y = load_data()
    keep = np.asarray(y) < 2
    binary = Pipeline([("scale", StandardScaler()), ("classify", LogisticRegression())])
    binary.fit(np.asarray(X)[keep], np.asarray(y)[keep])
    assert scaled_softmax(binary) is None


def test_a_fast_path_that_disagrees_with_the_model_is_not_used(predictor, monkeypatch):
    right = scaled_softmax(predictor.model)
    wrong = ScaledSoftmax(right.mean + 0.5, right.scale, right.coef_t, right.intercept)
    monkeypatch.setattr(fast_path, "scaled_softmax", lambda model: wrong)
    low = np.array([feature.min for feature in FEATURES])
    high = np.array([feature.max for feature in FEATURES])
    probabilities, fast = fast_path.compile_probabilities(predictor.model, low, high)
    assert not fast
    assert probabilities == predictor.model.predict_proba
