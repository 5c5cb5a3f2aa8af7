"""The security headers both apps send on every response, pages and API alike.

Django sets them with its SecurityMiddleware and XFrameOptionsMiddleware, and the policy with
django_app/predictions/security.py; Flask with an `after_request` hook in flask_app/__init__.py
(and WhiteNoise's header hook for the static files it answers). The values are defined once here.
"""

from __future__ import annotations

# No inline script or style anywhere: the charts are server-drawn SVG, the CSS a file.
CONTENT_SECURITY_POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

FRAME_OPTIONS = "DENY"
CONTENT_TYPE_OPTIONS = "nosniff"
REFERRER_POLICY = "same-origin"
# A page opened from another site cannot reach back into this one through window.opener.
CROSS_ORIGIN_OPENER_POLICY = "same-origin"
HSTS_SECONDS = 31536000  # one year, sent only when HTTPS=1


def csp_header() -> str:
    return "; ".join(
        f"{name} {' '.join(values)}" for name, values in CONTENT_SECURITY_POLICY.items()
    )


def hsts_header() -> str:
    """Strict-Transport-Security as Django writes it with SECURE_HSTS_INCLUDE_SUBDOMAINS."""
    return f"max-age={HSTS_SECONDS}; includeSubDomains"


def response_headers(*, secure: bool) -> dict[str, str]:
    """The headers of every response; HSTS only on one that came over https (HTTPS=1)."""
    headers = {
        "X-Frame-Options": FRAME_OPTIONS,
        "X-Content-Type-Options": CONTENT_TYPE_OPTIONS,
        "Referrer-Policy": REFERRER_POLICY,
        "Cross-Origin-Opener-Policy": CROSS_ORIGIN_OPENER_POLICY,
        "Content-Security-Policy": csp_header(),
    }
    if secure:
        headers["Strict-Transport-Security"] = hsts_header()
    return headers
