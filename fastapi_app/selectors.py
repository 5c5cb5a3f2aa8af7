"""Reads: a page of a user's predictions.

Django counterpart: django_app/predictions/selectors.py; Flask counterpart:
flask_app/selectors.py
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared_model.web.paging import PAGE_SIZE, clamp_page

from .models import Prediction, User


@dataclass(frozen=True)
class PredictionPage:
    count: int
    page: int
    pages: int
    predictions: list[Prediction]


def prediction_page_for_user(*, session: Session, user: User, page: str | None) -> PredictionPage:
    """Page `page` (an integer of at least 1, or None for the first) of the user's
    predictions, newest first; one past the last page is the last page, as the OpenAPI
    document says."""
    count = session.scalar(
        select(func.count()).select_from(Prediction).where(Prediction.user_id == user.id)
    )
    page, pages = clamp_page(page, count)
    predictions = session.scalars(
        select(Prediction)
        .where(Prediction.user_id == user.id)
        .order_by(Prediction.created_at.desc(), Prediction.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return PredictionPage(count=count, page=page, pages=pages, predictions=list(predictions))
