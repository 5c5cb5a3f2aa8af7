"""Database outages: a request the database cannot serve answers 503, logged in one line.

A database that cannot be reached raises SQLAlchemy's OperationalError or InterfaceError
wherever a request meets it: in the token check, in an endpoint. FastAPI finds the handler
registered here for those classes, as for any exception class with a handler, so the error
never reaches the server's "Exception in ASGI application" log with a traceback:
`unavailable` logs one line and answers 503 `unavailable`. Nothing half-written stays: each
service commits once, and the request's session rolls back and closes when the request
ends. A connection that died with the server fails the one request that meets it, and
SQLAlchemy then drops every older connection of the pool (shared_model.web.engines), so the
app serves again without a restart once the database is back.

Django counterpart: django_app/predictions/outages.py; Flask counterpart: flask_app/outages.py
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from shared_model.api.wire import STATUS_CODES, UNAVAILABLE_LOG, error_body, error_summary

OUTAGE_ERRORS = (OperationalError, InterfaceError)
# The server's error log (gunicorn's, through its uvicorn worker, or uvicorn's own).
logger = logging.getLogger("uvicorn.error")


async def unavailable(request: Request, error: DBAPIError) -> JSONResponse:
    logger.error(
        UNAVAILABLE_LOG, request.method, request.url.path, error_summary(error.orig or error)
    )
    return JSONResponse(error_body("unavailable"), STATUS_CODES["unavailable"])


def init_app(app: FastAPI) -> None:
    for error_class in OUTAGE_ERRORS:
        app.add_exception_handler(error_class, unavailable)
