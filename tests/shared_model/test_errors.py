"""What an error says: the error pages' words and the API's code for each status."""

from __future__ import annotations

from shared_model.api.wire import API_ERROR_CODES, ERROR_MESSAGES, STATUS_CODES
from shared_model.pages.errors import ERROR_PAGES, error_page_context


def test_each_framework_error_code_is_the_contract_code_of_its_status():
    for status, code in API_ERROR_CODES.items():
        assert STATUS_CODES[code] == status
        assert code in ERROR_MESSAGES


def test_an_unknown_path_and_an_unhandled_exception_have_codes():
    assert API_ERROR_CODES[404] == "not_found"
    assert API_ERROR_CODES[500] == "internal_error"


def test_a_400_has_no_framework_code_since_two_codes_share_it():
    assert 400 not in API_ERROR_CODES


def test_the_page_of_a_known_status_has_its_own_words():
    context = error_page_context(404, title="ignored", sentence="ignored")
    assert context == {"status": 404, "title": "Not found", "sentence": ERROR_PAGES[404][1]}


def test_a_status_without_words_takes_the_given_ones():
    context = error_page_context(418, title="I'm a teapot", sentence="Short and stout.")
    assert context == {"status": 418, "title": "I'm a teapot", "sentence": "Short and stout."}
