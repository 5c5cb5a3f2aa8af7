"""Reads that outgrew a one-line query: a user's history, a page of it, the dashboard's numbers.

Flask counterpart: flask_app/selectors.py
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, F
from django.db.models.functions import TruncDate
from django.utils import timezone

from shared_model.http import PAGE_SIZE, clamp_page
from shared_model.schema import CLASSES

from .models import Prediction

DASHBOARD_DAYS = 30


def prediction_list_for_user(*, user):
    """The user's own predictions, newest first."""
    return Prediction.objects.filter(user=user).order_by("-created_at", "-id")


def prediction_page_for_user(*, user, page: str | None) -> Page:
    """One page of the user's history; `page` is read as `shared_model.http.clamp_page` reads it."""
    paginator = Paginator(prediction_list_for_user(user=user), PAGE_SIZE)
    number, _ = clamp_page(page, paginator.count)
    return paginator.page(number)


@dataclass(frozen=True)
class DashboardStats:
    total: int
    per_class: dict[str, int]
    per_day: list[tuple[str, int]]
    feedback_count: int
    live_accuracy: float | None


def dashboard_stats() -> DashboardStats:
    """Service-wide numbers (every user's predictions): the dashboard watches the model."""
    predictions = Prediction.objects.all()
    counted = predictions.values("label").annotate(count=Count("id"))
    per_class = dict.fromkeys(CLASSES, 0) | {row["label"]: row["count"] for row in counted}

    today = timezone.now().date()
    first_day = today - timedelta(days=DASHBOARD_DAYS - 1)
    daily = (
        predictions.annotate(day=TruncDate("created_at"))
        .filter(day__gte=first_day)
        .values("day")
        .annotate(count=Count("id"))
    )
    by_day = {row["day"]: row["count"] for row in daily}
    days = [first_day + timedelta(days=offset) for offset in range(DASHBOARD_DAYS)]
    per_day = [(day.isoformat(), by_day.get(day, 0)) for day in days]

    with_feedback = predictions.filter(true_label__isnull=False)
    feedback_count = with_feedback.count()
    correct = with_feedback.filter(true_label=F("label")).count()
    return DashboardStats(
        total=predictions.count(),
        per_class=per_class,
        per_day=per_day,
        feedback_count=feedback_count,
        live_accuracy=correct / feedback_count if feedback_count else None,
    )
