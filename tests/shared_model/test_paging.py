"""Paging: the pages read `?page=` as Django's `Paginator.get_page` does; the API holds it to
its OpenAPI document."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator

from shared_model.model.validation import ValidationError
from shared_model.web.paging import NOT_A_PAGE, api_page_value, clamp_page

PAGE_VALUES = [None, "1", "2", "3", "4", "99", "0", "-2", "x", "1.5", "", " 2", "1e3"]


@pytest.mark.parametrize(
    ("raw", "count", "expected"),
    [
        (None, 0, (1, 1)),
        ("1", 45, (1, 3)),
        ("3", 45, (3, 3)),
        ("4", 45, (3, 3)),
        ("0", 45, (3, 3)),
        ("-2", 45, (3, 3)),
        ("x", 45, (1, 3)),
        ("1.5", 45, (1, 3)),
        ("2", 40, (2, 2)),
    ],
)
def test_page_numbers_are_clamped(raw, count, expected):
    assert clamp_page(raw, count) == expected


@pytest.mark.parametrize("count", [0, 1, 20, 45])
@pytest.mark.parametrize("raw", PAGE_VALUES)
def test_a_page_value_is_read_as_djangos_get_page_reads_it(raw, count):
    paginator = Paginator(range(count), 20)

    assert clamp_page(raw, count) == (paginator.get_page(raw).number, paginator.num_pages)


@pytest.mark.parametrize(("values", "expected"), [([], None), (["1"], "1"), (["99"], "99")])
def test_the_api_takes_an_absent_page_or_an_integer_of_at_least_one(values, expected):
    assert api_page_value(values) == expected


@pytest.mark.parametrize("value", ["0", "-1", "x", "1.5", "", " 1", "+1", "1e3", "٣"])
def test_the_api_refuses_any_other_page_naming_it(value):
    with pytest.raises(ValidationError) as refused:
        api_page_value([value])

    assert refused.value.details == {"page": NOT_A_PAGE}


def test_the_api_refuses_two_pages():
    with pytest.raises(ValidationError) as refused:
        api_page_value(["1", "2"])

    assert set(refused.value.details) == {"page"}
