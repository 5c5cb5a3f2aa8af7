"""Paging: a `?page=` value read as Django's `Paginator.get_page` reads it."""

from __future__ import annotations

import pytest

from shared_model.web.paging import clamp_page


@pytest.mark.parametrize(
    ("raw", "count", "expected"),
    [
        (None, 0, (1, 1)),
        ("1", 45, (1, 3)),
        ("3", 45, (3, 3)),
        ("4", 45, (3, 3)),
        ("0", 45, (1, 3)),
        ("-2", 45, (1, 3)),
        ("x", 45, (1, 3)),
        ("2", 40, (2, 2)),
    ],
)
def test_page_numbers_are_clamped(raw, count, expected):
    assert clamp_page(raw, count) == expected
