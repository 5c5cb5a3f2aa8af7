"""What the app does: create users and sign them in and out, create predictions (one by
one, in a batch, from an uploaded file), record feedback, issue tokens, seed data.

Keyword-only functions named `<entity>_<action>`, the same names as in the Django app. Views,
the API and the CLI commands call these; none of them writes to the database itself. Each
function is one transaction: it commits what it did, or nothing.

Django counterpart: django_app/predictions/services.py
"""

from __future__ import annotations

from datetime import datetime

from flask_login import login_user, logout_user
from sqlalchemy import bindparam, case, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from shared_model.demo import DEMO_PASSWORD, DEMO_USERNAME, demo_samples
from shared_model.model.predictor import PredictionResult
from shared_model.model.schema import CLASSES
from shared_model.model.validation import validate_features, validate_instances
from shared_model.pages.csv_io import UploadRow, upload_name
from shared_model.web import throttling
from shared_model.web.tokens import generate_token, hash_token, last_use_is_stale

from .extensions import db, get_predictor
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


def _new_user(*, username: str, password: str, is_staff: bool) -> User:
    user = User(username=username, is_staff=is_staff)
    user.set_password(password)
    db.session.add(user)
    return user


def user_create(*, username: str, password: str, is_staff: bool = False) -> User:
    """A new user. Raises ValueError for an invalid or already taken username."""
    user = _new_user(username=username, password=password, is_staff=is_staff)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise ValueError(USERNAME_TAKEN) from error
    return user


def user_login(*, user: User) -> None:
    """Sign `user` in: Flask-Login's session cookie, and `last_login` noted, as Django's `login`."""
    login_user(user)
    user.last_login = utcnow()
    db.session.commit()


def user_logout(*, user: User) -> None:
    """Sign `user` out everywhere: a new session token makes every copy of the cookie name
    nobody, as Django's session flush makes its session key name nothing."""
    # Flask's session is the cookie itself: forgetting it here would leave any copy working.
    if user.is_authenticated:
        user.rotate_session_token()
        db.session.commit()
    logout_user()


def _prediction(
    *,
    user: User,
    features: dict[str, float],
    result: PredictionResult,
    model_version: str,
    **fields,
) -> Prediction:
    """An unsaved Prediction of `result`; `fields` sets the others (created_at, feedback)."""
    return Prediction(
        user=user,
        **features,
        label=result.label,
        probabilities=result.probabilities,
        warnings=result.warnings,
        model_version=model_version,
        **fields,
    )


def _prediction_row(
    *,
    user: User,
    features: dict[str, float],
    result: PredictionResult,
    model_version: str,
    created_at: datetime,
) -> dict:
    """The columns of a new prediction of `result`, as a bulk INSERT takes them."""
    return {
        "user_id": user.id,
        **features,
        "label": result.label,
        "probabilities": result.probabilities,
        "warnings": result.warnings,
        "model_version": model_version,
        "created_at": created_at,
    }


def prediction_create(*, user: User, features: dict) -> Prediction:
    """Validate one flower, predict its class and store the prediction.

    An ORM INSERT ... RETURNING, as for a batch: the row goes in as a dictionary and comes
    back as a Prediction in the session, the object `session.add` and a flush would give,
    without the unit of work's bookkeeping (sorting the flush, tracking each attribute's
    history), which costs more than the INSERT itself for one row.
    """
    features = validate_features(features)
    predictor = get_predictor()
    row = _prediction_row(
        user=user,
        features=features,
        result=predictor.predict_one(features),
        model_version=predictor.version,
        created_at=utcnow(),
    )
    prediction = db.session.scalar(insert(Prediction).returning(Prediction), [row])
    db.session.commit()
    return prediction


def prediction_batch_create(*, user: User, instances: list) -> list[dict]:
    """Validate and predict a batch in one call to the model; store all of it or nothing.

    Returns the stored rows, as dictionaries of their columns, each with its new `id`.

    A Core INSERT of the table ... RETURNING the ids: the rows go in as dictionaries, a
    thousand per statement (SQLAlchemy's "insertmanyvalues"; `Prediction._sentinel` keeps
    them in order on SQLite), and only the ids come back. The ORM's bulk INSERT of the
    class, `insert(Prediction)`, would walk each row's attributes in Python on the way in
    and build a Prediction object of each returned row, decoding its JSON columns again:
    more than half of a 1000-row request. No object is needed: the answer is the rows.
    """
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
    table = Prediction.__table__
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    ids = db.session.scalars(statement, rows).all()
    db.session.commit()
    for row, id_ in zip(rows, ids, strict=True):
        row["id"] = id_
    return rows


