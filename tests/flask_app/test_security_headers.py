"""The security headers, on a page, an API answer, an error, the admin and a static file;
the cookies; and what `HTTPS=1` changes."""

from __future__ import annotations

HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def set_cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


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
