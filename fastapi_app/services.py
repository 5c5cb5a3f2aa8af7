"""What the app does: create users, issue and check API tokens, create predictions (one by
one and in a batch), seed the demo data.

Keyword-only functions named `<entity>_<action>`, the same names as in the other two apps.
The API and the commands call these; neither writes to the database itself. Each function that
writes is one `transaction(session)`: it commits what it did, or nothing, and inside another
transaction (idempotency.py's) it is part of that one. What the other apps find in a global
(Flask's `db.session`, Django's connection) comes here as an argument: the request's session
and the predictor, which FastAPI's dependencies hand to each endpoint.

Django counterpart: django_app/predictions/services.py; Flask counterpart: flask_app/services.py
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shared_model.demo import DEMO_PASSWORD, DEMO_USERNAME, demo_predictions
from shared_model.model.predictor import PredictionResult, Predictor
from shared_model.model.validation import validate_features, validate_instances
from shared_model.web.tokens import generate_token, hash_token, last_use_is_stale

from .database import transaction
from .models import USERNAME_TAKEN, ApiToken, Prediction, User, utcnow


def user_create(*, session: Session, username: str, password: str, is_staff: bool = False) -> User:
    """A new user. Raises ValueError for an invalid or already taken username."""
    with transaction(session):
        user = User(username=username, is_staff=is_staff)
        user.set_password(password)
        session.add(user)
        try:
            # The unique index tells a taken username, as in the Flask app.
            session.flush()
        except IntegrityError as error:
            raise ValueError(USERNAME_TAKEN) from error
    return user


def _prediction_row(
    *,
    user: User,
    features: dict[str, float],
    result: PredictionResult,
    model_version: str,
    **columns,
) -> dict:
    """The columns of a new prediction of `result`; `columns` sets the others (created_at)."""
    return {"user_id": user.id, **result.columns(features, model_version), **columns}


def prediction_create(
    *, session: Session, predictor: Predictor, user: User, features: dict
) -> Prediction:
    """Validate one flower, predict its class and store the prediction."""
    features = validate_features(features)
    prediction = Prediction(
        **_prediction_row(
            user=user,
            features=features,
            result=predictor.predict_one(features),
            model_version=predictor.version,
        )
    )
    with transaction(session):
        session.add(prediction)
        # The INSERT now: the id is known inside a larger transaction, as in the Flask app.
        session.flush()
    return prediction


def _insert_rows(session: Session, rows: list[dict]) -> list[int]:
    """Store many new predictions, given as rows of their columns; returns their ids, in order.

    One prediction goes in as a Prediction object (`session.add`), many as rows: a Core
    INSERT of the table, a thousand rows a statement (SQLAlchemy's "insertmanyvalues";
    `Prediction._sentinel` keeps them in order on SQLite), that returns only the new ids.
    The session's unit of work would build and track a Prediction object for every row in
    Python, which costs more than the INSERT itself; so a batch comes back as
    StoredPrediction records, as in the Flask app.
    """
    table = Prediction.__table__
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return session.scalars(statement, rows).all()


@dataclass(slots=True)
class StoredPrediction:
    """A prediction of a batch as stored: the columns the API answers with, read as a
    Prediction's are (see `_insert_rows`)."""

    id: int
    label: str
    probabilities: dict[str, float]
    warnings: list[dict]
    model_version: str
    created_at: datetime


def prediction_batch_create(
    *, session: Session, predictor: Predictor, user: User, instances: list
) -> list[StoredPrediction]:
    """Validate and predict a batch in one call to the model; store all of it or nothing."""
    instances = validate_instances(instances)
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
    with transaction(session):
        ids = _insert_rows(session, rows)
    return [
        StoredPrediction(
            id_, row["label"], row["probabilities"], row["warnings"], predictor.version, now
        )
        for id_, row in zip(ids, rows, strict=True)
    ]


def api_token_issue(*, session: Session, user: User) -> str:
    """A new token for `user`, replacing any old one. Only its hash is stored."""
    token = generate_token()
    with transaction(session):
        found = session.scalar(select(ApiToken).filter_by(user_id=user.id))
        api_token = found or ApiToken(user=user)
        api_token.key_hash = hash_token(token)
        api_token.created_at = utcnow()
        api_token.last_used_at = None
        session.add(api_token)
    return token


# The token check's query, built once (building a select() costs a request more than SQLite
# takes to run it): the user as an object, the token as the two columns the check needs.
_ACTIVE_USER_BY_TOKEN_HASH = (
    select(User, ApiToken.id, ApiToken.last_used_at)
    .join(User.api_token)
    .where(ApiToken.key_hash == bindparam("key_hash"), User.is_active)
)


def api_token_authenticate(*, session: Session, token: str | None) -> User | None:
    """The active user a token belongs to, or None; notes when the token was last used.

    One SELECT, on every request: a revoked token or a deactivated user is refused at once,
    by every worker, with nothing cached between requests.
    """
    if not token:
        return None
    found = session.execute(_ACTIVE_USER_BY_TOKEN_HASH, {"key_hash": hash_token(token)}).first()
    if found is None:
        return None
    user, token_id, last_used_at = found
    now = utcnow()
    # At most one write a minute: a request otherwise pays a second write transaction.
    if last_use_is_stale(last_used_at, now):
        with transaction(session):
            session.execute(
                update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now)
            )
    return user


def demo_seed(*, session: Session, predictor: Predictor) -> int:
    """The demo staff user and the demo predictions; returns how many predictions it added.

    Idempotent: once the demo user has predictions, a second run adds nothing.
    """
    with transaction(session):
        user = session.scalar(select(User).where(User.username == DEMO_USERNAME))
        if user is None:
            user = user_create(
                session=session, username=DEMO_USERNAME, password=DEMO_PASSWORD, is_staff=True
            )
        elif session.scalar(select(select(Prediction).filter_by(user_id=user.id).exists())):
            return 0
        rows = [
            {"user_id": user.id, **columns} for columns in demo_predictions(predictor, utcnow())
        ]
        _insert_rows(session, rows)
    return len(rows)