def upload_create(*, user: User, file_name: str, rows: list[UploadRow]) -> Upload:
    """Predict the rows of a checked file in one model call; store the upload and its
    predictions in one transaction."""
    predictor = get_predictor()
    results = predictor.predict_many([row.features for row in rows])
    now = utcnow()
    upload = Upload(user=user, name=upload_name(file_name), row_count=len(rows), created_at=now)
    db.session.add(upload)
    db.session.add_all(
        _prediction(
            user=user,
            features=row.features,
            result=result,
            model_version=predictor.version,
            created_at=now,
            upload=upload,
            upload_line=row.line,
        )
        for row, result in zip(rows, results, strict=True)
    )
    db.session.commit()
    return upload


def prediction_feedback_record(*, prediction: Prediction, true_label: str) -> Prediction:
    """Record the true class of a prediction, as its owner says it is."""
    if true_label not in CLASSES:
        raise ValueError(f"Unknown class {true_label!r}; expected one of {', '.join(CLASSES)}.")
    prediction.true_label = true_label
    prediction.feedback_at = utcnow()
    db.session.add(prediction)
    db.session.commit()
    return prediction


def api_token_issue(*, user: User) -> str:
    """A new token for `user`, replacing any old one. Only its hash is stored."""
    token = generate_token()
    old = db.session.scalar(select(ApiToken).filter_by(user_id=user.id))
    api_token = old or ApiToken(user=user)
    api_token.key_hash = hash_token(token)
    api_token.created_at = utcnow()
    api_token.last_used_at = None
    db.session.add(api_token)
    db.session.commit()
    return token


# The token check's query, built once: building a select() and its cache key anew costs a
# request more than SQLite takes to run it. The user comes as an object (the views use it),
# the token as the two columns the check needs: loading each ORM object has its price.
_ACTIVE_USER_BY_TOKEN_HASH = (
    select(User, ApiToken.id, ApiToken.last_used_at)
    .join(User.api_token)
    .where(ApiToken.key_hash == bindparam("key_hash"), User.is_active)
)


def api_token_authenticate(*, token: str | None) -> User | None:
    """The active user a token belongs to, or None; notes when the token was last used.

    One SELECT, on every request: a revoked token or a deactivated user is refused at once,
    by every worker, with nothing cached between requests.
    """
    if not token:
        return None
    found = db.session.execute(_ACTIVE_USER_BY_TOKEN_HASH, {"key_hash": hash_token(token)}).first()
    if found is None:
        return None
    user, token_id, last_used_at = found
    now = utcnow()
    # At most one write a minute: a request otherwise pays a second write transaction.
    if last_use_is_stale(last_used_at, now):
        db.session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
        db.session.commit()
    return user


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
            db.session.commit()
            return
        db.session.add(
            LoginFailure(username=username, address=address, failures=1, last_failure_at=now)
        )
        try:
            db.session.commit()
            return
        except IntegrityError:
            db.session.rollback()


def login_failures_clear(*, username: str, address: str) -> None:
    """Forget the failed logins of `username` from `address`: a successful login does this."""
    db.session.execute(
        delete(LoginFailure).where(
            LoginFailure.username == username[:USERNAME_MAX_LENGTH],
            LoginFailure.address == address,
        )
    )
    db.session.commit()


def user_unlock(*, username: str) -> int:
    """Clear the failed logins of `username` from every address; returns how many records."""
    cleared = db.session.execute(
        delete(LoginFailure).where(LoginFailure.username == username[:USERNAME_MAX_LENGTH])
    )
    db.session.commit()
    return cleared.rowcount


def demo_seed() -> int:
    """The demo staff user and the demo predictions; returns how many predictions it added.

    Idempotent: once the demo user has predictions, a second run adds nothing.
    """
    user = db.session.scalar(select(User).where(User.username == DEMO_USERNAME))
    if user is None:
        user = _new_user(username=DEMO_USERNAME, password=DEMO_PASSWORD, is_staff=True)
    elif db.session.scalar(select(user.predictions.select().exists())):
        return 0
    predictor = get_predictor()
    samples = demo_samples(utcnow())
    results = predictor.predict_many([sample.features for sample in samples])
    db.session.add_all(
        _prediction(
            user=user,
            features=sample.features,
            result=result,
            model_version=predictor.version,
            created_at=sample.created_at,
            true_label=sample.true_label,
            feedback_at=sample.created_at if sample.true_label else None,
        )
        for sample, result in zip(samples, results, strict=True)
    )
    db.session.commit()
    return len(samples)
