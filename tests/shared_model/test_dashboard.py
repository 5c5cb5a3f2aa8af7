"""The dashboard's numbers from raw counts: every class, every day, live accuracy."""

from __future__ import annotations

from datetime import date

from shared_model.model.schema import CLASSES
from shared_model.pages.dashboard import (
    DASHBOARD_DAYS,
    dashboard_first_day,
    dashboard_stats_from_counts,
)

TODAY = date(2026, 11, 25)


def stats(**counts):
    defaults = {
        "today": TODAY,
        "total": 0,
        "per_class": {},
        "per_day": {},
        "feedback_count": 0,
        "correct_count": 0,
    }
    return dashboard_stats_from_counts(**(defaults | counts))


def test_every_class_is_listed_in_schema_order_even_without_predictions():
    result = stats(total=3, per_class={"virginica": 3})
    assert result.per_class == {"setosa": 0, "versicolor": 0, "virginica": 3}
    assert list(result.per_class) == list(CLASSES)


def test_every_day_of_the_window_is_listed_oldest_first():
    first = dashboard_first_day(TODAY)
    result = stats(per_day={TODAY: 4, first: 2})
    assert len(result.per_day) == DASHBOARD_DAYS
    assert result.per_day[0] == (first.isoformat(), 2)
    assert result.per_day[-1] == ("2026-11-25", 4)
    assert sum(count for _, count in result.per_day) == 6


def test_live_accuracy_is_the_share_of_feedback_that_agreed():
    assert stats(feedback_count=8, correct_count=6).live_accuracy == 0.75


def test_live_accuracy_without_feedback_is_unknown():
    assert stats().live_accuracy is None
