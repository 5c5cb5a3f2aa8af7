"""What the app does: create users and sign them in and out, create predictions (one by
one, in a batch, from an uploaded file), record feedback, issue tokens, manage accounts,
seed data.

Keyword-only functions named `<entity>_<action>`, the same names as in the Django app. Views,
the API, the admin and the CLI commands call these; none of them writes to the database
itself. Each function that writes is one `transaction()`: it commits what it did, or
nothing, and inside another service's transaction it is part of that one.

Django counterpart: django_app/predictions/services.py
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_login import login_user, logout_user
from sqlalchemy import bindparam, case, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import load_only

from shared_model.demo import DEMO_PASSWORD, DEMO_USERNAME, demo_predictions
from shared_model.model.predictor import PredictionResult
from shared_model.model.validation import validate_class, validate_features, validate_instances
from shared_model.pages.csv_io import UploadRow, upload_name
from shared_model.web import throttling
from shared_model.web.tokens import generate_token, hash_token, last_use_is_stale

from . import selectors
from .extensions import db, get_predictor, transaction
from .models import (
    USERNAME_MAX_LENGTH,
    USERNAME_TAKEN,
    ApiToken,
    LoginFailure,
    Prediction,
    Upload,
    User,
    utcnow,
)


@transaction()
def user_create(*, username: str, password: str, is_staff: bool = False) -> User:
    """A new user. Raises ValueError for an invalid or already taken username."""
    user = User(username=username, is_staff=is_staff)
    user.set_password(password)
    db.session.add(user)
    try:
        # The unique index tells a taken username (Django's `full_clean` asks with a query).
        db.session.flush()
    except IntegrityError as error:
        raise ValueError(USERNAME_TAKEN) from error
    return user


@transaction()
def user_login(*, user: User) -> None:
    """Sign `user` in: Flask-Login's session cookie, and `last_login` noted, as Django's `login`."""
    login_user(user)
    user.last_login = utcnow()


def user_logout(*, user: User) -> None:
    """Sign `user` out everywhere: a new session token makes every copy of the cookie name
    nobody, as Django's session flush makes its session key name nothing."""
    # Flask's session is the cookie itself: forgetting it here would leave any copy working.
    if user.is_authenticated:
        with transaction():
            user.rotate_session_token()
    logout_user()


@transaction()
def user_set_active(*, user_ids: list[int], is_active: bool) -> int:
    """Activate or deactivate the users with these ids (Flask-Admin's actions get the rows'
    ids); returns how many there were."""
    # User by user, not one UPDATE: setting the flag on each object gives it a new session
    # token (see User.validate_is_active), so a deactivated user is signed out everywhere.
    users = db.session.scalars(select(User).where(User.id.in_(user_ids))).all()
    for user in users:
        user.is_active = is_active
    return len(users)


def _prediction_row(
    *,
    user: User,
    features: dict[str, float],
    result: PredictionResult,
    model_version: str,
    **columns,
) -> dict:
    """The columns of a new prediction of `result`; `columns` sets the others (created_at,
    feedback, upload)."""
    return {"user_id": user.id, **result.columns(features, model_version), **columns}


def _insert_predictions(rows: list[dict]) -> list[int]:
    """Store new predictions, given as rows of their columns; returns their ids, in order.

    One prediction goes in as a Prediction object (`session.add`), many as rows: a Core
    INSERT of the table, a thousand rows a statement (SQLAlchemy's "insertmanyvalues";
    `Prediction._sentinel` keeps them in order on SQLite), that returns only the new ids.
    The session's unit of work, or the ORM's bulk INSERT of the class, would build and track
    a Prediction object for every row in Python, which costs more than the INSERT itself;
    so a batch comes back as StoredPrediction records, not Prediction objects.
    """
    table = Prediction.__table__
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return db.session.scalars(statement, rows).all()


@transaction()
def prediction_create(*, user: User, features: dict) -> Prediction:
    """Validate one flower, predict its class and store the prediction."""
    features = validate_features(features)
    predictor = get_predictor()
    prediction = Prediction(
        **_prediction_row(
            user=user,
            features=features,
            result=predictor.predict_one(features),
            model_version=predictor.version,
        )
    )
    db.session.add(prediction)
    # The INSERT now, as Django's `save` does it: the id is known inside a larger transaction.
    db.session.flush()
    return prediction


@dataclass(slots=True)
class StoredPrediction:
    """A prediction of a batch as stored: the columns the API answers with, read as a
    Prediction's are (see `_insert_predictions`)."""

    id: int
    label: str
    probabilities: dict[str, float]
    warnings: list[dict]
    model_version: str
    created_at: datetime


@transaction()
def prediction_batch_create(*, user: User, instances: list) -> list[StoredPrediction]:
    """Validate and predict a batch in one call to the model; store all of it or nothing."""
    instances = validate_instances(instances)
    predictor = get_predictor()
    results = predictor.predict_many(instances)
    now = utcnow()
    rows = [
        _prediction_row(
            user=user,
            features=features,
            result=result,
            model_version=predictor.version,
            created_at=now,
        )
        for features, result in zip(instances, results, strict=True)
    ]
    ids = _insert_predictions(rows)
    return [
        StoredPrediction(
            id_, row["label"], row["probabilities"], row["warnings"], predictor.version, now
        )
        for id_, row in zip(ids, rows, strict=True)
    ]


