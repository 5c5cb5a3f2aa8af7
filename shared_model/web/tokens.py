"""API tokens: how they are made and how they are stored.

A token is 32 random bytes (256 bits), shown to its owner once. Only its SHA-256 hash is
stored: a fast hash is right here, unlike for passwords, because the token already has
full entropy and cannot be guessed from a dictionary.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

TOKEN_PREFIX = "iris_"


def generate_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def bearer_token(authorization: str | None) -> str | None:
    """The token from an `Authorization: Bearer <token>` header, or None."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


# A token's `last_used_at` is written at most once per this interval: the API's requests
# then cost one write transaction (their own), not two.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def last_use_is_stale(last_used_at: datetime | None, now: datetime) -> bool:
    """Whether a token's recorded last use is old enough to be written again.

    `now` is aware; a naive `last_used_at` (SQLite keeps no offset) is taken as UTC.
    """
    if last_used_at is None:
        return True
    if last_used_at.tzinfo is None:
        last_used_at = last_used_at.replace(tzinfo=UTC)
    return now - last_used_at >= LAST_USED_RESOLUTION
