"""The API token page: a token is shown once, stored as a hash, and replaced by a new one."""

from __future__ import annotations

import pytest

from tools.harness.web import Api, Auth, html

# Pages, sessions and forms: not for an API-only app (deselected, see conftest.py).
pytestmark = pytest.mark.pages


def test_token_page_says_there_is_no_token_yet(sign_up):
    newcomer = sign_up()

    response = newcomer.client.get("/accounts/token/")

    assert response.status_code == 200
    soup = html(response)
    assert soup.find(id="api-token") is None
    assert "no API token" in soup.get_text(" ")


def test_token_page_post_shows_a_working_token(server, sign_up):
    newcomer = sign_up()

    token = Auth(newcomer.client).new_token()

    assert len(token) >= 43  # 32 random bytes, base64-encoded
    assert Api(server.base_url, token).get("/api/v1/predictions").status_code == 200


@pytest.mark.security
def test_token_is_not_shown_again(sign_up):
    newcomer = sign_up()
    token = Auth(newcomer.client).new_token()

    response = newcomer.client.get("/accounts/token/")

    assert response.status_code == 200
    soup = html(response)
    assert soup.find(id="api-token") is None
    assert token not in response.text
    assert "You have an API token" in soup.get_text(" ")
    assert soup.find("time", datetime=True) is not None


@pytest.mark.security
def test_new_token_invalidates_the_old_one(server, sign_up):
    newcomer = sign_up()
    old = Auth(newcomer.client).new_token()

    new = Auth(newcomer.client).new_token()

    assert new != old
    assert Api(server.base_url, old).get("/api/v1/predictions").status_code == 401
    assert Api(server.base_url, new).get("/api/v1/predictions").status_code == 200


@pytest.mark.security
def test_token_page_is_never_cached(sign_up):
    newcomer = sign_up()

    shown = newcomer.client.submit("/accounts/token/", {})
    status = newcomer.client.get("/accounts/token/")

    for response in (shown, status):
        assert "no-store" in response.headers.get("Cache-Control", "")
