"""SQLAlchemy engines as both SQLAlchemy apps (Flask and FastAPI) set them up: the URL's
spelling, the connection options, and SQLite's settings and transactions.

Django's ORM does the same from its own settings (django_app/config/settings.py). The Flask
app hands `sqlalchemy_url` and `engine_options` to Flask-SQLAlchemy (flask_app/config.py)
and `configure_sqlite` its engine (flask_app/__init__.py); the FastAPI app builds its engine
with all three itself (fastapi_app/database.py).
"""

from __future__ import annotations

from sqlalchemy import Engine, event

from shared_model.web.settings import POSTGRES_CONNECT_TIMEOUT_SECONDS, SQLITE_BUSY_TIMEOUT_SECONDS


def sqlalchemy_url(url: str) -> str:
    """The SQLAlchemy spelling of a database URL: PostgreSQL always through psycopg 3."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def engine_options(url: str) -> dict:
    """SQLAlchemy engine options for `url`: a busy timeout for SQLite; for PostgreSQL, UTC and
    a short connect timeout.

    The pool keeps its connections without checking each one before use (`pool_pre_ping`
    would send a ping, one more round trip a request): a connection that died with the
    server (an outage) fails the request that meets it (a 503), and SQLAlchemy then drops
    every connection of the pool made before the error, so the next requests connect anew.
    Django's CONN_HEALTH_CHECKS is off for the same reason.
    """
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}}
    return {
        "connect_args": {
            # Sessions in UTC, as Django sets them: `date(created_at)` is then the UTC day.
            "options": "-c timezone=UTC",
            # An unreachable server fails a request quickly (503) instead of holding a worker.
            "connect_timeout": POSTGRES_CONNECT_TIMEOUT_SECONDS,
        },
    }


def configure_sqlite(engine: Engine) -> None:
    """WAL, the busy timeout, foreign keys and IMMEDIATE transactions on every connection
    of a SQLite engine; nothing for another database."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite_connection)
        event.listen(engine, "before_cursor_execute", _begin_before_first_write)


def _configure_sqlite_connection(dbapi_connection, connection_record) -> None:
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
