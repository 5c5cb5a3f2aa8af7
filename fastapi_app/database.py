"""The database: the app's SQLAlchemy engine, and a session for each request that needs one.

FastAPI binds no ORM (Flask has Flask-SQLAlchemy, Django its own): the app makes its engine
from the settings with `shared_model.web.engines` (the URL, the connect options, SQLite's WAL,
busy timeout and IMMEDIATE transactions, as the Flask app's), and `get_session`, a
dependency, opens a session for a request and closes it, rolling back whatever the request
did not commit, as FastAPI's SQL tutorial does (there with `def`). The commands open their own.
`transaction(session)` is a service's transaction on a session, as the Flask app's
`transaction()` on `db.session` and Django's `transaction.atomic`: blocks nest into one.

Flask counterpart: flask_app/extensions.py (Flask-SQLAlchemy's `db`); Django counterpart:
`DATABASES` in django_app/config/settings.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from shared_model.web.engines import configure_sqlite, engine_options
from shared_model.web.transactions import session_transaction

# The services' transactions: `with transaction(session):` commits at the outermost block's
# end, or rolls back (shared_model/web/transactions.py).
transaction = session_transaction


def make_engine(url: str) -> Engine:
    engine = create_engine(url, **engine_options(url))
    configure_sqlite(engine)
    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    # Objects stay readable after a commit: an answer is built from them without a SELECT.
    return sessionmaker(engine, expire_on_commit=False)


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A session on the app's engine for one request (create_app puts the maker in state).

    `async def`, though the session is synchronous: opening one does no I/O, and closing it
    only hands its connection back to the pool (for PostgreSQL, after a request that only
    read, with one ROLLBACK). A plain `def` generator would cost two hops to FastAPI's thread
    pool, one each way, dearer than that (docs/fastapi.md has the numbers); the queries
    themselves run in the thread of the endpoint or of the token check.
    """
    with request.app.state.sessionmaker() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
