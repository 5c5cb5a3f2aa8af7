"""The security headers both apps send: HSTS only on a request that came over https."""

from __future__ import annotations

from shared_model.web.security import HSTS_SECONDS, csp_header, response_headers


def test_every_response_gets_the_five_headers_and_no_hsts_over_http():
    headers = response_headers(secure=False)

    assert headers == {
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Content-Security-Policy": csp_header(),
    }


def test_a_secure_request_also_gets_hsts_with_subdomains():
    headers = response_headers(secure=True)

    assert headers["Strict-Transport-Security"] == f"max-age={HSTS_SECONDS}; includeSubDomains"


def test_the_policy_allows_no_inline_script_or_style():
    assert "unsafe-inline" not in csp_header()
