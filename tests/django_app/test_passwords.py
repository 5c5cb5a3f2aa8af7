"""shared_model.web.passwords, the Flask app's password rules, against Django's own validators."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import (
    MinimumLengthValidator,
    get_default_password_validators,
    validate_password,
)
from django.core.exceptions import ValidationError

from shared_model.web.passwords import PASSWORD_HELP, PASSWORD_MIN_LENGTH, password_errors

CASES = [
    ("alice", "plum-orchard-42"),
    ("alice", "Ab3$xyz"),
    ("alice", "48213975301"),
    ("alice", "1234"),
    ("alice", "Password123"),
    ("alice", " QWERTY "),
    ("alice", "alice"),
    ("alice", "alice123"),
    ("alice", ""),
    ("margaret.hamilton", "margaret1"),
    ("margaret.hamilton", "Hamilton!"),
    ("al", "an-orchard-of-plums-for-al"),
    ("Ünïcode_name", "ünïcode_name"),
    ("bob+lists@example", "example-lists-bob"),
    ("1234", "1234"),
]


def djangos_errors(username: str, password: str) -> list[str]:
    try:
        validate_password(password, get_user_model()(username=username))
    except ValidationError as error:
        return error.messages
    return []


@pytest.mark.parametrize(("username", "password"), CASES)
def test_password_errors_say_what_djangos_validators_say(username, password):
    assert password_errors(username, password) == djangos_errors(username, password)


def test_the_cases_cover_every_rule_and_a_good_password():
    said = {message for case in CASES for message in djangos_errors(*case)}

    assert len(said) == 4
    assert djangos_errors(*CASES[0]) == []


def test_the_password_hint_names_djangos_minimum_length():
    lengths = [
        validator.min_length
        for validator in get_default_password_validators()
        if isinstance(validator, MinimumLengthValidator)
    ]

    assert lengths == [PASSWORD_MIN_LENGTH]
    assert PASSWORD_HELP.startswith(f"At least {PASSWORD_MIN_LENGTH} characters")
