"""Reads that outgrew a one-line query: a user's history, a page of it, the dashboard's numbers.

Django counterpart: django_app/predictions/selectors.py
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Date, Select, case, func, select

from shared_model.http import PAGE_SIZE, clamp_page
from shared_model.schema import CLASSES

from .extensions import db
from .models import Prediction, User

DASHBOARD_DAYS = 30


def prediction_list_for_user(*, user: User) -> Select[tuple[Prediction]]:
    """The user's own predictions, newest first."""
    return (
        select(Prediction)
        .where(Prediction.user_id == user.id)
        .order_by(Prediction.created_at.desc(), Prediction.id.desc())
    )


def prediction_page_for_user(*, user: User, page: str | None) -> Pagination:
    """One page of the user's history; `page` is read as `shared_model.http.clamp_page` reads it."""
    count = db.session.scalar(
        select(func.count()).select_from(Prediction).where(Prediction.user_id == user.id)
    )
    number, _ = clamp_page(page, count)
    return db.paginate(prediction_list_for_user(user=user), page=number, per_page=PAGE_SIZE)


@dataclass(frozen=True)
class DashboardStats:
    total: int
    per_class: dict[str, int]
    per_day: list[tuple[str, int]]
    feedback_count: int
    live_accuracy: float | None


def dashboard_stats() -> DashboardStats:
    """Service-wide numbers (every user's predictions): the dashboard watches the model."""
    total, feedback_count, correct = db.session.execute(
        select(
            func.count(),
            func.count(Prediction.true_label),
            func.coalesce(func.sum(case((Prediction.true_label == Prediction.label, 1))), 0),
        ).select_from(Prediction)
    ).one()
    counted = db.session.execute(
        select(Prediction.label, func.count()).group_by(Prediction.label)
    ).all()
    per_class = dict.fromkeys(CLASSES, 0) | dict(counted)

    today = datetime.now(UTC).date()
    first_day = today - timedelta(days=DASHBOARD_DAYS - 1)
    # The UTC day: SQLite stores UTC, and PostgreSQL sessions run in UTC (see config.py).
    utc_day = func.date(Prediction.created_at, type_=Date)
    daily = db.session.execute(
        select(utc_day, func.count())
        .where(Prediction.created_at >= datetime.combine(first_day, time(), UTC))
        .group_by(utc_day)
    ).all()
    by_day = dict(daily)
    days = [first_day + timedelta(days=offset) for offset in range(DASHBOARD_DAYS)]
    per_day = [(day.isoformat(), by_day.get(day, 0)) for day in days]

    return DashboardStats(
        total=total,
        per_class=per_class,
        per_day=per_day,
        feedback_count=feedback_count,
        live_accuracy=correct / feedback_count if feedback_count else None,
    )
