"""The common-password list: the same passwords Django refuses."""

from __future__ import annotations

import pytest

from shared_model.passwords import is_common_password


@pytest.mark.parametrize("password", ["password123", "PASSWORD123", " qwerty ", "123456"])
def test_common_passwords_are_recognised_whatever_their_case(password):
    assert is_common_password(password)


def test_an_uncommon_password_is_not():
    assert not is_common_password("plum-orchard-42-violet")
