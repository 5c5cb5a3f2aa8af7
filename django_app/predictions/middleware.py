"""The app's middleware: JSON errors under /api/, and the error page for Django's bare 405s.

`ApiErrorMiddleware` makes the errors Django answers itself under /api/ (an unknown path,
an unhandled exception, a database outage: see outages.py) the contract's JSON error; the
API answers its own 405s (api.py). It works on the response, not in the error handlers,
because with DEBUG on Django skips `handler404` and `handler500` for its technical HTML
pages; Django has logged the error by then, traceback included.

`MethodNotAllowedPageMiddleware` renders `error.html` for the 405s that `require_POST` and
`View.http_method_not_allowed` (used by `LogoutView`) answer with an empty body, keeping
their `Allow` header, so every error a person can meet looks the same.

Framework-only: Flask sends every error, in debug mode too, through the app's error handler
(`error_page` in flask_app/views.py), which answers JSON under /api/ and a page elsewhere.
"""

from django.http import JsonResponse

from .api import api_error
from .views import error_page

API_PREFIX = "/api/"
API_ERROR_CODES = {404: "not_found", 500: "internal_error", 503: "unavailable"}


class ApiErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        code = API_ERROR_CODES.get(response.status_code)
        under_api = request.path_info.startswith(API_PREFIX)
        # The API's own answers are JsonResponses; any other error is a page Django made.
        if code and under_api and not isinstance(response, JsonResponse):
            return api_error(code)
        return response


class MethodNotAllowedPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            page = error_page(request, 405)
            page["Allow"] = response["Allow"]
            return page
        return response
