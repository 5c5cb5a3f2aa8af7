"""The security headers, on a page, an API answer, an error, the admin and a static file."""

from __future__ import annotations

import pytest

from shared_model.security import csp_header
from tests.support.samples import PASSWORD

pytestmark = pytest.mark.django_db

HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def csp(response):
    return {
        part.split()[0]: part.split()[1:]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    }


def expected_csp():
    return {part.split()[0]: part.split()[1:] for part in csp_header().split("; ")}


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
        assert response[name] == value
    assert csp(response) == expected_csp()


def test_security_headers_are_on_the_admin_for_staff(client, staff):
    client.force_login(staff)

    response = client.get("/admin/predictions/prediction/")

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_session_cookie_is_httponly_and_lax(client, user):
    client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})

    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_no_hsts_without_https(client):
    assert "Strict-Transport-Security" not in client.get("/")