def upload_create(*, user: User, file_name: str, rows: list[UploadRow]) -> Upload:
    """Predict the rows of a checked file in one model call; store the upload and its
    predictions in one transaction."""
    predictor = get_predictor()
    results = predictor.predict_many([row.features for row in rows])
    now = utcnow()
    with transaction():
        upload = Upload(user=user, name=upload_name(file_name), row_count=len(rows), created_at=now)
        db.session.add(upload)
        # Its INSERT now, as Django's `create` does it: the predictions need its id.
        db.session.flush()
        _insert_predictions(
            [
                _prediction_row(
                    user=user,
                    features=row.features,
                    result=result,
                    model_version=predictor.version,
                    created_at=now,
                    upload_id=upload.id,
                    upload_line=row.line,
                )
                for row, result in zip(rows, results, strict=True)
            ]
        )
    return upload


@transaction()
def prediction_feedback_record(*, prediction: Prediction, true_label: str) -> Prediction:
    """Record the true class of a prediction, as its owner says it is."""
    prediction.true_label = validate_class(true_label)
    prediction.feedback_at = utcnow()
    db.session.add(prediction)
    return prediction


@transaction()
def api_token_issue(*, user: User) -> str:
    """A new token for `user`, replacing any old one. Only its hash is stored."""
    token = generate_token()
    api_token = selectors.api_token_for_user(user=user) or ApiToken(user=user)
    api_token.key_hash = hash_token(token)
    api_token.created_at = utcnow()
    api_token.last_used_at = None
    db.session.add(api_token)
    return token


# The token check's query, built once; each request runs it anew. The API reads only the
# owner's id: the owner is loaded with that column alone (any other loads when read).
_ACTIVE_TOKENS = (
    select(ApiToken.id, ApiToken.last_used_at, User)
    .join(ApiToken.user)
    .options(load_only(User.id))
    .where(ApiToken.key_hash == bindparam("key_hash"), User.is_active)
)


def api_token_authenticate(*, token: str | None) -> User | None:
    """The active user a token belongs to, or None; notes when the token was last used.

    One SELECT, on every request: a revoked token or a deactivated user is refused at once,
    by every worker, with nothing cached between requests.
    """
    if not token:
        return None
    found = db.session.execute(_ACTIVE_TOKENS, {"key_hash": hash_token(token)}).first()
    if found is None:
        return None
    token_id, last_used_at, user = found
    now = utcnow()
    # At most one write a minute: a request otherwise pays a second write transaction.
    if last_use_is_stale(last_used_at, now):
        with transaction():
            db.session.execute(
                update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now)
            )
    return user


@transaction()
def login_failure_record(*, username: str, address: str) -> None:
    """Count one failed login of `username` from `address` (a refused attempt counts too).

    One UPDATE that adds one, or starts again at one when the last failure is older than the
    lockout, so that concurrent failures from several workers are all counted; the first
    failure of a pair inserts its row (and a concurrent first failure then updates it).
    """
    username = username[:USERNAME_MAX_LENGTH]
    now = utcnow()
    pair = (LoginFailure.username == username) & (LoginFailure.address == address)
    for _ in range(2):
        counted = db.session.execute(
            update(LoginFailure)
            .where(pair)
            .values(
                failures=case(
                    (LoginFailure.last_failure_at <= now - throttling.LOCKOUT, 1),
                    else_=LoginFailure.failures + 1,
                ),
                last_failure_at=now,
            )
        )
        if counted.rowcount:
            return
        try:
            # A savepoint: if another worker's first failure inserted the row meanwhile,
            # only this INSERT is undone, and the next round counts on that row.
            with db.session.begin_nested():
                db.session.add(
                    LoginFailure(
                        username=username, address=address, failures=1, last_failure_at=now
                    )
                )
            return
        except IntegrityError:
            continue


@transaction()
def login_failures_clear(*, username: str, address: str) -> None:
    """Forget the failed logins of `username` from `address`: a successful login does this."""
    db.session.execute(
        delete(LoginFailure).where(
            LoginFailure.username == username[:USERNAME_MAX_LENGTH],
            LoginFailure.address == address,
        )
    )


@transaction()
def user_unlock(*, username: str) -> int:
    """Clear the failed logins of `username` from every address; returns how many records."""
    cleared = db.session.execute(
        delete(LoginFailure).where(LoginFailure.username == username[:USERNAME_MAX_LENGTH])
    )
    return cleared.rowcount


@transaction()
def demo_seed() -> int:
    """The demo staff user and the demo predictions; returns how many predictions it added.

    Idempotent: once the demo user has predictions, a second run adds nothing.
    """
    user = selectors.user_get_by_username(username=DEMO_USERNAME)
    if user is None:
        user = user_create(username=DEMO_USERNAME, password=DEMO_PASSWORD, is_staff=True)
    elif db.session.scalar(select(user.predictions.select().exists())):
        return 0
    rows = [
        {"user_id": user.id, **columns} for columns in demo_predictions(get_predictor(), utcnow())
    ]
    _insert_predictions(rows)
    return len(rows)
