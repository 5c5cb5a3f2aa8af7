"""Reads: a user's API token, a prediction or an upload of theirs, their history and a page
of it, an upload's results, the dashboard's numbers; a user by username. (What Django's auth
reads for itself, the Flask app's selectors write out.)

Flask counterpart: flask_app/selectors.py
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from shared_model.pages.dashboard import (
    DashboardStats,
    dashboard_first_day,
    dashboard_stats_from_counts,
)
from shared_model.web.paging import PAGE_SIZE, clamp_page

from .models import ApiToken, Prediction, Upload

User = get_user_model()


def user_get_by_username(*, username: str) -> User | None:
    return User.objects.filter(username=username).first()


def api_token_for_user(*, user: User) -> ApiToken | None:
    """The user's API token (its hash and dates: the token itself is never stored), or None."""
    return ApiToken.objects.filter(user=user).first()


def prediction_list_for_user(*, user: User) -> QuerySet[Prediction]:
    """The user's own predictions, newest first."""
    return Prediction.objects.filter(user=user).order_by("-created_at", "-id")


def prediction_get_for_user(*, user: User, prediction_id: int) -> Prediction | None:
    """The user's prediction with this id, or None: another user's is not found either."""
    return Prediction.objects.filter(pk=prediction_id, user=user).first()


def prediction_page_for_user(*, user: User, page: str | None) -> Page:
    """One page of the user's history; `page` is read as `shared_model.web.paging` reads it."""
    paginator = Paginator(prediction_list_for_user(user=user), PAGE_SIZE)
    number, _ = clamp_page(page, paginator.count)
    return paginator.page(number)


def upload_list_for_user(*, user: User) -> QuerySet[Upload]:
    """The user's own uploads, newest first."""
    return Upload.objects.filter(user=user).order_by("-created_at", "-id")


def upload_get_for_user(*, user: User, upload_id: int) -> Upload | None:
    """The user's upload with this id, or None: another user's is not found either."""
    return Upload.objects.filter(pk=upload_id, user=user).first()


def upload_results(*, upload: Upload) -> QuerySet[Prediction]:
    """An upload's predictions, in the order of the file's lines."""
    return upload.predictions.order_by("upload_line")


def upload_class_counts(*, upload: Upload) -> dict[str, int]:
    """How many of an upload's flowers each class got."""
    counts = upload.predictions.values("label").annotate(count=Count("id"))
    return {row["label"]: row["count"] for row in counts}


def upload_count() -> int:
    """Every user's uploads: the dashboard counts them beside the predictions."""
    return Upload.objects.count()


def dashboard_stats() -> DashboardStats:
    """Service-wide numbers (every user's predictions): the dashboard watches the model.

    Three queries: the totals in one aggregate, the count per class, the count per day.
    """
    predictions = Prediction.objects.all()
    today = timezone.now().date()
    totals = predictions.aggregate(
        total=Count("id"),
        feedback_count=Count("true_label"),
        correct_count=Count("id", filter=Q(true_label=F("label"))),
    )
    per_class = predictions.values("label").annotate(count=Count("id"))
    per_day = (
        predictions.annotate(day=TruncDate("created_at"))
        .filter(day__gte=dashboard_first_day(today))
        .values("day")
        .annotate(count=Count("id"))
    )
    return dashboard_stats_from_counts(
        today=today,
        per_class={row["label"]: row["count"] for row in per_class},
        per_day={row["day"]: row["count"] for row in per_day},
        **totals,
    )
