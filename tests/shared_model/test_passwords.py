"""The password rules: the common-password list and the four rules Django applies."""

from __future__ import annotations

import pytest

from shared_model.web.passwords import is_common_password, password_errors


@pytest.mark.parametrize("password", ["password123", "PASSWORD123", " qwerty ", "123456"])
def test_common_passwords_are_recognised_whatever_their_case(password):
    assert is_common_password(password)


def test_an_uncommon_password_is_not():
    assert not is_common_password("plum-orchard-42-violet")


def test_a_good_password_has_no_errors():
    assert password_errors("alice", "plum-orchard-42") == []


def test_every_broken_rule_is_said_in_djangos_order():
    assert password_errors("1234", "1234") == [
        "The password is too similar to the username.",
        "This password is too short. It must contain at least 8 characters.",
        "This password is too common.",
        "This password is entirely numeric.",
    ]


def test_a_long_password_that_contains_a_short_username_is_not_too_similar():
    assert password_errors("al", "an-orchard-of-plums-for-al") == []
