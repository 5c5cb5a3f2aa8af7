"""The trained pipeline's probabilities computed with numpy from its fitted parameters.

`Pipeline(StandardScaler, LogisticRegression).predict_proba` spends most of its time
checking its input (about 0.3 ms a call, whatever the row count); the arithmetic itself is
a subtraction, a division, one matrix product and a softmax, a few microseconds in numpy.
`compile_probabilities(model)` reads the fitted parameters of a pipeline it recognises and
returns a function doing only that arithmetic, in the order scikit-learn does it. For any
other model it returns the model's own `predict_proba`, so an unknown model still predicts,
only without the fast path.

Both apps reach this through `shared_model.model.predictor.Predictor`; it has no twin.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Probabilities = Callable[[np.ndarray], np.ndarray]

# Agreement required between the fast path and predict_proba on the probe inputs below;
# anything worse means the parameters were not read the way scikit-learn uses them.
TOLERANCE = 1e-12


@dataclass(frozen=True)
class ScaledSoftmax:
    """softmax(((X - mean) / scale) @ coef.T + intercept): a multinomial logistic regression
    behind a standard scaler."""

    mean: np.ndarray
    scale: np.ndarray
    coef_t: np.ndarray
    intercept: np.ndarray

    def __call__(self, matrix: np.ndarray) -> np.ndarray:
        scores = ((matrix - self.mean) / self.scale) @ self.coef_t + self.intercept
        # Shifted by the row maximum before exp, as scikit-learn's softmax does: no overflow.
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores


def scaled_softmax(model) -> ScaledSoftmax | None:
    """The numpy form of `model`, or None when it is not a pipeline this module knows."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    if not isinstance(model, Pipeline) or len(model.steps) != 2:
        return None
    (_, scaler), (_, classifier) = model.steps
    if type(scaler) is not StandardScaler or type(classifier) is not LogisticRegression:
        return None
    # Binary problems use a one-column sigmoid, and one-vs-rest its own normalisation:
    # only the multinomial softmax over three or more classes is computed here.
    multinomial = getattr(classifier, "multi_class", "auto") in ("auto", "multinomial")
    if not multinomial or classifier.solver == "liblinear" or len(classifier.classes_) < 3:
        return None
    features = classifier.coef_.shape[1]
    mean = scaler.mean_ if scaler.with_mean else np.zeros(features)
    scale = scaler.scale_ if scaler.with_std else np.ones(features)
    return ScaledSoftmax(
        mean=np.array(mean, dtype=np.float64),
        scale=np.array(scale, dtype=np.float64),
        coef_t=np.ascontiguousarray(classifier.coef_.T, dtype=np.float64),
        intercept=np.array(classifier.intercept_, dtype=np.float64),
    )


def probe_inputs(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Inputs inside and well outside a box: the corners, the centre and random points."""
    rng = np.random.default_rng(0)
    width = high - low
    spread = rng.uniform(low - width, high + width, size=(64, len(low)))
    return np.vstack([low, high, (low + high) / 2, spread])


def compile_probabilities(model, low: np.ndarray, high: np.ndarray) -> tuple[Probabilities, bool]:
    """(function from an input matrix to class probabilities, whether it is the fast path).

    The fast path is checked against `predict_proba` once, on inputs around the box
    [low, high]; a model it does not know, or one it disagrees with, keeps `predict_proba`.
    """
    fast = scaled_softmax(model)
    if fast is None:
        return model.predict_proba, False
    probes = probe_inputs(low, high)
    if not np.allclose(fast(probes), model.predict_proba(probes), rtol=0, atol=TOLERANCE):
        return model.predict_proba, False
    return fast, True
