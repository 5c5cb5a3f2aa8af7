"""Paging, the same in both apps: the page size and how a `?page=` value is read.

The history pages and the API's list use it, through Django's `Paginator` and
Flask-SQLAlchemy's `paginate`, which would otherwise read a bad page number differently.
"""

from __future__ import annotations

PAGE_SIZE = 20


def clamp_page(raw: str | None, count: int, per_page: int = PAGE_SIZE) -> tuple[int, int]:
    """(page, pages) for a `?page=` value, read as Django's `Paginator.get_page` reads it.

    Not a number: page 1. Past the end: the last page. There is always at least one page.
    """
    pages = max(1, -(-count // per_page))
    try:
        page = int(raw) if raw is not None else 1
    except ValueError:
        return 1, pages
    if page < 1:
        return 1, pages
    return min(page, pages), pages
