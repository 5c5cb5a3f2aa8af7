"""The Idempotency-Key's table, where HTTP alone cannot reach: keys expire after their
lifetime and are deleted, and what a key keeps. The contract suite (tests/contract/
test_idempotency.py) holds every app to the header's rules over HTTP.

Django counterpart: tests/django_app/test_idempotency.py; FastAPI counterpart:
tests/fastapi_app/test_idempotency.py
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from flask_app import idempotency
from flask_app.extensions import db
from flask_app.models import IdempotencyKey, Prediction, utcnow
from shared_model.api.idempotency import HEADER, KEY_LIFETIME, body_sha256

pytestmark = pytest.mark.usefixtures("app_context")


def predict(client, token, body, key):
    return client.post(
        "/api/v1/predict",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", HEADER: key},
    )


def age_keys(by: timedelta) -> None:
    db.session.execute(update(IdempotencyKey).values(created_at=utcnow() - by))
    db.session.commit()


def stored_predictions() -> int:
    return db.session.scalar(select(func.count()).select_from(Prediction))


def keys() -> list[IdempotencyKey]:
    db.session.expire_all()
    return db.session.scalars(select(IdempotencyKey)).all()


def test_a_key_keeps_the_bodys_hash_and_the_answer_it_got(client, token, setosa):
    response = predict(client, token, {"features": setosa}, "k1")

    [key] = keys()
    assert key.key == "k1"
    assert key.body_sha256 == body_sha256(json.dumps({"features": setosa}).encode())
    assert key.response_status == 200
    assert key.response_body == response.get_data(as_text=True)


def test_a_key_within_its_lifetime_is_replayed(client, token, setosa):
    first = predict(client, token, {"features": setosa}, "k1")
    age_keys(KEY_LIFETIME - timedelta(minutes=1))

    again = predict(client, token, {"features": setosa}, "k1")

    assert again.get_json()["id"] == first.get_json()["id"]
    assert stored_predictions() == 1


def test_an_expired_key_is_deleted_and_the_key_taken_anew(client, token, setosa):
    first = predict(client, token, {"features": setosa}, "k1")
    predict(client, token, {"features": setosa}, "k2")
    age_keys(KEY_LIFETIME + timedelta(minutes=1))

    again = predict(client, token, {"features": setosa}, "k1")

    assert again.status_code == 200
    assert again.get_json()["id"] != first.get_json()["id"]
    assert stored_predictions() == 3
    # Every expired key went, k2 too; k1 is there again, with the new answer.
    [key] = keys()
    assert (key.key, key.response_body) == ("k1", again.get_data(as_text=True))


def test_a_refused_body_leaves_no_key(client, token, setosa):
    response = predict(client, token, {"features": {**setosa, "petal_width": -1}}, "k1")

    assert response.status_code == 400
    assert keys() == []
    assert stored_predictions() == 0


def test_a_key_gone_between_its_claim_and_its_answer_is_409_to_retry(user):
    # The claim found the key taken; before its answer was read, the key expired and a
    # clean-up deleted it. The client retries, and its next claim takes the key.
    response = idempotency._earlier_answer(user=user, key="gone", digest="0" * 64)

    assert response.status_code == 409
    assert response.get_json()["error"] == "idempotency_key_in_use"
