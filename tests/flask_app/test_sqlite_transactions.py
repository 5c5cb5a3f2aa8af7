"""SQLite transactions: a request that only reads never waits for the write lock, and
concurrent writers queue for it instead of failing with "database is locked".

Each test runs on a SQLite file of its own (whatever DATABASE_URL the suite runs on), with
a second connection, as another worker would be, holding the write lock.

Django counterpart: none; Django's SQLite backend opens its transactions IMMEDIATE itself
(`transaction_mode` in django_app/config/settings.py).
"""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import select

from flask_app import create_app, services
from flask_app.extensions import db
from flask_app.models import ApiToken, User
from tools.harness.samples import PASSWORD

# A lock held longer than this fails the waiting request, so a read that waited for the
# write lock fails the test in a second instead of the default 20.
BUSY_TIMEOUT_SECONDS = 1
HOLD_SECONDS = 0.3


@pytest.fixture
def sqlite_app(tmp_path, monkeypatch):
    path = tmp_path / "locks.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setattr(
        "shared_model.web.engines.SQLITE_BUSY_TIMEOUT_SECONDS", BUSY_TIMEOUT_SECONDS
    )
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "STATIC_HASHED_URLS": False})
    with app.app_context():
        db.create_all()
    yield app, path
    with app.app_context():
        db.engine.dispose()


class WriteLock:
    """Another connection holding SQLite's write lock, as a worker in mid-write does."""

    def __init__(self, path):
        self._connection = sqlite3.connect(path, isolation_level=None)

    def __enter__(self) -> WriteLock:
        self._connection.execute("BEGIN IMMEDIATE")
        return self

    def release(self) -> None:
        if self._connection.in_transaction:
            self._connection.execute("COMMIT")

    def __exit__(self, *exc) -> None:
        self.release()
        self._connection.close()


def member_with_token(app) -> str:
    with app.app_context():
        user = services.user_create(username="alice", password=PASSWORD)
        token = services.api_token_issue(user=user)
        # The first use notes `last_used_at`, a write; the next ones within a minute only read.
        assert services.api_token_authenticate(token=token) is not None
    return token


def test_an_api_read_is_answered_while_another_connection_holds_the_write_lock(sqlite_app):
    app, path = sqlite_app
    token = member_with_token(app)

    with WriteLock(path):
        response = app.test_client().get(
            "/api/v1/predictions", headers={"Authorization": f"Bearer {token}"}
        )

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json["count"] == 0


def test_a_writer_that_reads_first_waits_for_the_lock_instead_of_failing(sqlite_app):
    app, path = sqlite_app
    with app.app_context():
        user_id = services.user_create(username="bob", password=PASSWORD).id
    failures: list[BaseException] = []

    def issue_token() -> None:
        # api_token_issue reads the user's old token, then writes the new one.
        with app.app_context():
            try:
                services.api_token_issue(user=db.session.get(User, user_id))
            except BaseException as error:
                failures.append(error)

    with WriteLock(path) as lock:
        writer = threading.Thread(target=issue_token)
        writer.start()
        time.sleep(HOLD_SECONDS)
        lock.release()
        writer.join()

    assert failures == []
    with app.app_context():
        assert db.session.scalar(select(ApiToken.user_id)) == user_id
