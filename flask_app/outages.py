"""Database outages: a request the database cannot serve answers 503, logged in one line.

A database that cannot be reached raises SQLAlchemy's OperationalError or InterfaceError
wherever a request meets it: in a view, in loading the signed-in user, in a template. Flask
finds the handler registered here for those classes, so the error never reaches its
"Exception on ..." log with a traceback: `unavailable` logs one line and answers 503 (JSON
`unavailable` under /api/, the error page elsewhere). Nothing half-written stays: each
service is one transaction, rolled back when it fails, and Flask-SQLAlchemy removes the
session after every request. A connection that died with the server fails the one request
that meets it, and SQLAlchemy then drops every older connection of the pool (config.py), so
the app serves again without a restart once the database is back.

Django counterpart: django_app/predictions/outages.py
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from shared_model.api.wire import API_PREFIX, UNAVAILABLE_LOG, error_summary
from shared_model.pages.errors import error_page_context

from .errors import api_error
from .extensions import get_predictor, login_manager

OUTAGE_ERRORS = (OperationalError, InterfaceError)


def unavailable(error: DBAPIError) -> Response:
    current_app.logger.error(
        UNAVAILABLE_LOG, request.method, request.path, error_summary(error.orig or error)
    )
    if request.path.startswith(API_PREFIX):
        return api_error("unavailable")
    # Rendered without the request's context processors, as Django's `server_error` renders
    # its 500 and 503 pages: Flask-Login's would load the signed-in user from the database
    # that has just failed. The page is drawn for an anonymous visitor.
    page = current_app.jinja_env.get_template("error.html").render(
        error_page_context(503),
        predictor=get_predictor(),
        current_user=login_manager.anonymous_user(),
    )
    return Response(page, 503, mimetype="text/html")


def init_app(app: Flask) -> None:
    for error_class in OUTAGE_ERRORS:
        app.register_error_handler(error_class, unavailable)
