"""Predict requests sent with an `Idempotency-Key`: stored once, their answer replayed.

The rules are in shared_model/api/idempotency.py. Here the key is claimed by the database:
one transaction creates the key's row (the unique constraint on user and key refuses a
second one with IntegrityError), runs the predict view, whose service joins the transaction
(Django's atomic blocks nest), and stores the answer on the row. The key, the predictions
and the answer commit together or not at all: a crash leaves nothing, never predictions
without their key, and a committed key always has its answer. Expired keys are deleted
first, in a short transaction of their own: inside the claiming transaction, PostgreSQL
would hold their rows locked until the predictions are stored, and the keyed requests of
other users, deleting the same rows, would wait for it.

A second request with the same key while the first is in its transaction waits for it:
SQLite's write lock (transactions begin IMMEDIATE, settings.py) or PostgreSQL's unique
index holds its INSERT until the first commits. Then the key exists and the second gets
the replay. An answer other than 200 rolls everything back, the key included.

Flask counterpart: flask_app/idempotency.py; FastAPI counterpart: fastapi_app/idempotency.py
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from shared_model.api.idempotency import KEY_LIFETIME, body_sha256, key_error

from .errors import api_error
from .models import IdempotencyKey


def predict_once(
    request: HttpRequest, *, key: str, predict: Callable[[HttpRequest], HttpResponse]
) -> HttpResponse:
    """`predict(request)`'s answer, stored under `key` for `request.user`, or the answer
    stored under it before."""
    if refusal := key_error(key):
        return JsonResponse(refusal.body, status=refusal.status)
    digest = body_sha256(request.body)
    # Opportunistic clean-up, committed at once (autocommit): one DELETE on the created_at
    # index, mostly of nothing.
    IdempotencyKey.objects.filter(created_at__lt=timezone.now() - KEY_LIFETIME).delete()
    with transaction.atomic():
        try:
            # A savepoint: the transaction goes on after a refused INSERT.
            with transaction.atomic():
                claim = IdempotencyKey.objects.create(
                    user=request.user, key=key, body_sha256=digest
                )
        except IntegrityError:
            return _earlier_answer(request, key=key, digest=digest)
        response = predict(request)
        if response.status_code != 200:
            # Refused input stored nothing: the key stays free for a corrected body.
            transaction.set_rollback(True)
            return response
        claim.response_status = response.status_code
        claim.response_body = response.content.decode()
        claim.save(update_fields=["response_status", "response_body"])
    return response


def _earlier_answer(request: HttpRequest, *, key: str, digest: str) -> HttpResponse:
    earlier = (
        IdempotencyKey.objects.only("body_sha256", "response_status", "response_body")
        .filter(user=request.user, key=key)
        .first()
    )
    if earlier is None:
        # Taken a moment ago, expired and deleted since: the client's retry will claim it.
        return api_error("idempotency_key_in_use")
    if earlier.body_sha256 != digest:
        return api_error("idempotency_key_reused")
    return HttpResponse(
        earlier.response_body, status=earlier.response_status, content_type="application/json"
    )
