"""Spies for the tests of both apps' services: they record calls and let them through."""

from __future__ import annotations


def count_model_calls(monkeypatch, predictor) -> list[int]:
    """Spy on `predictor.predict_many`: the list gets the row count of each call."""
    predict_many = predictor.predict_many
    calls: list[int] = []
    monkeypatch.setattr(
        predictor, "predict_many", lambda rows: calls.append(len(rows)) or predict_many(rows)
    )
    return calls
