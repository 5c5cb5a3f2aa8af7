"""The security headers, on a page, an API answer, an error, the admin and a static file;
the cookies; and what `HTTPS=1` changes."""

from __future__ import annotations

import pytest

from shared_model.security import HSTS_SECONDS, csp_header
from tests.support.samples import PASSWORD

HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def set_cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/accounts/login/",
        "/api/v1/health",
        "/api/v1/nothing",
        "/no-such-page/",
        "/admin/",
        "/static/iris/site.css",
    ],
    ids=["page", "login", "api", "api-404", "404", "admin", "static"],
)
def test_security_headers_are_on_every_response(client, path):
    response = client.get(path)

    for name, value in HEADERS.items():
        assert response.headers[name] == value
    assert response.headers["Content-Security-Policy"] == csp_header()


def test_security_headers_are_on_the_admin_for_staff(client, auth, staff):
    auth.login("sam")

    response = client.get("/admin/prediction/")

    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_security_headers_are_on_an_unhandled_error(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom/")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom/")

    assert response.status_code == 500
    assert response.headers["X-Frame-Options"] == "DENY"


def test_session_cookie_is_httponly_and_lax_and_not_secure(client, auth, user):
    cookies = set_cookies(auth.login())

    assert cookies
    for cookie in cookies:
        attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
        assert {"httponly", "samesite=lax"} <= attributes
        assert "secure" not in attributes


def test_no_hsts_without_https(client):
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})

    assert "Strict-Transport-Security" not in response.headers


def test_https_sends_hsts_behind_a_tls_proxy_and_never_redirects(make_app, monkeypatch):
    monkeypatch.setenv("HTTPS", "1")
    client = make_app().test_client()

    plain = client.get("/")
    proxied = client.get("/", headers={"X-Forwarded-Proto": "https"})

    assert plain.status_code == proxied.status_code == 200
    assert proxied.headers["Strict-Transport-Security"].startswith(f"max-age={HSTS_SECONDS}")


def test_https_makes_the_session_cookie_secure(make_app, make_user, monkeypatch):
    monkeypatch.setenv("HTTPS", "1")
    client = make_app(WTF_CSRF_ENABLED=False).test_client()
    make_user("alice")

    response = client.post(
        "/accounts/login/",
        data={"username": "alice", "password": PASSWORD},
        headers={"X-Forwarded-Proto": "https"},
    )

    assert response.status_code == 302
    assert all("Secure" in cookie for cookie in set_cookies(response))
