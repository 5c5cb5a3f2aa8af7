"""What exercise 02's checks of both apps look for alike: the bad lines and their messages,
the page's own title and description, and the error beside the field."""

from __future__ import annotations

from shared_model.pages.meta import PAGES, title
from workshop.support import html, shown

URL = "/predict/quick/"
NOT_FOUR_NUMBERS = "Enter four numbers separated by commas."
# Lines the form refuses, with the message beside the field (None: any message).
BAD_LINES = [
    ("5.1, 3.5, 1.4", NOT_FOUR_NUMBERS),
    ("5.1, 3.5, 1.4, 0.2, 7", NOT_FOUR_NUMBERS),
    ("a, b, c, d", None),
    ("", None),
]


def metadata(page) -> tuple[str, str]:
    description = page.select_one('head meta[name="description"]')
    return page.title.get_text(strip=True), (description or {}).get("content", "").strip()


def check_the_page_names_itself(page, predict_page) -> None:
    """Its <title> and description are an entry of shared_model.pages.meta.PAGES, its own."""
    own = metadata(page)
    entries = {(title(text), text.description): name for name, text in PAGES.items()}
    assert own in entries, (
        'The page names itself in <title> and <meta name="description"> with words written '
        "once in shared_model/pages/meta.py (a PAGES entry, used by the template's title and "
        f"description blocks); it shows {shown(own)}."
    )
    assert own != metadata(predict_page), (
        f"The page has words of its own in PAGES, not those of /predict/ ({entries[own]!r})."
    )


def the_error(response) -> str:
    """The error shown beside the `measurements` field (rendered with _field.html)."""
    error = html(response).find(id="measurements-error")
    assert error is not None, (
        'The error belongs beside the field, with id="measurements-error": render the '
        "field with the shared _field.html include."
    )
    return error.get_text(" ", strip=True)
