"""Reads: a user's API token, a prediction or an upload of theirs, their history and a page
of it, an upload's results, the dashboard's numbers; and what Django's auth reads for the
Django app: a user by username or by session token, whether a username is taken, whether a
login is locked out.

A list comes back as a `select()` statement for the caller to run, page or limit, as the
Django app's selectors return lazy QuerySets.

Django counterpart: django_app/predictions/selectors.py
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Date, Select, func, select

from shared_model.pages.dashboard import (
    DashboardStats,
    dashboard_first_day,
    dashboard_stats_from_counts,
)
from shared_model.web import throttling
from shared_model.web.paging import PAGE_SIZE, clamp_page

from .extensions import db
from .models import (
    USERNAME_MAX_LENGTH,
    ApiToken,
    LoginFailure,
    Prediction,
    Upload,
    User,
    as_utc,
    utcnow,
)


def user_get_by_username(*, username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def user_get_by_session_token(*, session_token: str) -> User | None:
    """The active user whose sessions carry `session_token` (User.get_id), or None."""
    return db.session.scalar(
        select(User).where(User.session_token == session_token, User.is_active)
    )


def username_taken(*, username: str) -> bool:
    """Whether a user has this username, in any case: names that differ only in case are
    one name to a person, as Django's sign-up form holds."""
    taken = select(User.id).where(func.lower(User.username) == username.lower())
    return db.session.scalar(taken) is not None


def api_token_for_user(*, user: User) -> ApiToken | None:
    """The user's API token (its hash and dates: the token itself is never stored), or None."""
    return db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))


def prediction_list_for_user(*, user: User) -> Select[tuple[Prediction]]:
    """The user's own predictions, newest first."""
    return (
        select(Prediction)
        .where(Prediction.user_id == user.id)
        .order_by(Prediction.created_at.desc(), Prediction.id.desc())
    )


def prediction_get_for_user(*, user: User, prediction_id: int) -> Prediction | None:
    """The user's prediction with this id, or None: another user's is not found either."""
    return db.session.scalar(
        select(Prediction).where(Prediction.id == prediction_id, Prediction.user_id == user.id)
    )


def prediction_page_for_user(*, user: User, page: str | None) -> Pagination:
    """One page of the user's history; `page` is read as `shared_model.web.paging` reads it."""
    count = db.session.scalar(
        select(func.count()).select_from(Prediction).where(Prediction.user_id == user.id)
    )
    number, _ = clamp_page(page, count)
    return db.paginate(prediction_list_for_user(user=user), page=number, per_page=PAGE_SIZE)


def upload_list_for_user(*, user: User) -> Select[tuple[Upload]]:
    """The user's own uploads, newest first."""
    return (
        select(Upload)
        .where(Upload.user_id == user.id)
        .order_by(Upload.created_at.desc(), Upload.id.desc())
    )


def upload_get_for_user(*, user: User, upload_id: int) -> Upload | None:
    """The user's upload with this id, or None: another user's is not found either."""
    return db.session.scalar(
        select(Upload).where(Upload.id == upload_id, Upload.user_id == user.id)
    )


def upload_results(*, upload: Upload) -> Select[tuple[Prediction]]:
    """An upload's predictions, in the order of the file's lines."""
    return upload.predictions.select().order_by(Prediction.upload_line)


def upload_class_counts(*, upload: Upload) -> dict[str, int]:
    """How many of an upload's flowers each class got."""
    counts = db.session.execute(
        select(Prediction.label, func.count())
        .where(Prediction.upload_id == upload.id)
        .group_by(Prediction.label)
    )
    return dict(counts.all())


def upload_count() -> int:
    """Every user's uploads: the dashboard counts them beside the predictions."""
    return db.session.scalar(select(func.count()).select_from(Upload))


def dashboard_stats() -> DashboardStats:
    """Service-wide numbers (every user's predictions): the dashboard watches the model.

    Three queries: the totals in one aggregate, the count per class, the count per day.
    """
    today = datetime.now(UTC).date()
    totals = db.session.execute(
        select(
            func.count().label("total"),
            func.count(Prediction.true_label).label("feedback_count"),
            func.count().filter(Prediction.true_label == Prediction.label).label("correct_count"),
        )
    ).one()
    per_class = db.session.execute(
        select(Prediction.label, func.count()).group_by(Prediction.label)
    ).all()
    # The UTC day: SQLite stores UTC, and PostgreSQL sessions run in UTC (see config.py).
    utc_day = func.date(Prediction.created_at, type_=Date)
    per_day = db.session.execute(
        select(utc_day, func.count())
        .where(Prediction.created_at >= datetime.combine(dashboard_first_day(today), time(), UTC))
        .group_by(utc_day)
    ).all()
    return dashboard_stats_from_counts(
        today=today,
        per_class=dict(per_class),
        per_day=dict(per_day),
        **totals._asdict(),
    )


def login_locked_out(*, username: str, address: str) -> bool:
    """Whether logins for `username` from `address` are refused now (see web.throttling)."""
    failure = db.session.scalar(
        select(LoginFailure).filter_by(username=username[:USERNAME_MAX_LENGTH], address=address)
    )
    if failure is None:
        return False
    return throttling.is_locked_out(failure.failures, as_utc(failure.last_failure_at), utcnow())
