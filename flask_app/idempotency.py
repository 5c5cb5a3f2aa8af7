"""Predict requests sent with an `Idempotency-Key`: stored once, their answer replayed.

The rules are in shared_model/api/idempotency.py. Here the key is claimed by the database,
in one `transaction()`: it inserts the key's row with INSERT ... ON CONFLICT DO NOTHING
(the unique constraint on user and key decides; no row comes back when the key exists),
runs the predict view, whose service joins the transaction, and stores the answer on the
row. The key, the predictions and the answer commit together or not at all: a crash leaves
nothing, never predictions without their key, and a committed key always has its answer.
Expired keys are deleted first, in a short transaction of their own: inside the claiming
transaction, PostgreSQL would hold their rows locked until the predictions are stored, and
the keyed requests of other users, deleting the same rows, would wait for it.

A second request with the same key while the first is in its transaction waits for it:
SQLite's write lock (transactions begin IMMEDIATE, shared_model/web/engines.py) or
PostgreSQL's unique index holds its INSERT until the first commits. Then the key exists
and the second gets the replay. An answer other than 200 rolls everything back, the key
included.

Django counterpart: django_app/predictions/idempotency.py (a savepoint and IntegrityError:
Django's ORM has no INSERT that reports a conflict without raising); FastAPI counterpart:
fastapi_app/idempotency.py
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, jsonify, make_response
from flask.typing import ResponseReturnValue
from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from shared_model.api.idempotency import KEY_LIFETIME, body_sha256, key_error

from .errors import api_error
from .extensions import db, set_rollback, transaction
from .models import IdempotencyKey, User, utcnow

# INSERT ... ON CONFLICT is not standard SQL: each dialect of SQLAlchemy has its own.
INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def predict_once(
    *, user: User, key: str, body: bytes, predict: Callable[[], ResponseReturnValue]
) -> Response:
    """`predict()`'s answer, stored under `key` for `user`, or the answer stored under it
    before."""
    if refusal := key_error(key):
        return make_response(jsonify(refusal.body), refusal.status)
    digest = body_sha256(body)
    now = utcnow()
    with transaction():
        # Opportunistic clean-up: one DELETE on the created_at index, mostly of nothing.
        db.session.execute(
            delete(IdempotencyKey).where(IdempotencyKey.created_at < now - KEY_LIFETIME)
        )
    with transaction():
        insert = INSERTS[db.session.get_bind().dialect.name]
        claim = db.session.scalar(
            insert(IdempotencyKey)
            .values(user_id=user.id, key=key, body_sha256=digest, created_at=now)
            .on_conflict_do_nothing(index_elements=[IdempotencyKey.user_id, IdempotencyKey.key])
            .returning(IdempotencyKey.id)
        )
        if claim is None:
            return _earlier_answer(user=user, key=key, digest=digest)
        response = make_response(predict())
        if response.status_code != 200:
            # Refused input stored nothing: the key stays free for a corrected body.
            set_rollback()
            return response
        db.session.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.id == claim)
            .values(
                response_status=response.status_code,
                response_body=response.get_data(as_text=True),
            )
        )
    return response


def _earlier_answer(*, user: User, key: str, digest: str) -> Response:
    earlier = db.session.execute(
        select(
            IdempotencyKey.body_sha256,
            IdempotencyKey.response_status,
            IdempotencyKey.response_body,
        ).where(IdempotencyKey.user_id == user.id, IdempotencyKey.key == key)
    ).first()
    if earlier is None:
        # Taken a moment ago, expired and deleted since: the client's retry will claim it.
        return api_error("idempotency_key_in_use")
    if earlier.body_sha256 != digest:
        return api_error("idempotency_key_reused")
    return Response(earlier.response_body, earlier.response_status, mimetype="application/json")
