"""The services, called directly: they compose into one transaction, as in the other apps.

Django counterpart: tests/django_app/test_services.py; Flask counterpart:
tests/flask_app/test_services.py
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from fastapi_app import services
from fastapi_app.database import make_engine, transaction
from fastapi_app.models import User
from tools.harness.samples import PASSWORD


@pytest.fixture
def committed_usernames(migrated_database_url):
    """The usernames another connection sees: only what is committed."""
    engine = make_engine(migrated_database_url)

    def read() -> list[str]:
        with engine.connect() as connection:
            return sorted(connection.scalars(select(User.username)))

    yield read
    engine.dispose()


def test_services_inside_a_transaction_are_committed_together_at_its_end(
    session, committed_usernames
):
    with transaction(session):
        services.user_create(session=session, username="alice", password=PASSWORD)
        services.user_create(session=session, username="bob", password=PASSWORD)
        assert committed_usernames() == []

    assert committed_usernames() == ["alice", "bob"]


def test_a_service_that_fails_inside_a_transaction_undoes_it_all_even_when_caught(
    session, committed_usernames
):
    with transaction(session):
        services.user_create(session=session, username="alice", password=PASSWORD)
        with pytest.raises(ValueError, match="already exists"):
            services.user_create(session=session, username="alice", password=PASSWORD)

    assert committed_usernames() == []
