"""The wire format helpers: content type, JSON parsing, errors, tokens."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta

import pytest

from shared_model.api.wire import (
    ApiError,
    InvalidJSON,
    error_body,
    is_json_content_type,
    parse_json,
    read_prediction_body,
    validation_api_error,
)
from shared_model.model.validation import ValidationError, validate_features, validate_instances
from shared_model.web.tokens import (
    LAST_USED_RESOLUTION,
    bearer_token,
    generate_token,
    hash_token,
    last_use_is_stale,
)


@pytest.mark.parametrize(
    "value",
    ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"],
)
def test_json_content_types_are_accepted(value):
    assert is_json_content_type(value)


@pytest.mark.parametrize(
    "value", [None, "", "text/plain", "application/x-www-form-urlencoded", "application/jsonx"]
)
def test_other_content_types_are_refused(value):
    assert not is_json_content_type(value)


def test_json_constants_and_overflow_parse_to_floats_for_validation_to_refuse():
    parsed = parse_json(b'{"a": NaN, "b": Infinity, "c": -Infinity, "d": 1e999}')
    assert math.isnan(parsed["a"])
    assert parsed["b"] == math.inf and parsed["c"] == -math.inf and parsed["d"] == math.inf


@pytest.mark.parametrize("body", [b"{", b"", b"\xff\xfe", b"[" * 100_000])
def test_bad_json_raises_invalid_json(body):
    with pytest.raises(InvalidJSON):
        parse_json(body)


def test_error_body_has_code_message_and_details():
    assert error_body("not_found") == {
        "error": "not_found",
        "message": "No such resource.",
        "details": {},
    }


def test_tokens_are_long_random_and_hashed():
    first, second = generate_token(), generate_token()
    assert first != second
    assert len(first) >= 43  # 32 bytes in URL-safe base64, plus the prefix
    assert hash_token(first) != first and len(hash_token(first)) == 64
    assert hash_token(first) == hash_token(first)


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer abc", "abc"),
        ("bearer abc", "abc"),
        ("Basic abc", None),
        ("Bearer ", None),
        ("Bearer", None),
        (None, None),
        ("", None),
    ],
)
def test_bearer_token_is_read_from_the_header(header, token):
    assert bearer_token(header) == token


GOOD_BODY = json.dumps(
    {"features": {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}}
).encode()


@pytest.mark.parametrize(
    ("body", "content_type", "code", "status"),
    [
        (GOOD_BODY, "text/plain", "unsupported_media_type", 415),
        (GOOD_BODY, None, "unsupported_media_type", 415),
        (b"{", "application/json", "invalid_json", 400),
        (b'{"features": {}, "extra": 1}', "application/json", "validation_error", 400),
        (b"[]", "application/json", "validation_error", 400),
    ],
)
def test_prediction_request_refusals_carry_the_contract_code(body, content_type, code, status):
    with pytest.raises(ApiError) as caught:
        read_prediction_body(body, content_type)
    assert (caught.value.code, caught.value.status) == (code, status)
    assert caught.value.body["error"] == code


def test_validation_refusals_become_the_contract_codes():
    with pytest.raises(ValidationError) as too_many:
        validate_instances([{}] * 1001)
    with pytest.raises(ValidationError) as bad:
        validate_features({"sepal_length": "x"})
    assert (
        validation_api_error(too_many.value).status,
        validation_api_error(bad.value).status,
    ) == (
        413,
        400,
    )
    assert "features.sepal_length" in validation_api_error(bad.value).body["details"]


def test_prediction_request_is_read_as_sent():
    kind, features = read_prediction_body(GOOD_BODY, "application/json; charset=utf-8")
    assert kind == "single" and features["sepal_length"] == 5.1


def test_a_token_use_is_stale_after_a_minute_whatever_the_offset_stored():
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert last_use_is_stale(None, now)
    assert not last_use_is_stale(now - timedelta(seconds=59), now)
    assert last_use_is_stale(now - LAST_USED_RESOLUTION, now)
    # SQLite gives back naive datetimes: they are UTC.
    assert not last_use_is_stale(datetime(2026, 1, 1, 11, 59, 30), now)
    assert last_use_is_stale(datetime(2026, 1, 1, 11, 58), now)
