"""Predict requests sent with an `Idempotency-Key`: stored once, their answer replayed.

The rules are in shared_model/api/idempotency.py. Here the key is claimed by the database,
in one `transaction(session)`: it inserts the key's row with INSERT ... ON CONFLICT DO
NOTHING (the unique constraint on user and key decides; no row comes back when the key
exists), runs the predict endpoint's work, whose service joins the transaction, and stores
the answer on the row. The key, the predictions and the answer commit together or not at
all. A refusal (ApiError, ValidationError) is raised through the block, which rolls it all
back, the key included, and errors.py answers it.
Expired keys are deleted first, in a short transaction of their own: inside the claiming
transaction, PostgreSQL would hold their rows locked until the predictions are stored, and
the keyed requests of other users, deleting the same rows, would wait for it.

A second request with the same key while the first is in its transaction waits for it:
SQLite's write lock (transactions begin IMMEDIATE, shared_model/web/engines.py) or
PostgreSQL's unique index holds its INSERT until the first commits; then it gets the replay.

Django counterpart: django_app/predictions/idempotency.py; Flask counterpart:
flask_app/idempotency.py (the same statements on Flask-SQLAlchemy's `db.session`).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Response
from fastapi.responses import JSONResponse
from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared_model.api.idempotency import KEY_LIFETIME, body_sha256, key_error
from shared_model.api.wire import ApiError

from .database import transaction
from .models import IdempotencyKey, User, utcnow

# INSERT ... ON CONFLICT is not standard SQL: each dialect of SQLAlchemy has its own.
INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def predict_once(
    *, session: Session, user: User, key: str, body: bytes, predict: Callable[[], JSONResponse]
) -> Response:
    """`predict()`'s answer, stored under `key` for `user`, or the answer stored under it
    before. Raises ApiError for a malformed key or a key reused with another body."""
    if refusal := key_error(key):
        raise refusal
    digest = body_sha256(body)
    now = utcnow()
    with transaction(session):
        # Opportunistic clean-up: one DELETE on the created_at index, mostly of nothing.
        session.execute(
            delete(IdempotencyKey).where(IdempotencyKey.created_at < now - KEY_LIFETIME)
        )
    with transaction(session):
        insert = INSERTS[session.get_bind().dialect.name]
        claim = session.scalar(
            insert(IdempotencyKey)
            .values(user_id=user.id, key=key, body_sha256=digest, created_at=now)
            .on_conflict_do_nothing(index_elements=[IdempotencyKey.user_id, IdempotencyKey.key])
            .returning(IdempotencyKey.id)
        )
        if claim is None:
            return _earlier_answer(session=session, user=user, key=key, digest=digest)
        response = predict()
        session.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.id == claim)
            .values(response_status=response.status_code, response_body=response.body.decode())
        )
    return response


def _earlier_answer(*, session: Session, user: User, key: str, digest: str) -> Response:
    earlier = session.execute(
        select(
            IdempotencyKey.body_sha256,
            IdempotencyKey.response_status,
            IdempotencyKey.response_body,
        ).where(IdempotencyKey.user_id == user.id, IdempotencyKey.key == key)
    ).first()
    if earlier is None:
        # Taken a moment ago, expired and deleted since: the client's retry will claim it.
        raise ApiError("idempotency_key_in_use")
    if earlier.body_sha256 != digest:
        raise ApiError("idempotency_key_reused")
    return Response(earlier.response_body, earlier.response_status, media_type="application/json")
