"""How fast the shared model loads and predicts: `python -m benchmarks.model`.

Prints the median of several runs for: importing and loading the predictor in a fresh
process, one prediction, and a 1000-instance batch in one vectorised call; then the
predictor's numpy fast path against scikit-learn's `predict_proba`, per single call.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

import numpy as np

from shared_model.model.predictor import Predictor
from shared_model.model.schema import FEATURE_NAMES, MAX_BATCH_SIZE
from shared_model.model.validation import validate_instances

FLOWER = {"sepal_length": 5.9, "sepal_width": 3.0, "petal_length": 5.1, "petal_width": 1.8}
LOAD_SNIPPET = (
    "import time; t = time.perf_counter(); "
    "from shared_model.model.predictor import Predictor; Predictor.load(); "
    "print(time.perf_counter() - t)"
)


def median_seconds(action, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def cold_load_seconds(repeat: int = 3) -> float:
    runs = [
        float(subprocess.check_output([sys.executable, "-c", LOAD_SNIPPET], text=True))
        for _ in range(repeat)
    ]
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one cold load instead of three")
    args = parser.parse_args()
    predictor = Predictor.load()
    batch = [FLOWER] * MAX_BATCH_SIZE
    one = median_seconds(lambda: predictor.predict_one(FLOWER), 200)
    many = median_seconds(lambda: predictor.predict_many(batch), 20)
    validate = median_seconds(lambda: validate_instances(batch), 20)
    print(f"model {predictor.name} {predictor.version}, held-out accuracy {predictor.accuracy:.3f}")
    cold = cold_load_seconds(1 if args.quick else 3)
    print(f"load (fresh process, imports included): {cold * 1000:8.1f} ms")
    warm = median_seconds(Predictor.load, 5)
    print(f"load (warm, artifact only):             {warm * 1000:8.1f} ms")
    print(f"one prediction:                         {one * 1e6:8.1f} µs")
    print(f"batch of {MAX_BATCH_SIZE} (one call):                {many * 1000:8.1f} ms")
    print(f"validating a batch of {MAX_BATCH_SIZE}:              {validate * 1000:8.1f} ms")
    fast_path_versus_predict_proba(predictor)


def fast_path_versus_predict_proba(predictor: Predictor) -> None:
    """The same probabilities, one row and a thousand, with and without scikit-learn."""
    print(f"fast path in use: {predictor.fast_path}")
    for rows in (1, MAX_BATCH_SIZE):
        matrix = np.tile([[FLOWER[name] for name in FEATURE_NAMES]], (rows, 1))
        repeat = 2000 if rows == 1 else 200
        sklearn = median_seconds(lambda m=matrix: predictor.model.predict_proba(m), repeat)
        numpy = median_seconds(lambda m=matrix: predictor.probabilities(m), repeat)
        print(
            f"{rows:5} row(s): predict_proba {sklearn * 1e6:8.1f} µs, "
            f"fast path {numpy * 1e6:8.1f} µs, {sklearn / numpy:5.1f}x faster"
        )


if __name__ == "__main__":
    main()
