"""Error handling: `error.html` for people, the contract's JSON errors under /api/.

Flask sends every error of the app, in debug mode too, through the handlers `init_app`
registers here: one list of exception -> handler (outages.py adds the database's errors,
answered 503). Unhandled exceptions arrive as a 500, with no traceback in the answer. The
page's words and the API's codes come from `shared_model.pages.errors`.

Django counterpart: django_app/predictions/errors.py
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from shared_model.api.wire import API_ERROR_CODES, API_PREFIX, STATUS_CODES, error_body
from shared_model.pages.errors import error_page_context


def api_error(code: str, *, message: str | None = None, details: dict | None = None) -> Response:
    response = jsonify(error_body(code, message, details))
    response.status_code = STATUS_CODES[code]
    return response


def error_page(status: int, *, title: str = "", sentence: str = "") -> Response:
    context = error_page_context(status, title=title, sentence=sentence)
    return make_response(render_template("error.html", **context), status)


def http_error(error: HTTPException) -> Response:
    """The error page for `error`, or the JSON error under /api/."""
    if request.path.startswith(API_PREFIX) and error.code in API_ERROR_CODES:
        response = api_error(API_ERROR_CODES[error.code])
    else:
        response = error_page(error.code, title=error.name, sentence=error.description)
    if error.code == 405:
        # In a fixed order (the router gives a set), the one the Django app's views give.
        response.headers["Allow"] = ", ".join(sorted(error.valid_methods))
    return response


def untrusted_host(error: SecurityError) -> SecurityError:
    # A Host header outside ALLOWED_HOSTS is refused before Flask can build URLs for the
    # request, so no page of the site (they all link somewhere) can be rendered: Werkzeug's
    # own plain 400 page answers.
    return error


def csrf_failure(error: CSRFError) -> Response:
    # Flask-WTF calls a missing or wrong token a 400; both apps answer 403, as Django does.
    return error_page(403)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(SecurityError, untrusted_host)
    app.register_error_handler(CSRFError, csrf_failure)
