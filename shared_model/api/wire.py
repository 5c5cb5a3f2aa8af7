"""The API's wire format, shared so both apps answer byte for byte alike.

Error bodies, the JSON of a prediction, the accepted content type, the body size limit
and the JSON parsing rules are the same in Django and in Flask; only the plumbing that
calls them differs.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from shared_model.web.times import isoformat

if TYPE_CHECKING:
    from shared_model.model.validation import ValidationError

MAX_BODY_BYTES = 1024 * 1024  # 1 MiB

ERROR_MESSAGES = {
    "invalid_json": "The request body is not valid JSON.",
    "validation_error": "The input is invalid.",
    "unauthorized": "A valid API token is required: send `Authorization: Bearer <token>`.",
    "not_found": "No such resource.",
    "method_not_allowed": "This method is not allowed on this resource.",
    "too_large": "The request is too large.",
    "unsupported_media_type": "The request body must be JSON (Content-Type: application/json).",
    "idempotency_key_in_use": (
        "A request with this Idempotency-Key is still being processed: retry in a moment."
    ),
    "idempotency_key_reused": "This Idempotency-Key was already used with another request body.",
    "unavailable": "The service is temporarily unavailable.",
    "internal_error": "An internal error occurred.",
}

STATUS_CODES = {
    "invalid_json": 400,
    "validation_error": 400,
    "unauthorized": 401,
    "not_found": 404,
    "method_not_allowed": 405,
    "too_large": 413,
    "unsupported_media_type": 415,
    "idempotency_key_in_use": 409,
    "idempotency_key_reused": 422,
    "unavailable": 503,
    "internal_error": 500,
}

# What both apps log, once, for a request answered 503 because the database cannot be
# reached: one line (method, path, the error's first line), never a traceback, so that an
# outage under load does not bury the log.
UNAVAILABLE_LOG = "Database unavailable, answered 503: %s %s (%s)"


def error_summary(error: BaseException) -> str:
    """`ClassName: first line of the message`, for a one-line log entry."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0][:200]}" if lines else type(error).__name__


# Sent with every 401, as RFC 6750 asks.
WWW_AUTHENTICATE = 'Bearer realm="api"'


class InvalidJSON(ValueError):
    pass


class ApiError(Exception):
    """A request the API refuses: the code of the contract, and what to tell the client."""

    def __init__(self, code: str, message: str | None = None, details: dict | None = None):
        super().__init__(message or ERROR_MESSAGES[code])
        self.code = code
        self.status = STATUS_CODES[code]
        self.body = error_body(code, message, details)


def error_body(code: str, message: str | None = None, details: dict | None = None) -> dict:
    return {"error": code, "message": message or ERROR_MESSAGES[code], "details": details or {}}


def is_json_content_type(content_type: str | None) -> bool:
    """True for `application/json`, with or without parameters such as a charset."""
    if not content_type:
        return False
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json"


def parse_json(body: bytes) -> Any:
    """Parse a request body, or raise InvalidJSON."""
    try:
        # NaN, Infinity and overflowing literals such as 1e999 parse to floats here on
        # purpose: validation then refuses them as `validation_error` naming the field.
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise InvalidJSON(str(error)) from error


def prediction_json(
    *,
    id: int,
    label: str,
    probabilities: dict,
    warnings: list,
    model_version: str,
    created_at: datetime,
) -> dict:
    return {
        "id": id,
        "label": label,
        "probabilities": probabilities,
        "warnings": warnings,
        "model_version": model_version,
        "created_at": isoformat(created_at),
    }


def page_json(*, count: int, page: int, pages: int, results: list[dict]) -> dict:
    return {"count": count, "page": page, "pages": pages, "results": results}


def read_prediction_body(body: bytes, content_type: str | None) -> tuple[str, Any]:
    """Check a predict request's body in the contract's order, after its size and token.

    Content type (415), JSON (400 `invalid_json`), then the body's shape (400
    `validation_error`). Returns what `split_prediction_request` returns: the features or
    instances as sent, which the create services validate. Raises ApiError.
    """
    from shared_model.model.validation import ValidationError, split_prediction_request

    if not is_json_content_type(content_type):
        raise ApiError("unsupported_media_type")
    try:
        return split_prediction_request(parse_json(body))
    except InvalidJSON as error:
        raise ApiError("invalid_json") from error
    except ValidationError as error:
        raise validation_api_error(error) from error


def validation_api_error(error: ValidationError) -> ApiError:
    """A refused input as the contract's error: 400 `validation_error`, or 413 `too_large`
    for a batch over the limit."""
    code = "too_large" if error.too_large else "validation_error"
    return ApiError(code, error.message, error.details)


API_PREFIX = "/api/"

# The errors a framework answers by itself (an unknown path, a wrong method, a body over the
# limit, an unhandled exception, a database outage) as the contract's codes: status -> code,
# the inverse of STATUS_CODES for these codes. A 400 is not here: it has two codes, and only
# the API knows which.
API_ERROR_CODES: dict[int, str] = {
    STATUS_CODES[code]: code
    for code in ("not_found", "method_not_allowed", "too_large", "internal_error", "unavailable")
}
