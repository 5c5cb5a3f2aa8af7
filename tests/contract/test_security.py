"""Security the same in both apps: headers on every response, cookies, CSRF on every form."""

from __future__ import annotations

import pytest

from shared_model.web.security import CONTENT_SECURITY_POLICY
from tests.contract.expect import SECURITY_HEADERS, csp_directives, is_html
from tools.harness.web import Auth, Client

# Counted as security tests in the README's measured comparison (tools/compare/article.py).
pytestmark = pytest.mark.security

ANONYMOUS_RESPONSES = {
    "page": "/",
    "login-page": "/accounts/login/",
    "api": "/api/v1/health",
    "api-404": "/api/v1/no-such-thing",
    "page-404": "/no-such-page/",
    "static": "/static/iris/site.css",
    "admin-redirect": "/admin/",
}


def assert_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, name
    # The whole shared policy, on every kind of response (a static file and an error too).
    directives = csp_directives(response)
    for name, values in CONTENT_SECURITY_POLICY.items():
        assert sorted(directives.get(name, [])) == sorted(values), name
    assert "'unsafe-inline'" not in directives.get("script-src", [])


@pytest.mark.parametrize("path", ANONYMOUS_RESPONSES.values(), ids=ANONYMOUS_RESPONSES.keys())
def test_security_headers_on_every_response(client, path):
    assert_security_headers(client.get(path))


@pytest.mark.pages
def test_security_headers_on_a_signed_in_page(member):
    assert_security_headers(member.client.get("/dashboard/"))


@pytest.mark.pages
def test_security_headers_on_the_admin(staff):
    response = staff.client.get("/admin/")

    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.pages
def test_pages_send_the_shared_content_security_policy(client):
    directives = csp_directives(client.get("/"))

    for name, values in CONTENT_SECURITY_POLICY.items():
        assert sorted(directives.get(name, [])) == sorted(values), name


def test_no_hsts_without_https_even_behind_a_tls_proxy(client):
    response = client.get("/api/v1/docs", headers={"X-Forwarded-Proto": "https"})

    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.pages
def test_cookies_set_while_signing_in_are_httponly_and_samesite_lax(server, new_username, password):
    username = new_username()
    assert Auth(Client(server.base_url)).signup(username, password).status_code == 302
    client = Client(server.base_url)

    responses = [client.get("/accounts/login/"), Auth(client).login(username, password)]

    cookies = [
        cookie for response in responses for cookie in response.raw.headers.getlist("Set-Cookie")
    ]
    assert cookies, "signing in set no cookie"
    for cookie in cookies:
        attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
        assert "httponly" in attributes, cookie
        assert "samesite=lax" in attributes, cookie
        assert "secure" not in attributes, cookie


@pytest.mark.pages
def test_form_post_without_csrf_token_is_refused_and_stores_nothing(member, api, setosa):
    before = api.count()

    response = member.client.post("/predict/", data={k: str(v) for k, v in setosa.items()})

    assert response.status_code == 403
    assert is_html(response)
    assert api.count() == before


@pytest.mark.pages
def test_login_without_csrf_token_is_refused(client, new_username, password):
    response = client.post(
        "/accounts/login/", data={"username": new_username(), "password": password}
    )

    assert response.status_code == 403


@pytest.mark.pages
def test_logout_without_csrf_token_is_refused(member):
    response = member.client.post("/accounts/logout/")

    assert response.status_code == 403
    assert member.client.get("/predict/").status_code == 200


@pytest.mark.pages
def test_api_is_exempt_from_csrf_even_with_a_session_cookie(member, token, setosa):
    response = member.client.post(
        "/api/v1/predict",
        json={"features": setosa},
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.status_code == 200
