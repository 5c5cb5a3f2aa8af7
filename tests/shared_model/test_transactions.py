"""Nested blocks as one transaction of a SQLAlchemy session (the Flask and FastAPI apps'
services), held to what Django's `transaction.atomic` does, on a table of its own."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shared_model.web.transactions import session_transaction, set_rollback

metadata = MetaData()
numbers = Table("numbers", metadata, Column("n", Integer, primary_key=True))


@pytest.fixture
def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'numbers.sqlite3'}")
    metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    with Session(engine) as session:
        yield session


def committed(engine) -> list[int]:
    """What another connection sees: only what is committed."""
    with engine.connect() as connection:
        return sorted(connection.scalars(select(numbers.c.n)))


def add(session: Session, n: int) -> None:
    with session_transaction(session):
        session.execute(insert(numbers).values(n=n))


def test_a_block_commits_when_it_ends(engine, session):
    add(session, 1)

    assert committed(engine) == [1]


def test_inner_blocks_join_the_outermost_which_commits_them_all(engine, session):
    with session_transaction(session):
        add(session, 1)
        add(session, 2)
        assert committed(engine) == []

    assert committed(engine) == [1, 2]


def test_an_inner_block_that_raises_rolls_it_all_back_even_when_caught(engine, session):
    with session_transaction(session):
        add(session, 1)
        with pytest.raises(IntegrityError):
            add(session, 1)

    assert committed(engine) == []


def test_an_exception_through_the_outermost_block_rolls_back_and_goes_on(engine, session):
    with pytest.raises(RuntimeError, match="stop"), session_transaction(session):
        add(session, 1)
        raise RuntimeError("stop")

    assert committed(engine) == []
    add(session, 2)
    assert committed(engine) == [2]


def test_set_rollback_ends_the_transaction_with_a_rollback_without_raising(engine, session):
    with session_transaction(session):
        add(session, 1)
        set_rollback(session)

    assert committed(engine) == []
    add(session, 2)
    assert committed(engine) == [2]


def test_set_rollback_outside_a_block_is_an_error(session):
    with pytest.raises(RuntimeError, match="outside a transaction block"):
        set_rollback(session)
