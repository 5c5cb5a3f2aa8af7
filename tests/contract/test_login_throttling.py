"""Login throttling: 5 failures for one username from one address, then 429 for 15 minutes.

Every request of the suite comes from 127.0.0.1, so each test locks its own new username.
"""

from __future__ import annotations

import pytest

from shared_model.web.throttling import FAILURE_LIMIT, LOCKED_OUT_MESSAGE
from tests.contract.expect import is_html
from tools.harness.web import Auth, Client, html

# Pages, sessions and forms: not for an API-only app (deselected, see conftest.py).
pytestmark = [pytest.mark.security, pytest.mark.pages]

WRONG_PASSWORD = "not-the-password-1"


def fail(client: Client, username: str, times: int) -> None:
    """`times` ordinary failed logins: 400, the login failure, no lockout message."""
    for attempt in range(1, times + 1):
        response = Auth(client).login(username, WRONG_PASSWORD)
        assert response.status_code == 400, f"failure {attempt} answered {response.status_code}"
        assert LOCKED_OUT_MESSAGE not in response.text


def assert_locked_out(response) -> None:
    assert response.status_code == 429, response.status_code
    assert is_html(response)
    page = html(response)
    assert page.find("input", attrs={"name": "password"}) is not None, "not the login page"
    assert page.find(id="form-errors").get_text(" ", strip=True) == LOCKED_OUT_MESSAGE


@pytest.fixture
def locked_member(sign_up, server):
    """A member whose username is locked out from this address: FAILURE_LIMIT failures."""
    member = sign_up()
    fail(Client(server.base_url), member.username, FAILURE_LIMIT)
    return member


def test_the_attempt_after_the_limit_is_refused_even_with_the_right_password(locked_member, client):
    response = Auth(client).login(locked_member.username, locked_member.password)

    assert_locked_out(response)
    assert client.login_redirect_next(client.get("/predict/")) == "/predict/"


def test_an_unknown_username_is_locked_out_alike(client, new_username):
    username = new_username("nobody")
    fail(client, username, FAILURE_LIMIT)

    assert_locked_out(Auth(client).login(username, WRONG_PASSWORD))


def test_a_successful_login_clears_the_failures(sign_up, client):
    member = sign_up()
    fail(client, member.username, FAILURE_LIMIT - 1)
    assert Auth(client).login(member.username, member.password).status_code == 302
    Auth(client).logout()

    fail(client, member.username, FAILURE_LIMIT - 1)

    assert Auth(client).login(member.username, member.password).status_code == 302


def test_a_lockout_leaves_other_usernames_alone(locked_member, sign_up, client):
    other = sign_up()

    assert Auth(client).login(other.username, other.password).status_code == 302


def test_the_api_is_unaffected_by_a_lockout(sign_up, client):
    member = sign_up()
    member.token = Auth(member.client).new_token()
    fail(client, member.username, FAILURE_LIMIT)
    assert_locked_out(Auth(client).login(member.username, member.password))

    assert member.api.get("/api/v1/predictions").status_code == 200


def test_unlock_user_ends_a_lockout(locked_member, server, client):
    unlocked = server.cli("unlock-user", locked_member.username)

    assert unlocked.returncode == 0, unlocked.stderr
    assert locked_member.username in unlocked.stdout
    assert Auth(client).login(locked_member.username, locked_member.password).status_code == 302


def test_a_new_browser_or_user_agent_does_not_reset_the_count(sign_up, server):
    member = sign_up()
    for attempt in range(FAILURE_LIMIT):
        # Each failure from a new session with its own User-Agent: the pair is still the same.
        fresh = Client(server.base_url)
        fresh.session.headers["User-Agent"] = f"browser-{attempt}"
        fail(fresh, member.username, 1)
    fresh = Client(server.base_url)
    fresh.session.headers["User-Agent"] = "yet-another-browser"

    assert_locked_out(Auth(fresh).login(member.username, member.password))
