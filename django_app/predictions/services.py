"""What the app does: create users and sign them in and out, create predictions (one by
one, in a batch, from an uploaded file), record feedback, issue tokens, manage accounts,
seed data.

Keyword-only functions named `<entity>_<action>`, the same names as in the Flask app. Views,
the API, the admin and the management commands call these; none of them writes to the
database itself. Each function that writes is one transaction: a single query commits by
itself, several run in `transaction.atomic`, and inside another service's transaction it
is part of that one.

Flask counterpart: flask_app/services.py
"""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from shared_model.demo import DEMO_PASSWORD, DEMO_USERNAME, demo_predictions
from shared_model.model.predictor import PredictionResult, get_predictor
from shared_model.model.validation import validate_class, validate_features, validate_instances
from shared_model.pages.csv_io import UploadRow, upload_name
from shared_model.web.tokens import generate_token, hash_token, last_use_is_stale

from . import selectors
from .models import ApiToken, Prediction, Upload

User = get_user_model()

DATA_ADMINS_GROUP = "Data admins"
BULK_BATCH_SIZE = 500
# (app label, codename): what a staff user needs to run the data admin.
DATA_ADMIN_PERMISSIONS = [
    ("predictions", "view_prediction"),
    ("predictions", "view_upload"),
    ("auth", "view_user"),
    ("auth", "change_user"),
    # The login lockouts: see them, and clear one by deleting its record.
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
]


def data_admins_group() -> Group:
    """The group that gives staff users the data admin's permissions."""
    group, _ = Group.objects.get_or_create(name=DATA_ADMINS_GROUP)
    wanted = Q()
    for app_label, codename in DATA_ADMIN_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.set(Permission.objects.filter(wanted))
    return group


@transaction.atomic
def user_create(*, username: str, password: str, is_staff: bool = False) -> User:
    """A new user; a staff user joins the data admins. Raises ValidationError if invalid."""
    user = User(username=username, is_staff=is_staff)
    user.set_password(password)
    user.full_clean()
    user.save()
    if is_staff:
        user.groups.add(data_admins_group())
    return user


def user_login(*, request: HttpRequest, user: User) -> None:
    """Sign `user` in: a new session, and `last_login` noted (Django's `login`).

    The backend is named for a user who did not come through `authenticate` (a new sign-up):
    django-axes' backend stands first and authenticates nobody."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")


def user_logout(*, request: HttpRequest) -> None:
    """Sign the user out: the session is flushed from the database, so no copy of its cookie
    signs in again (Django's `logout`)."""
    logout(request)


def user_set_active(*, users: QuerySet[User], is_active: bool) -> int:
    """Activate or deactivate `users` (the admin's actions get a QuerySet); returns how many
    there were."""
    # One UPDATE: Django's ModelBackend refuses an inactive user's session at its next request.
    return users.update(is_active=is_active)


def _prediction(
    *,
    user: User,
    features: dict[str, float],
    result: PredictionResult,
    model_version: str,
    **columns,
) -> Prediction:
    """An unsaved Prediction of `result`; `columns` sets the others (created_at, feedback,
    upload)."""
    return Prediction(user=user, **result.columns(features, model_version), **columns)


def prediction_create(*, user: User, features: dict) -> Prediction:
    """Validate one flower, predict its class and store the prediction."""
    features = validate_features(features)
    predictor = get_predictor()
    prediction = _prediction(
        user=user,
        features=features,
        result=predictor.predict_one(features),
        model_version=predictor.version,
    )
    prediction.save()
    return prediction


def prediction_batch_create(*, user: User, instances: list) -> list[Prediction]:
    """Validate and predict a batch in one call to the model; store all of it or nothing."""
    instances = validate_instances(instances)
    predictor = get_predictor()
    results = predictor.predict_many(instances)
    now = timezone.now()
    predictions = [
        _prediction(
            user=user,
            features=features,
            result=result,
            model_version=predictor.version,
            created_at=now,
        )
        for features, result in zip(instances, results, strict=True)
    ]
    # One prediction is saved (`save`), many created in bulk: one INSERT per BULK_BATCH_SIZE
    # rows (SQLite's variable limit may cut that smaller), in one transaction, without a
    # `save` and its signals for every row.
    return Prediction.objects.bulk_create(predictions, batch_size=BULK_BATCH_SIZE)


def upload_create(*, user: User, file_name: str, rows: list[UploadRow]) -> Upload:
    """Predict the rows of a checked file in one model call; store the upload and its
    predictions in one transaction."""
    predictor = get_predictor()
    results = predictor.predict_many([row.features for row in rows])
    now = timezone.now()
    with transaction.atomic():
        upload = Upload.objects.create(
            user=user, name=upload_name(file_name), row_count=len(rows), created_at=now
        )
        Prediction.objects.bulk_create(
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
    return upload


def prediction_feedback_record(*, prediction: Prediction, true_label: str) -> Prediction:
    """Record the true class of a prediction, as its owner says it is."""
    prediction.true_label = validate_class(true_label)
    prediction.feedback_at = timezone.now()
    prediction.save(update_fields=["true_label", "feedback_at"])
    return prediction


def api_token_issue(*, user: User) -> str:
    """A new token for `user`, replacing any old one. Only its hash is stored."""
    token = generate_token()
    ApiToken.objects.update_or_create(
        user=user,
        defaults={
            "key_hash": hash_token(token),
            "created_at": timezone.now(),
            "last_used_at": None,
        },
    )
    return token


# The token check's query, built once; each request runs it anew. The API reads only the
# owner's id: the owner is built from it, as `User.objects.only("id")` would load it (any
# other field loads when read).
_ACTIVE_TOKENS = ApiToken.objects.filter(user__is_active=True).values_list(
    "pk", "last_used_at", "user_id"
)


def api_token_authenticate(*, token: str | None) -> User | None:
    """The active user a token belongs to, or None; notes when the token was last used.

    One SELECT, on every request: a revoked token or a deactivated user is refused at once,
    by every worker, with nothing cached between requests.
    """
    if not token:
        return None
    try:
        token_id, last_used_at, user_id = _ACTIVE_TOKENS.get(key_hash=hash_token(token))
    except ApiToken.DoesNotExist:
        return None
    now = timezone.now()
    # At most one write a minute: a request otherwise pays a second write transaction.
    if last_use_is_stale(last_used_at, now):
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    return User.from_db(_ACTIVE_TOKENS.db, ["id"], [user_id])


def user_unlock(*, username: str) -> int:
    """Clear the failed logins of `username` from every address; returns how many records."""
    return axes_reset(username=username)


@transaction.atomic
def demo_seed() -> int:
    """The demo staff user and the demo predictions; returns how many predictions it added.

    Idempotent: once the demo user has predictions, a second run adds nothing.
    """
    user = selectors.user_get_by_username(username=DEMO_USERNAME)
    if user is None:
        user = user_create(username=DEMO_USERNAME, password=DEMO_PASSWORD, is_staff=True)
    elif user.predictions.exists():
        return 0
    predictions = [
        Prediction(user=user, **columns)
        for columns in demo_predictions(get_predictor(), timezone.now())
    ]
    Prediction.objects.bulk_create(predictions)
    return len(predictions)
