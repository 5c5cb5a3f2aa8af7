"""Error handling: every error as the contract's JSON `{"error", "message", "details"}`.

FastAPI and Starlette answer errors their own way: 422 `{"detail": [...]}` for a parameter
that fails its type, `{"detail": "Not Found"}` for 404 and 405, and a plain-text 500. The
handlers `init_app` registers answer each with the contract's code instead:

- Starlette's HTTPException (the router's 404 and 405 with `Allow`, auth.py's 401 with
  `WWW-Authenticate`, middleware.py's 413) keeps its status and headers;
- FastAPI's RequestValidationError (a typed parameter that fails its type) is 400
  `validation_error` naming each parameter, as the OpenAPI document's 400 says;
- the shared wire format's ApiError and the shared validation's ValidationError, raised by
  the predict endpoint and the services, are their 400, 413 or 415;
- a database outage (outages.py) is 503 `unavailable`;
- anything else is 500 `internal_error`, with no traceback in the answer. Starlette answers
  it from its outermost layer, outside the app's middleware, so the handler adds the
  security headers itself. The server still logs the traceback.

The app has no pages: a path outside /api/ gets the same JSON errors.

Django counterpart: django_app/predictions/errors.py; Flask counterpart: flask_app/errors.py
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from shared_model.api.wire import (
    API_ERROR_CODES,
    STATUS_CODES,
    ApiError,
    error_body,
    validation_api_error,
)
from shared_model.model.validation import ValidationError

from . import outages
from .middleware import security_headers

# The status of each HTTPException the app meets, as the contract's code.
HTTP_ERROR_CODES = {STATUS_CODES["unauthorized"]: "unauthorized", **API_ERROR_CODES}


def api_error(
    code: str, *, details: dict | None = None, headers: dict | None = None
) -> JSONResponse:
    return JSONResponse(error_body(code, details=details), STATUS_CODES[code], headers)


async def http_error(request: Request, error: HTTPException) -> JSONResponse:
    headers = dict(error.headers or {})
    if "Allow" in headers:
        # Starlette joins a set of methods, in no fixed order: the same order every time.
        headers["Allow"] = ", ".join(sorted(headers["Allow"].split(", ")))
    return api_error(HTTP_ERROR_CODES[error.status_code], headers=headers)


async def invalid_parameter(request: Request, error: RequestValidationError) -> JSONResponse:
    # A location is ("query", "name"): the parameter's name is its last part. No parameter
    # of the app can fail its type today (api.py reads `page` as a string, as the other apps
    # do, and the Idempotency-Key header is a list of strings), so this answers what FastAPI
    # would otherwise answer 422, should one be added.
    details = {str(problem["loc"][-1]): problem["msg"] for problem in error.errors()}
    return api_error("validation_error", details=details)


async def refused(request: Request, error: ApiError) -> JSONResponse:
    return JSONResponse(error.body, error.status)


async def invalid_input(request: Request, error: ValidationError) -> JSONResponse:
    return await refused(request, validation_api_error(error))


def init_app(app: FastAPI, *, https: bool) -> None:
    async def internal_error(request: Request, error: Exception) -> JSONResponse:
        headers = {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in security_headers(request.scope, https=https)
        }
        return api_error("internal_error", headers=headers)

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_parameter)
    app.add_exception_handler(ApiError, refused)
    app.add_exception_handler(ValidationError, invalid_input)
    app.add_exception_handler(Exception, internal_error)
    outages.init_app(app)
