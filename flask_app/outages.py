"""Database outages: a request the database cannot serve answers 503, logged in one line.

A database that cannot be reached raises SQLAlchemy's OperationalError or InterfaceError
wherever a request meets it: in a view, in loading the signed-in user, in a template. Flask
finds the handler registered here for those classes, so the error never reaches its
"Exception on ..." log with a traceback: `unavailable` logs one line and answers 503 (JSON
`unavailable` under /api/, the error page elsewhere). Nothing half-written stays: each
service commits once, and Flask-SQLAlchemy rolls back and removes the session after every
request. A connection that died with the server fails the one request that meets it, and
SQLAlchemy then drops every older connection of the pool (config.py), so the app serves
again without a restart once the database is back.

Django counterpart: django_app/predictions/outages.py
"""

from __future__ import annotations

from flask import Flask, current_app, g, request
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import ServiceUnavailable

from shared_model.api.wire import UNAVAILABLE_LOG, error_summary

from .errors import http_error
from .extensions import login_manager

OUTAGE_ERRORS = (OperationalError, InterfaceError)


def unavailable(error: DBAPIError):
    current_app.logger.error(
        UNAVAILABLE_LOG, request.method, request.path, error_summary(error.orig or error)
    )
    # The page is drawn for an anonymous visitor, as Django draws its 500 and 503 pages:
    # loading the signed-in user (Flask-Login's `g._login_user`) needs the database.
    g._login_user = login_manager.anonymous_user()
    return http_error(ServiceUnavailable())


def init_app(app: Flask) -> None:
    for error_class in OUTAGE_ERRORS:
        app.register_error_handler(error_class, unavailable)
