"""The Idempotency-Key's table, where HTTP alone cannot reach: keys expire after their
lifetime and are deleted, and what a key keeps. The contract suite (tests/contract/
test_idempotency.py) holds every app to the header's rules over HTTP.

Flask counterpart: tests/flask_app/test_idempotency.py; FastAPI counterpart:
tests/fastapi_app/test_idempotency.py
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from django_app.predictions import idempotency
from django_app.predictions.models import IdempotencyKey, Prediction
from shared_model.api.idempotency import HEADER, KEY_LIFETIME, body_sha256

pytestmark = pytest.mark.django_db


def predict(client, token, body, key):
    return client.post(
        "/api/v1/predict",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", HEADER: key},
    )


def age_keys(by: timedelta) -> None:
    IdempotencyKey.objects.update(created_at=timezone.now() - by)


def test_a_key_keeps_the_bodys_hash_and_the_answer_it_got(client, token, setosa):
    response = predict(client, token, {"features": setosa}, "k1")

    [key] = IdempotencyKey.objects.all()
    assert key.key == "k1"
    assert key.body_sha256 == body_sha256(json.dumps({"features": setosa}).encode())
    assert key.response_status == 200
    assert key.response_body == response.content.decode()


def test_a_key_within_its_lifetime_is_replayed(client, token, setosa):
    first = predict(client, token, {"features": setosa}, "k1")
    age_keys(KEY_LIFETIME - timedelta(minutes=1))

    again = predict(client, token, {"features": setosa}, "k1")

    assert again.json()["id"] == first.json()["id"]
    assert Prediction.objects.count() == 1


def test_an_expired_key_is_deleted_and_the_key_taken_anew(client, token, setosa):
    first = predict(client, token, {"features": setosa}, "k1")
    predict(client, token, {"features": setosa}, "k2")
    age_keys(KEY_LIFETIME + timedelta(minutes=1))

    again = predict(client, token, {"features": setosa}, "k1")

    assert again.status_code == 200
    assert again.json()["id"] != first.json()["id"]
    assert Prediction.objects.count() == 3
    # Every expired key went, k2 too; k1 is there again, with the new answer.
    [key] = IdempotencyKey.objects.all()
    assert (key.key, key.response_body) == ("k1", again.content.decode())


def test_a_refused_body_leaves_no_key(client, token, setosa):
    response = predict(client, token, {"features": {**setosa, "petal_width": -1}}, "k1")

    assert response.status_code == 400
    assert not IdempotencyKey.objects.exists()
    assert not Prediction.objects.exists()


def test_a_key_gone_between_its_claim_and_its_answer_is_409_to_retry(rf, user):
    # The claim found the key taken; before its answer was read, the key expired and a
    # clean-up deleted it. The client retries, and its next claim takes the key.
    request = rf.post("/api/v1/predict")
    request.user = user

    response = idempotency._earlier_answer(request, key="gone", digest="0" * 64)

    assert response.status_code == 409
    assert json.loads(response.content)["error"] == "idempotency_key_in_use"
