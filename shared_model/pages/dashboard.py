"""The dashboard's numbers, shaped once for both apps.

Each app counts with its own ORM (Django's `annotate`, SQLAlchemy's `select`) and hands
the raw counts to `dashboard_stats_from_counts`, which fills the days without predictions,
orders the classes and computes the live accuracy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from shared_model.model.schema import CLASSES

DASHBOARD_DAYS = 30


@dataclass(frozen=True)
class DashboardStats:
    total: int
    per_class: dict[str, int]
    per_day: list[tuple[str, int]]
    feedback_count: int
    live_accuracy: float | None


def dashboard_first_day(today: date) -> date:
    """The first of the DASHBOARD_DAYS days that end today (UTC)."""
    return today - timedelta(days=DASHBOARD_DAYS - 1)


def dashboard_stats_from_counts(
    *,
    today: date,
    total: int,
    per_class: Mapping[str, int],
    per_day: Mapping[date, int],
    feedback_count: int,
    correct_count: int,
) -> DashboardStats:
    first_day = dashboard_first_day(today)
    days = [first_day + timedelta(days=offset) for offset in range(DASHBOARD_DAYS)]
    return DashboardStats(
        total=total,
        per_class={name: per_class.get(name, 0) for name in CLASSES},
        per_day=[(day.isoformat(), per_day.get(day, 0)) for day in days],
        feedback_count=feedback_count,
        live_accuracy=correct_count / feedback_count if feedback_count else None,
    )
