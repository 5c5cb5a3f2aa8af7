"""`HTTPS=1` (the app behind a TLS proxy): Secure cookies and HSTS, but never a redirect.

A second server of the same app, on the same database, started with `HTTPS=1`. The proxy is
played by the `X-Forwarded-Proto` header, which gunicorn trusts from 127.0.0.1.
"""

from __future__ import annotations

import pytest
import requests

from shared_model.web.security import HSTS_SECONDS
from tools.harness.servers import start_server
from tools.harness.web import find_form, html

# Counted as security tests in the README's measured comparison (tools/compare/article.py).
pytestmark = pytest.mark.security

BEHIND_TLS = {"X-Forwarded-Proto": "https"}
# A page of every app.
DOCS = "/api/v1/docs"


@pytest.fixture(scope="module")
def https_server(server, tmp_path_factory):
    running = start_server(
        server.spec, server.database_url, tmp_path_factory.mktemp("https"), {"HTTPS": "1"}
    )
    yield running
    running.stop()


def set_cookies(response: requests.Response) -> list[str]:
    return response.raw.headers.getlist("Set-Cookie")


def test_https_sends_hsts_behind_a_tls_proxy(https_server):
    response = requests.get(f"{https_server.base_url}{DOCS}", headers=BEHIND_TLS, timeout=30)

    assert response.status_code == 200
    hsts = response.headers["Strict-Transport-Security"]
    assert f"max-age={HSTS_SECONDS}" in hsts


def test_https_never_redirects_plain_http(https_server):
    response = requests.get(f"{https_server.base_url}{DOCS}", allow_redirects=False, timeout=30)

    assert response.status_code == 200


@pytest.mark.pages
def test_https_makes_every_cookie_secure(https_server, new_username, password):
    # A browser would not send Secure cookies back over plain HTTP, so they are sent by hand.
    url = f"{https_server.base_url}/accounts/signup/"
    page = requests.get(url, timeout=30)
    cookies = "; ".join(cookie.split(";", 1)[0] for cookie in set_cookies(page))
    fields = {
        hidden["name"]: hidden.get("value", "")
        for hidden in find_form(html(page)).find_all("input", type="hidden")
    }
    username = new_username()
    fields.update(username=username, password=password, password2=password)

    signed_up = requests.post(
        url, data=fields, headers={"Cookie": cookies}, allow_redirects=False, timeout=30
    )

    assert signed_up.status_code == 302
    sent = set_cookies(page) + set_cookies(signed_up)
    assert sent
    for cookie in sent:
        attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
        assert {"secure", "httponly", "samesite=lax"} <= attributes, cookie
