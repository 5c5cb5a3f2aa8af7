"""What an error page says, the same in both apps: its title and its sentence.

Each app's `errors.py` answers an error with `error.html` and `error_page_context`, or,
under /api/, with the JSON error whose code `shared_model.api.wire.API_ERROR_CODES` gives
for the status.
"""

from __future__ import annotations

# The title and the sentence of each error page.
ERROR_PAGES: dict[int, tuple[str, str]] = {
    400: ("Bad request", "The request could not be understood."),
    403: ("Forbidden", "You do not have permission to do this."),
    404: ("Not found", "There is no page at this address."),
    405: ("Method not allowed", "This page does not accept that kind of request."),
    413: ("Request too large", "The request is larger than this site accepts."),
    500: ("Server error", "Something went wrong on our side. Please try again later."),
    503: (
        "Service unavailable",
        "The service is temporarily unavailable. Please try again in a moment.",
    ),
}


def error_page_context(status: int, *, title: str = "", sentence: str = "") -> dict:
    """The template context of `error.html` for `status`; `title` and `sentence` stand in
    for a status without words of its own."""
    title, sentence = ERROR_PAGES.get(status, (title, sentence))
    return {"status": status, "title": title, "sentence": sentence}
