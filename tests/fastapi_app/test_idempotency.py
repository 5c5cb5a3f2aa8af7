"""The Idempotency-Key's table, where HTTP alone cannot reach: keys expire after their
lifetime and are deleted, and what a key keeps. The contract suite (tests/contract/
test_idempotency.py) holds every app to the header's rules over HTTP.

Django counterpart: tests/django_app/test_idempotency.py; Flask counterpart:
tests/flask_app/test_idempotency.py
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from fastapi_app import idempotency
from fastapi_app.database import transaction
from fastapi_app.models import IdempotencyKey, Prediction, utcnow
from shared_model.api.idempotency import HEADER, KEY_LIFETIME, body_sha256
from shared_model.api.wire import ApiError


def predict(client, token, body, key):
    return client.post(
        "/api/v1/predict", json=body, headers={"Authorization": f"Bearer {token}", HEADER: key}
    )


def age_keys(session, by: timedelta) -> None:
    with transaction(session):
        session.execute(update(IdempotencyKey).values(created_at=utcnow() - by))


def stored_predictions(session) -> int:
    return session.scalar(select(func.count()).select_from(Prediction))


def keys(session) -> list[IdempotencyKey]:
    session.rollback()  # a new transaction, which sees what the app committed
    return session.scalars(select(IdempotencyKey)).all()


def test_a_key_keeps_the_bodys_hash_and_the_answer_it_got(client, session, token, setosa):
    response = predict(client, token, {"features": setosa}, "k1")

    [key] = keys(session)
    assert key.key == "k1"
    assert key.body_sha256 == body_sha256(response.request.content)
    assert key.response_status == 200
    assert key.response_body == response.text


def test_a_key_within_its_lifetime_is_replayed(client, session, token, setosa):
    first = predict(client, token, {"features": setosa}, "k1")
    age_keys(session, KEY_LIFETIME - timedelta(minutes=1))

    again = predict(client, token, {"features": setosa}, "k1")

    assert again.json()["id"] == first.json()["id"]
    assert stored_predictions(session) == 1


def test_an_expired_key_is_deleted_and_the_key_taken_anew(client, session, token, setosa):
    first = predict(client, token, {"features": setosa}, "k1")
    predict(client, token, {"features": setosa}, "k2")
    age_keys(session, KEY_LIFETIME + timedelta(minutes=1))

    again = predict(client, token, {"features": setosa}, "k1")

    assert again.status_code == 200
    assert again.json()["id"] != first.json()["id"]
    # Every expired key went, k2 too; k1 is there again, with the new answer.
    [key] = keys(session)
    assert (key.key, key.response_body) == ("k1", again.text)
    assert stored_predictions(session) == 3


def test_a_refused_body_leaves_no_key(client, session, token, setosa):
    response = predict(client, token, {"features": {**setosa, "petal_width": -1}}, "k1")

    assert response.status_code == 400
    assert keys(session) == []
    assert stored_predictions(session) == 0


def test_a_key_gone_between_its_claim_and_its_answer_is_409_to_retry(session, user):
    # The claim found the key taken; before its answer was read, the key expired and a
    # clean-up deleted it. The client retries, and its next claim takes the key.
    with pytest.raises(ApiError) as refused:
        idempotency._earlier_answer(session=session, user=user, key="gone", digest="0" * 64)

    assert refused.value.status == 409
    assert refused.value.code == "idempotency_key_in_use"
