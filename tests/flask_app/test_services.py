"""The services: what the app does, called directly, without a request."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from flask_app import selectors, services
from flask_app.extensions import db, get_predictor, transaction
from flask_app.models import ApiToken, LoginFailure, Prediction, Upload, User, utcnow
from shared_model.demo import DEMO_COUNT, DEMO_USERNAME
from shared_model.model.validation import ValidationError
from shared_model.web.throttling import FAILURE_LIMIT, LOCKOUT
from shared_model.web.tokens import LAST_USED_RESOLUTION, hash_token
from tests.support.spies import count_model_calls
from tools.harness.samples import PASSWORD, upload_rows

pytestmark = pytest.mark.usefixtures("app_context")


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_user_create_stores_a_scrypt_hashed_password(make_user):
    user = make_user("alice", password=PASSWORD)

    assert user.check_password(PASSWORD)
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash
    assert user.is_active and not user.is_staff


def test_user_create_refuses_a_duplicate_username(make_user):
    make_user("alice")

    with pytest.raises(ValueError, match="already exists"):
        make_user("alice")
    assert count(User) == 1


def test_user_create_refuses_an_invalid_username(make_user):
    with pytest.raises(ValueError, match="Enter a valid username"):
        make_user("no spaces allowed")
    assert count(User) == 0


def test_staff_user_is_staff(make_user):
    assert make_user("sam", is_staff=True).is_staff


def committed_usernames() -> list[str]:
    """The usernames another connection sees: only what is committed."""
    with db.engine.connect() as connection:
        return sorted(connection.scalars(select(User.username)))


def test_services_inside_a_transaction_are_committed_together_at_its_end():
    with transaction():
        services.user_create(username="alice", password=PASSWORD)
        services.user_create(username="bob", password=PASSWORD)
        assert committed_usernames() == []

    assert committed_usernames() == ["alice", "bob"]


def test_a_service_that_fails_inside_a_transaction_undoes_it_all_even_when_caught():
    with transaction():
        services.user_create(username="alice", password=PASSWORD)
        with pytest.raises(ValueError, match="already exists"):
            services.user_create(username="alice", password=PASSWORD)

    assert committed_usernames() == []


def test_user_set_active_changes_the_users_named_and_counts_them(make_user):
    alice, bob = make_user("alice"), make_user("bob")
    make_user("carol")

    assert services.user_set_active(user_ids=[alice.id, bob.id, 10**9], is_active=False) == 2

    inactive = db.session.scalars(select(User.username).where(~User.is_active))
    assert sorted(inactive) == ["alice", "bob"]
    assert services.user_set_active(user_ids=[alice.id], is_active=True) == 1


def test_deactivating_a_user_ends_their_sessions(user):
    session_token = user.session_token

    services.user_set_active(user_ids=[user.id], is_active=False)

    assert db.session.get(User, user.id).session_token != session_token


def test_prediction_create_stores_label_probabilities_and_version(user, setosa):
    prediction = services.prediction_create(user=user, features=setosa)

    stored = db.session.get(Prediction, prediction.id)
    assert stored.user_id == user.id
    assert stored.label == "setosa"
    assert sum(stored.probabilities.values()) == pytest.approx(1, abs=1e-6)
    assert stored.model_version == get_predictor().version
    assert stored.features == setosa
    assert stored.warnings == []


def test_prediction_outside_the_training_range_carries_a_warning(user, setosa):
    prediction = services.prediction_create(user=user, features={**setosa, "petal_width": 4.9})

    assert [warning["feature"] for warning in prediction.warnings] == ["petal_width"]


def test_prediction_create_refuses_bad_input_and_stores_nothing(user, setosa):
    with pytest.raises(ValidationError) as caught:
        services.prediction_create(user=user, features={**setosa, "sepal_width": 99})

    assert "features.sepal_width" in caught.value.details
    assert count(Prediction) == 0


def test_batch_create_stores_every_instance_with_one_model_call(user, setosa, monkeypatch):
    predictor = get_predictor()
    predict_many = predictor.predict_many
    calls = []

    def spy(instances):
        calls.append(len(instances))
        return predict_many(instances)

    monkeypatch.setattr(predictor, "predict_many", spy)

    predictions = services.prediction_batch_create(user=user, instances=[setosa] * 3)

    assert calls == [3]
    assert len(predictions) == 3
    assert all(prediction.id for prediction in predictions)
    assert count(Prediction, Prediction.user_id == user.id) == 3


def test_batch_create_is_one_insert_and_each_id_is_its_instances_row(user, setosa):
    instances = [{**setosa, "sepal_length": 4.0 + n / 10} for n in range(30)]
    inserts = []

    def note_insert(connection, cursor, statement, parameters, context, executemany):
        if context.isinsert:
            inserts.append(statement)

    event.listen(db.engine, "before_cursor_execute", note_insert)
    try:
        predictions = services.prediction_batch_create(user=user, instances=instances)
    finally:
        event.remove(db.engine, "before_cursor_execute", note_insert)

    assert len(inserts) == 1
    stored = dict(db.session.execute(select(Prediction.id, Prediction.sepal_length)).all())
    assert [stored[prediction.id] for prediction in predictions] == [
        flower["sepal_length"] for flower in instances
    ]


def test_batch_with_one_bad_instance_stores_nothing(user, setosa):
    with pytest.raises(ValidationError) as caught:
        services.prediction_batch_create(
            user=user, instances=[setosa, {**setosa, "petal_length": -1}, setosa]
        )

    assert list(caught.value.details) == ["instances.1.petal_length"]
    assert count(Prediction) == 0


def test_batch_that_fails_to_store_stores_nothing(user, setosa, monkeypatch):
    predictor = get_predictor()
    predict_many = predictor.predict_many

    def last_one_unstorable(instances):
        results = predict_many(instances)
        return [*results[:-1], replace(results[-1], label=None)]

    monkeypatch.setattr(predictor, "predict_many", last_one_unstorable)

    with pytest.raises(IntegrityError):
        services.prediction_batch_create(user=user, instances=[setosa] * 3)
    db.session.rollback()
    assert count(Prediction) == 0


def test_feedback_is_recorded_with_its_time(user, make_prediction):
    prediction = make_prediction(user)

    services.prediction_feedback_record(prediction=prediction, true_label="versicolor")

    stored = db.session.get(Prediction, prediction.id)
    db.session.refresh(stored)
    assert stored.true_label == "versicolor"
    assert stored.feedback_at is not None


def test_feedback_with_an_unknown_class_is_refused(user, make_prediction):
    prediction = make_prediction(user)

    with pytest.raises(ValueError, match="Unknown class"):
        services.prediction_feedback_record(prediction=prediction, true_label="rose")
    assert db.session.get(Prediction, prediction.id).true_label is None


def test_token_issue_stores_only_the_hash(user):
    token = services.api_token_issue(user=user)

    stored = db.session.scalar(select(ApiToken).filter_by(user_id=user.id))
    assert stored.key_hash == hash_token(token)
    assert token not in stored.key_hash


def test_token_authenticates_its_user_and_notes_the_use(user, token):
    assert services.api_token_authenticate(token=token).id == user.id
    stored = db.session.scalar(select(ApiToken).filter_by(user_id=user.id))
    assert stored.last_used_at is not None


def test_token_use_is_written_at_most_once_a_minute(user, token):
    services.api_token_authenticate(token=token)
    first = db.session.scalar(select(ApiToken.last_used_at).filter_by(user_id=user.id))
    db.session.expire_all()  # read back from the database: SQLite's has no offset
    services.api_token_authenticate(token=token)
    assert db.session.scalar(select(ApiToken.last_used_at).filter_by(user_id=user.id)) == first

    stored = db.session.scalar(select(ApiToken).filter_by(user_id=user.id))
    stored.last_used_at = first - LAST_USED_RESOLUTION
    db.session.commit()
    services.api_token_authenticate(token=token)
    db.session.expire_all()
    assert db.session.scalar(select(ApiToken.last_used_at).filter_by(user_id=user.id)) > first


def test_a_token_used_within_the_minute_is_checked_in_one_query(user, token):
    services.api_token_authenticate(token=token)
    statements = []

    def note(connection, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        owner = services.api_token_authenticate(token=token)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)

    assert owner.id == user.id
    assert len(statements) == 1


def test_a_new_token_replaces_the_old_one(user, token):
    new_token = services.api_token_issue(user=user)

    assert services.api_token_authenticate(token=token) is None
    assert services.api_token_authenticate(token=new_token).id == user.id
    assert count(ApiToken, ApiToken.user_id == user.id) == 1


def test_token_of_an_inactive_user_is_refused(user, token):
    db.session.get(User, user.id).is_active = False
    db.session.commit()

    assert services.api_token_authenticate(token=token) is None


@pytest.mark.parametrize("token", [None, "", "iris_not-a-real-token"])
def test_missing_or_unknown_token_authenticates_nobody(user, token):
    services.api_token_issue(user=user)

    assert services.api_token_authenticate(token=token) is None


def test_demo_seed_adds_the_demo_staff_user_and_predictions():
    added = services.demo_seed()

    demo = db.session.scalar(select(User).filter_by(username=DEMO_USERNAME))
    assert added == DEMO_COUNT
    assert demo.is_staff
    assert count(Prediction, Prediction.user_id == demo.id) == DEMO_COUNT
    assert count(Prediction, Prediction.true_label.is_not(None)) > 0


def test_demo_seed_twice_adds_nothing_the_second_time():
    services.demo_seed()

    assert services.demo_seed() == 0
    assert count(Prediction) == DEMO_COUNT
    assert count(User, User.username == DEMO_USERNAME) == 1


def test_demo_seed_that_fails_to_store_its_predictions_adds_no_user(monkeypatch):
    predictor = get_predictor()
    predict_many = predictor.predict_many
    monkeypatch.setattr(
        predictor,
        "predict_many",
        lambda rows: [*predict_many(rows)[:-1], replace(predict_many(rows)[-1], label=None)],
    )

    with pytest.raises(IntegrityError):
        services.demo_seed()
    assert count(User) == 0
    assert count(Prediction) == 0


def test_upload_create_stores_the_upload_and_its_lines_with_one_model_call(user, monkeypatch):
    calls = count_model_calls(monkeypatch, get_predictor())

    upload = services.upload_create(
        user=user,
        file_name="x" * 120 + ".csv",
        rows=upload_rows("5.1,3.5,1.4,0.2", "6.3,3.3,6,2.5"),
    )

    assert calls == [2]
    assert (upload.name, upload.row_count) == ("x" * 100, 2)
    stored = db.session.scalars(select(Prediction).order_by(Prediction.upload_line)).all()
    assert [(p.upload_id, p.upload_line, p.label) for p in stored] == [
        (upload.id, 3, "setosa"),
        (upload.id, 4, "virginica"),
    ]


def test_an_upload_that_fails_to_store_stores_nothing(user, monkeypatch):
    predictor = get_predictor()
    predict_many = predictor.predict_many
    monkeypatch.setattr(
        predictor,
        "predict_many",
        lambda rows: [*predict_many(rows)[:-1], replace(predict_many(rows)[-1], label=None)],
    )

    with pytest.raises(IntegrityError):
        services.upload_create(
            user=user, file_name="f.csv", rows=upload_rows("5.1,3.5,1.4,0.2") * 3
        )
    db.session.rollback()
    assert count(Prediction) == 0
    assert count(Upload) == 0


def test_login_failures_lock_a_pair_at_the_limit_and_start_again_after_the_lockout():
    pair = {"username": "mallory", "address": "203.0.113.9"}
    for _ in range(FAILURE_LIMIT - 1):
        services.login_failure_record(**pair)
    assert not selectors.login_locked_out(**pair)
    services.login_failure_record(**pair)
    assert selectors.login_locked_out(**pair)
    assert not selectors.login_locked_out(username="mallory", address="198.51.100.1")

    failure = db.session.scalar(select(LoginFailure))
    failure.last_failure_at = utcnow() - LOCKOUT
    db.session.commit()
    assert not selectors.login_locked_out(**pair)
    services.login_failure_record(**pair)
    assert db.session.scalar(select(LoginFailure.failures)) == 1


def test_unlocking_a_user_clears_their_failures_from_every_address():
    for address in ("203.0.113.9", "198.51.100.1"):
        services.login_failure_record(username="mallory", address=address)
    services.login_failure_record(username="trent", address="203.0.113.9")

    assert services.user_unlock(username="mallory") == 2
    assert db.session.scalars(select(LoginFailure.username)).all() == ["trent"]
