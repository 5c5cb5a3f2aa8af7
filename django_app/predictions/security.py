"""The Content-Security-Policy header, on every response: pages, API, admin, static files.

Django 5.2 sends the other security headers itself, from settings (`SecurityMiddleware`,
`XFrameOptionsMiddleware`); a CSP middleware of its own (`SECURE_CSP`) comes with Django 6.0,
which needs Python 3.12. Until then these lines stand in for it. The policy is fixed (no
nonces: no inline script or style anywhere), so its header is one string, built once from
`shared_model.web.security` when the server starts, where the django-csp package built it from
its settings twice per response.

Flask counterpart: the `add_security_headers` hook in flask_app/__init__.py
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from shared_model.web import security

# With DEBUG on, Django answers these with its own pages, styled inline.
DEBUG_PAGE_STATUSES = (404, 500)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.header = security.csp_header()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.DEBUG and response.status_code in DEBUG_PAGE_STATUSES:
            return response
        # setdefault: a response that brings its own policy keeps it, as in the Flask hook.
        response.headers.setdefault("Content-Security-Policy", self.header)
        return response
