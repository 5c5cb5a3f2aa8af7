"""The security headers both apps send on every response, pages and API alike.

Django sets them with its SecurityMiddleware, XFrameOptionsMiddleware and django-csp;
Flask with Flask-Talisman. The values are defined once here.
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
REFERRER_POLICY = "same-origin"
HSTS_SECONDS = 31536000  # one year, sent only when HTTPS=1


def csp_header() -> str:
    return "; ".join(
        f"{name} {' '.join(values)}" for name, values in CONTENT_SECURITY_POLICY.items()
    )
