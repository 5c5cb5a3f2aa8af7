"""Assertions the contract repeats: an API error body, a page's security headers."""

from __future__ import annotations

import requests

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def api_error(response: requests.Response, status: int, code: str) -> dict:
    """Check an API error answer (status, JSON body, code) and return its details."""
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "message", "details"}
    assert body["error"] == code
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["details"], dict)
    return body["details"]


def csp_directives(response: requests.Response) -> dict[str, list[str]]:
    policy = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def is_html(response: requests.Response) -> bool:
    return response.headers.get("Content-Type", "").startswith("text/html")
