"""The Idempotency-Key's rules and the body's hash, the same for every app."""

from __future__ import annotations

import hashlib

import pytest

from shared_model.api.idempotency import HEADER, KEY_INVALID, MAX_KEY_LENGTH, body_sha256, key_error


@pytest.mark.parametrize(
    "key", ["k", "k" * MAX_KEY_LENGTH, "a b", "~!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}", "0" * 64]
)
def test_one_to_255_printable_ascii_characters_make_a_key(key):
    assert key_error(key) is None


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("", id="empty"),
        pytest.param("k" * (MAX_KEY_LENGTH + 1), id="256-characters"),
        pytest.param("cl\u00e9", id="non-ascii"),
        pytest.param("a\tb", id="tab"),
        pytest.param("a\x01b", id="control"),
        pytest.param("a\x7fb", id="delete"),
        pytest.param("a\nb", id="newline"),
    ],
)
def test_anything_else_is_a_validation_error_naming_the_header(key):
    error = key_error(key)

    assert error is not None
    assert error.status == 400
    assert error.body == {
        "error": "validation_error",
        "message": "The input is invalid.",
        "details": {HEADER: KEY_INVALID},
    }


def test_the_body_is_kept_as_its_sha256():
    body = b'{"features": {}}'

    assert body_sha256(body) == hashlib.sha256(body).hexdigest()
    assert body_sha256(body) != body_sha256(body + b" ")
