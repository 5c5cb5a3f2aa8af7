"""Sign-up, login and logout through the pages: the rules, the redirects, the messages."""

from __future__ import annotations

import pytest

from tools.harness.web import Auth, Client, html

# Pages, sessions and forms: not for an API-only app (deselected, see conftest.py).
pytestmark = pytest.mark.pages

LOGIN_FAILED = "Please enter a correct username and password."


@pytest.fixture(scope="module")
def registered(server, new_username, password):
    """Credentials of a user who signed up and whose session was then thrown away."""
    username = new_username()
    response = Auth(Client(server.base_url)).signup(username, password)
    assert response.status_code == 302
    return username, password


def form_error(response) -> str:
    errors = html(response).find(id="form-errors")
    return errors.get_text(" ", strip=True) if errors else ""


def error_beside(response, *names: str) -> str:
    """The error shown beside the first of `names` that has one."""
    soup = html(response)
    for name in names:
        error = soup.find(id=f"{name}-error")
        if error is not None:
            return error.get_text(" ", strip=True)
    return ""


def test_signup_logs_the_new_user_in(client, auth, new_username, password):
    response = auth.signup(new_username(), password)

    assert response.status_code == 302
    assert client.location(response) == "/predict/"
    assert client.get("/predict/").status_code == 200


def test_signup_shows_the_username_in_the_nav(client, auth, new_username, password):
    username = new_username()
    auth.signup(username, password)

    user = html(client.get("/predict/")).select_one(".site-nav .user")
    assert user is not None and user.get_text(strip=True) == username


def test_signup_refuses_mismatched_passwords(auth, new_username, password):
    username = new_username()

    response = auth.signup(username, password, password + "x")

    assert response.status_code == 400
    assert "match" in error_beside(response, "password2")
    assert auth.login(username, password).status_code == 400


@pytest.mark.parametrize(
    ("weak_password", "message"),
    [("Ab3$xyz", "too short"), ("48213975301", "entirely numeric"), ("password123", "too common")],
    ids=["too-short", "numeric", "common"],
)
@pytest.mark.security
def test_signup_refuses_a_weak_password(auth, new_username, weak_password, message):
    username = new_username()

    response = auth.signup(username, weak_password)

    assert response.status_code == 400
    # Beside the confirmation, where Django's UserCreationForm puts it, in both apps.
    assert message in error_beside(response, "password2")
    assert auth.login(username, weak_password).status_code == 400


def test_signup_refuses_a_duplicate_username(auth, registered):
    username, _ = registered

    response = auth.signup(username, "another-password-7")

    assert response.status_code == 400
    assert error_beside(response, "username") == "A user with that username already exists."
    assert auth.login(username, "another-password-7").status_code == 400


def test_login_redirects_to_predict_by_default(client, auth, registered):
    response = auth.login(*registered)

    assert response.status_code == 302
    assert client.location(response) == "/predict/"
    assert client.get("/predict/").status_code == 200


def test_login_redirects_to_a_local_next(client, auth, registered):
    response = auth.login(*registered, next="/dashboard/")

    assert response.status_code == 302
    assert client.location(response) == "/dashboard/"


@pytest.mark.parametrize(
    "target", ["//evil.com", "https://evil.com", "/\\evil.com", "http://evil.com/predict/"]
)
@pytest.mark.security
def test_login_ignores_a_next_that_leaves_the_site(client, auth, registered, target):
    response = auth.login(*registered, next=target)

    assert response.status_code == 302
    assert client.location(response) == "/predict/"


def test_login_with_a_wrong_password_is_refused(client, auth, registered):
    username, _ = registered

    response = auth.login(username, "not-the-password")

    assert response.status_code == 400
    assert form_error(response).startswith(LOGIN_FAILED)
    assert client.get("/predict/").status_code == 302


@pytest.mark.security
def test_login_failure_does_not_tell_whether_the_user_exists(auth, registered, new_username):
    username, _ = registered

    wrong_password = auth.login(username, "not-the-password")
    unknown_user = auth.login(new_username(), "not-the-password")

    assert unknown_user.status_code == wrong_password.status_code == 400
    assert form_error(unknown_user) == form_error(wrong_password)
    assert form_error(unknown_user).startswith(LOGIN_FAILED)


def test_logout_signs_out_and_goes_home(client, auth, new_username, password):
    auth.signup(new_username(), password)

    response = auth.logout()

    assert response.status_code == 302
    assert client.location(response) == "/"
    assert client.login_redirect_next(client.get("/predict/")) == "/predict/"


@pytest.mark.security
def test_logout_by_get_is_not_allowed(client, auth, new_username, password):
    auth.signup(new_username(), password)

    response = client.get("/accounts/logout/")

    assert response.status_code == 405
    assert client.get("/predict/").status_code == 200


@pytest.mark.security
def test_a_session_cookie_copied_before_logout_no_longer_signs_in(
    server, client, auth, new_username, password
):
    auth.signup(new_username(), password)
    copied = Client(server.base_url)
    copied.session.cookies.update(client.session.cookies)
    assert copied.get("/predict/").status_code == 200

    auth.logout()

    assert copied.login_redirect_next(copied.get("/predict/")) == "/predict/"
