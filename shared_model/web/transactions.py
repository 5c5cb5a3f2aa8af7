"""One transaction of a SQLAlchemy session out of nested blocks, as Django's `transaction.atomic`.

Django commits each query by itself unless a block says otherwise, and its atomic blocks
nest. A SQLAlchemy session keeps one transaction open until someone commits it, so a
service that commits by itself cannot be part of a larger transaction (the API's predict
request with an `Idempotency-Key` claims the key, stores the predictions and stores the
answer, all or nothing). `session_transaction` gives the two SQLAlchemy apps Django's
behaviour: the outermost block commits when it ends, or rolls back if it raises; a block
inside another joins it, as `atomic(savepoint=False)` does; if an inner block raises, the
whole transaction rolls back at the end, even if a caller caught the exception.
`set_rollback` is `transaction.set_rollback(True)`: the block ends with a rollback without
raising.

Used by flask_app/extensions.py (`transaction()`, on `db.session`) and fastapi_app/database.py
(`transaction(session)`, on the request's session). Django counterpart: `django.db.transaction`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, scoped_session

# What the blocks keep in the session's dictionary for its user's data: how deep they are
# nested, and whether the transaction is to end with a rollback.
DEPTH = "transaction_depth"
ROLLBACK = "transaction_rollback"


@contextmanager
def session_transaction(session: Session | scoped_session) -> Iterator[None]:
    """The block as (part of) one transaction of `session`; see the module's docstring."""
    info = session.info
    depth = info.get(DEPTH, 0)
    info[DEPTH] = depth + 1
    try:
        yield
    except BaseException:
        info[ROLLBACK] = True
        raise
    finally:
        info[DEPTH] = depth
        if depth == 0:
            _end(session, rollback=info.pop(ROLLBACK, False))


def set_rollback(session: Session | scoped_session) -> None:
    """End the transaction the block is in with a rollback, as Django's
    `transaction.set_rollback(True)`; for a block that refuses without raising."""
    if not session.info.get(DEPTH):
        raise RuntimeError("set_rollback outside a transaction block")
    session.info[ROLLBACK] = True


def _end(session: Session | scoped_session, *, rollback: bool) -> None:
    if not rollback:
        try:
            session.commit()
            return
        except BaseException:
            session.rollback()
            raise
    session.rollback()
