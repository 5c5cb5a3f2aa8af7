"""The `Idempotency-Key` header of `POST /api/v1/predict`, what every app does alike.

A client that sends a key may send the same request again (a retry after a timeout, a
resumed run) without storing anything twice, as the IETF httpapi draft "The
Idempotency-Key HTTP Header Field" describes: the first request with a key stores and
answers as usual; the same user, key and body within `KEY_LIFETIME` get that first answer
again (same status, same body, same ids); the same key with another body is 422
`idempotency_key_reused`. A request arriving while the first is still being stored waits
for it and gets its answer: the apps claim a key, store the predictions and the answer in
one transaction, and the database holds the second claim until the first commits. 409
`idempotency_key_in_use`, which the contract allows instead, is answered only when a key
seen as taken is gone a moment later (it expired meanwhile): the client tries again.

A key sent twice in one request (two `Idempotency-Key` headers) is one key, their values
joined with a comma, as a WSGI server joins repeated headers (Django, Flask) and as the
FastAPI app joins them itself.

Only answers of 200 are kept. A request refused for its input (400, 413, 415) stored
nothing and was not processed, so the key stays free: the client may fix the body and send
it again under the same key. Stripe's API, the draft's main source, does the same for
requests that fail validation.

What is here: the header's name and rules, the body's hash, the lifetime. Each app stores
the keys in its own table and claims them through its own ORM:
django_app/predictions/idempotency.py, flask_app/idempotency.py and
fastapi_app/idempotency.py.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from shared_model.api.wire import ApiError

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
# The draft leaves the lifetime to the server; a day covers any retry or resumed run.
KEY_LIFETIME = timedelta(hours=24)
KEY_INVALID = f"Must be 1 to {MAX_KEY_LENGTH} printable ASCII characters."


def key_error(key: str) -> ApiError | None:
    """400 `validation_error` naming the header, unless `key` is 1 to 255 printable ASCII
    characters (space to tilde); None for a good key."""
    if 1 <= len(key) <= MAX_KEY_LENGTH and all(" " <= char <= "~" for char in key):
        return None
    return ApiError("validation_error", details={HEADER: KEY_INVALID})


def body_sha256(body: bytes) -> str:
    """What is kept of a request's body: enough to tell a retry from another request."""
    return hashlib.sha256(body).hexdigest()
