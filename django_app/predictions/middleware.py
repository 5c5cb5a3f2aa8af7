"""Gives Django's bare 405 answers the site's error page.

`require_POST` and `View.http_method_not_allowed` (used by `LogoutView`) answer 405 with an
empty body. This renders `error.html` for them, keeping their `Allow` header, so every error
a person can meet looks the same. (The API answers its own 405s in JSON; see api.py.)

Framework-only: Flask sends its 405s through the app's error handlers like any other error.
"""

from .views import error_page


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
