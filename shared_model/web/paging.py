"""Paging, the same in both apps: the page size and how a `?page=` value is read.

Two readings. The history pages forgive, as Django's `Paginator.get_page` does: whatever a
person types gives a page (`clamp_page`). The API holds to its OpenAPI document, where
`page` is an integer of at least 1: anything else is refused (`api_page_value`). Both
answer the last page for a page past it.

The history pages and the API's list page through Django's `Paginator` and
Flask-SQLAlchemy's `paginate`, which would otherwise read a bad page number differently.
"""

from __future__ import annotations

from shared_model.model.validation import ValidationError

PAGE_SIZE = 20

NOT_A_PAGE = "Must be an integer of at least 1."
PAGE_PAST_THE_LAST = "A page past the last one answers the last page."


def clamp_page(raw: str | None, count: int, per_page: int = PAGE_SIZE) -> tuple[int, int]:
    """(page, pages) for a `?page=` value, read as Django's `Paginator.get_page` reads it.

    Absent or not a number: page 1. Below 1 or past the end: the last page (get_page's
    answer to any page out of range). There is always at least one page.
    """
    pages = max(1, -(-count // per_page))
    try:
        page = int(raw) if raw is not None else 1
    except ValueError:
        return 1, pages
    if not 1 <= page <= pages:
        return pages, pages
    return page, pages


def api_page_value(values: list[str]) -> str | None:
    """The API's `page`, from every value the query string gives it: None when it has none,
    else its one value, which must be an integer of at least 1 in decimal digits.

    Raises ValidationError naming `page` otherwise (`0`, `-1`, `x`, `1.5`, empty, or the
    parameter twice). A page past the last is the caller's to clamp (`clamp_page`).
    """
    if not values:
        return None
    if len(values) > 1:
        raise ValidationError("The input is invalid.", {"page": "Give one page number."})
    value = values[0]
    if not (value.isascii() and value.isdecimal()) or int(value) < 1:
        raise ValidationError("The input is invalid.", {"page": NOT_A_PAGE})
    return value
