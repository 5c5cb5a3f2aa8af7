"""Error handling: `error.html` for people, the contract's JSON errors under /api/.

Django asks for error handling in several hooks, all pointing here: `handler400` to
`handler500` in config/urls.py, `CSRF_FAILURE_VIEW` in settings.py, and two middlewares
in `MIDDLEWARE`. The page's words and the API's codes come from `shared_model.pages.errors`.

`ApiErrorMiddleware` makes the errors Django answers itself under /api/ (an unknown path,
an unhandled exception, a database outage: see outages.py; a wrong method at the docs page
/api/v1/docs) the contract's JSON error, a 405 keeping its `Allow`; the API answers its own
405s (api.py). It works on the response, not in the handlers, because with DEBUG on Django
skips `handler404` and `handler500` for its technical HTML pages; Django has logged the
error by then, traceback included.

`MethodNotAllowedPageMiddleware` renders `error.html` for the 405s that `require_safe`,
`require_http_methods` and `View.http_method_not_allowed` (the login and logout views)
answer with an empty body, keeping their `Allow` header, so every error a person can meet
looks the same.

Flask counterpart: flask_app/errors.py
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from shared_model.api.wire import API_ERROR_CODES, API_PREFIX, STATUS_CODES, error_body
from shared_model.model.predictor import get_predictor
from shared_model.pages.errors import error_page_context

from . import outages


def api_error(
    code: str, *, message: str | None = None, details: dict | None = None
) -> JsonResponse:
    return JsonResponse(error_body(code, message, details), status=STATUS_CODES[code])


def error_page(request: HttpRequest, status: int) -> HttpResponse:
    return render(request, "error.html", error_page_context(status), status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_page(request, 403)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request's context processors: whatever failed (the database, the
    # session) may fail again there. A database outage is a 503, any other error a 500.
    status = 503 if outages.current_outage() else 500
    context = {**error_page_context(status), "predictor": get_predictor()}
    return HttpResponse(render_to_string("error.html", context), status=status)


class ApiErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        code = API_ERROR_CODES.get(response.status_code)
        under_api = request.path_info.startswith(API_PREFIX)
        # The API's own answers are JsonResponses; any other error is a page Django made.
        if code and under_api and not isinstance(response, JsonResponse):
            error = api_error(code)
            if response.has_header("Allow"):
                error["Allow"] = response["Allow"]
            return error
        return response


class MethodNotAllowedPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            page = error_page(request, 405)
            page["Allow"] = response["Allow"]
            return page
        return response
