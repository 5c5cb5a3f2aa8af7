"""Database outages: a request the database cannot serve answers 503, logged in one line.

A database that cannot be reached raises OperationalError or InterfaceError wherever a
request meets it: in a view, in a middleware (the session, the user), in a template. Django
sends each of them to `handler500` (`errors.server_error`), which asks `current_outage` whether
the exception being handled is one and, if so, answers 503 instead of 500 (JSON `unavailable`
under /api/, through `ApiErrorMiddleware`). Django then logs the answer with its traceback:
`OneLineOutageLog`, a filter on the `django.request` logger, makes that one line, so that an
outage under load does not bury the log in tracebacks. Nothing half-written stays: each write
is one transaction, rolled back when the connection fails, and a connection that raised is
checked at the end of its request and closed if broken, so the next request connects anew and
the app serves again, without a restart, as soon as the database is back.

Flask counterpart: flask_app/outages.py
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError

from shared_model.api.wire import UNAVAILABLE_LOG, error_summary

OUTAGE_ERRORS = (OperationalError, InterfaceError)


def current_outage() -> BaseException | None:
    """The exception being handled, if it says that the database cannot be reached."""
    error = sys.exc_info()[1]
    return error if isinstance(error, OUTAGE_ERRORS) else None


class OneLineOutageLog(logging.Filter):
    """Rewrite Django's "Service Unavailable" record of an outage as one line, no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        request = getattr(record, "request", None)
        if isinstance(error, OUTAGE_ERRORS) and request is not None:
            record.msg = UNAVAILABLE_LOG
            record.args = (request.method, request.path, error_summary(error))
            record.exc_info = None
            record.exc_text = None
        return True
