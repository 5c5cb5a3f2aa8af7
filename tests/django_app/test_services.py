"""The services: what the app does, called directly, without a request."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError

from django_app.predictions import services
from django_app.predictions.models import ApiToken, Prediction, Upload
from shared_model.demo import DEMO_COUNT, DEMO_USERNAME
from shared_model.model.predictor import get_predictor
from shared_model.model.validation import ValidationError
from shared_model.web.tokens import LAST_USED_RESOLUTION, hash_token
from tests.support.spies import count_model_calls
from tools.harness.samples import PASSWORD, upload_rows

pytestmark = pytest.mark.django_db


def test_user_create_stores_a_hashed_password(make_user):
    user = make_user("alice", password=PASSWORD)

    assert user.check_password(PASSWORD)
    assert user.password != PASSWORD
    assert not user.is_staff


def test_user_create_refuses_a_duplicate_username(make_user):
    make_user("alice")

    with pytest.raises(DjangoValidationError, match="already exists"):
        make_user("alice")


def test_user_create_refuses_an_invalid_username(make_user):
    with pytest.raises(DjangoValidationError):
        make_user("no spaces allowed")
    assert not get_user_model().objects.exists()


def test_staff_user_gets_the_data_admin_permissions(make_user):
    user = make_user("sam", is_staff=True)

    assert user.is_staff and not user.is_superuser
    assert user.has_perms(["predictions.view_prediction", "auth.view_user", "auth.change_user"])


def test_user_set_active_changes_the_users_named_and_counts_them(make_user, django_user_model):
    alice, bob = make_user("alice"), make_user("bob")
    make_user("carol")
    users = django_user_model.objects.filter(pk__in=[alice.pk, bob.pk])

    assert services.user_set_active(users=users, is_active=False) == 2

    inactive = django_user_model.objects.filter(is_active=False)
    assert sorted(inactive.values_list("username", flat=True)) == ["alice", "bob"]
    active_again = django_user_model.objects.filter(pk=alice.pk)
    assert services.user_set_active(users=active_again, is_active=True) == 1


def test_prediction_create_stores_label_probabilities_and_version(user, setosa):
    prediction = services.prediction_create(user=user, features=setosa)

    stored = Prediction.objects.get(pk=prediction.pk)
    assert stored.user == user
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
    assert not Prediction.objects.exists()


def test_batch_create_stores_every_instance(user, setosa):
    predictions = services.prediction_batch_create(user=user, instances=[setosa] * 3)

    assert len(predictions) == 3
    assert all(prediction.pk for prediction in predictions)
    assert Prediction.objects.filter(user=user).count() == 3


def test_batch_with_one_bad_instance_stores_nothing(user, setosa):
    with pytest.raises(ValidationError) as caught:
        services.prediction_batch_create(
            user=user, instances=[setosa, {**setosa, "petal_length": -1}, setosa]
        )

    assert list(caught.value.details) == ["instances.1.petal_length"]
    assert not Prediction.objects.exists()


def test_feedback_is_recorded_with_its_time(user, make_prediction):
    prediction = make_prediction(user)

    services.prediction_feedback_record(prediction=prediction, true_label="versicolor")

    prediction.refresh_from_db()
    assert prediction.true_label == "versicolor"
    assert prediction.feedback_at is not None


def test_feedback_with_an_unknown_class_is_refused(user, make_prediction):
    prediction = make_prediction(user)

    with pytest.raises(ValueError, match="Unknown class"):
        services.prediction_feedback_record(prediction=prediction, true_label="rose")
    prediction.refresh_from_db()
    assert prediction.true_label is None


def test_token_issue_stores_only_the_hash(user):
    token = services.api_token_issue(user=user)

    stored = ApiToken.objects.get(user=user)
    assert stored.key_hash == hash_token(token)
    assert token not in stored.key_hash


def test_token_authenticates_its_user_and_notes_the_use(user, token):
    assert services.api_token_authenticate(token=token) == user
    assert ApiToken.objects.get(user=user).last_used_at is not None


def test_token_use_is_written_at_most_once_a_minute(user, token):
    services.api_token_authenticate(token=token)
    first = ApiToken.objects.get(user=user).last_used_at
    services.api_token_authenticate(token=token)
    assert ApiToken.objects.get(user=user).last_used_at == first

    ApiToken.objects.filter(user=user).update(last_used_at=first - LAST_USED_RESOLUTION)
    services.api_token_authenticate(token=token)
    assert ApiToken.objects.get(user=user).last_used_at > first


def test_a_token_used_within_the_minute_is_checked_in_one_query(
    user, token, django_assert_num_queries
):
    services.api_token_authenticate(token=token)

    with django_assert_num_queries(1):
        owner = services.api_token_authenticate(token=token)

    assert owner == user


def test_a_new_token_replaces_the_old_one(user, token):
    new_token = services.api_token_issue(user=user)

    assert services.api_token_authenticate(token=token) is None
    assert services.api_token_authenticate(token=new_token) == user
    assert ApiToken.objects.filter(user=user).count() == 1


def test_token_of_an_inactive_user_is_refused(user, token):
    user.is_active = False
    user.save()

    assert services.api_token_authenticate(token=token) is None


@pytest.mark.parametrize("token", [None, "", "iris_not-a-real-token"])
def test_missing_or_unknown_token_authenticates_nobody(user, token):
    services.api_token_issue(user=user)

    assert services.api_token_authenticate(token=token) is None


def test_demo_seed_adds_the_demo_staff_user_and_predictions():
    added = services.demo_seed()

    demo = get_user_model().objects.get(username=DEMO_USERNAME)
    assert added == DEMO_COUNT
    assert demo.is_staff
    assert demo.predictions.count() == DEMO_COUNT
    assert demo.predictions.filter(true_label__isnull=False).exists()


def test_demo_seed_twice_adds_nothing_the_second_time():
    services.demo_seed()

    assert services.demo_seed() == 0
    assert Prediction.objects.count() == DEMO_COUNT
    assert get_user_model().objects.filter(username=DEMO_USERNAME).count() == 1


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
    assert not get_user_model().objects.exists()
    assert not Prediction.objects.exists()


def test_upload_create_stores_the_upload_and_its_lines_with_one_model_call(user, monkeypatch):
    calls = count_model_calls(monkeypatch, get_predictor())

    upload = services.upload_create(
        user=user,
        file_name="x" * 120 + ".csv",
        rows=upload_rows("5.1,3.5,1.4,0.2", "6.3,3.3,6,2.5"),
    )

    assert calls == [2]
    assert (upload.name, upload.row_count) == ("x" * 100, 2)
    stored = Prediction.objects.order_by("upload_line")
    assert [(p.upload_id, p.upload_line, p.label) for p in stored] == [
        (upload.pk, 3, "setosa"),
        (upload.pk, 4, "virginica"),
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
    assert Prediction.objects.count() == 0
    assert Upload.objects.count() == 0
