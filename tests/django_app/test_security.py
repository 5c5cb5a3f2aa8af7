"""The Content-Security-Policy middleware where the contract cannot reach: DEBUG pages and a
response that brings its own policy (the contract checks the header on every response).

Flask counterpart: none; the Flask app has no debug pages of Django's kind.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from django_app.predictions.security import ContentSecurityPolicyMiddleware
from shared_model.web.security import csp_header


@override_settings(DEBUG=True)
def test_debug_pages_go_without_the_policy_that_would_block_their_inline_styles(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Content-Security-Policy" not in response.headers


def test_pages_get_the_shared_policy_with_debug_off(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response.headers["Content-Security-Policy"] == csp_header()


def test_a_response_with_its_own_policy_keeps_it():
    own = HttpResponse(headers={"Content-Security-Policy": "default-src 'none'"})
    middleware = ContentSecurityPolicyMiddleware(lambda request: own)

    response = middleware(RequestFactory().get("/"))

    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
