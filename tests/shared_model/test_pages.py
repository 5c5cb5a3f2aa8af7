"""The pages' titles and descriptions: one sentence of its own for each page."""

from __future__ import annotations

from shared_model.pages.meta import PAGES, SERVICE_NAME, title


def test_every_description_is_a_sentence_of_its_own():
    descriptions = [page.description for page in PAGES.values()]

    assert len(set(descriptions)) == len(descriptions)
    # Search engines show about 155 characters; fewer than 50 says too little.
    assert all(50 <= len(text) <= 160 for text in descriptions)
    assert all(text.endswith(".") for text in descriptions)


def test_a_title_names_the_page_then_the_service():
    assert title(PAGES["dashboard"]) == f"Dashboard · {SERVICE_NAME}"
