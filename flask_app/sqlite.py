"""SQLite under SQLAlchemy: the pragmas of each new connection, and transactions that begin
IMMEDIATE at their first write.

SQLAlchemy's SQLite dialect leaves both to the application, as engine events, which
`init_app` listens to when the database is SQLite (PostgreSQL needs neither). Django's
SQLite backend takes the same choices as settings.

Django counterpart: the SQLite `OPTIONS` of `DATABASES` in django_app/config/settings.py:
`init_command` (the WAL pragmas), `timeout` (the busy timeout) and `transaction_mode`
"IMMEDIATE"; Django's backend turns foreign keys on by itself.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event

from shared_model.web.settings import SQLITE_BUSY_TIMEOUT_SECONDS

from .extensions import db


def init_app(app: Flask) -> None:
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _configure_connection)
            event.listen(db.engine, "before_cursor_execute", _begin_before_first_write)


def _configure_connection(dbapi_connection, connection_record) -> None:
    """WAL lets readers work while one connection writes; a writer waits for the lock
    (up to the busy timeout) instead of failing; SQLite enforces foreign keys only if asked."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL is still safe against corruption and spares an fsync per commit
    # (Django's settings ask for the same).
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    # The driver's own BEGIN off: `_begin_before_first_write` emits the transactions' BEGIN.
    dbapi_connection.isolation_level = None


def _begin_before_first_write(connection, cursor, statement, parameters, context, executemany):
    """Begin SQLite's transaction at its first write, and IMMEDIATE, as Django's do.

    IMMEDIATE takes the write lock when the transaction begins: two writers then queue on
    the busy timeout, where a transaction that read first and then writes would fail at
    once with "database is locked" (SQLite cannot wait for the lock there without risking
    a deadlock). Begun at the first INSERT, UPDATE, DELETE or DDL rather than at the
    first statement (SQLAlchemy's `begin` event), the lock is not held while the request
    only reads: the API's token check, the prediction, a page that only shows data. A
    read before the first write runs on its own, seeing the latest commit, as each
    statement does under PostgreSQL's default READ COMMITTED and Django's autocommit.
    """
    if (context.is_crud or context.isddl) and not cursor.connection.in_transaction:
        cursor.execute("BEGIN IMMEDIATE")
