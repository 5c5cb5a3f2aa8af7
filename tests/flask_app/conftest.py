"""Fixtures for the Flask app's tests, as in the Flask tutorial's `flaskr` tests.

`app` is a fresh app on the test database (a temporary SQLite file, or a throwaway
PostgreSQL database when DATABASE_URL points at a server), migrated once per session and
emptied after each test;
`app_context` lets a test call services directly; `client` and `runner` are Flask's test
client and CLI runner; `auth` logs the client in and out through the real pages;
`make_user` is a factory of users, `user` and `staff` two ready-made ones; `token` is
`user`'s API token. The factories use the test's app context, or one of their own.

Flask's test client replaces pytest-django's fixture of the same name in this folder.

Django counterpart: tests/django_app/conftest.py
"""

from __future__ import annotations

import os
import re
from contextlib import nullcontext

import pytest
from flask import has_app_context
from flask_migrate import upgrade

from flask_app import create_app, services
from flask_app.extensions import db
from tools.harness.samples import PASSWORD, SETOSA
from tools.harness.servers import fresh_database

# Settings of the developer's shell that must not leak into a test app.
LOCAL_ONLY = ("DEBUG", "SECRET_KEY", "HTTPS", "ALLOWED_HOSTS", "MODEL_DIR")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database for this test session: SQLite, or a new PostgreSQL database on the server
    of DATABASE_URL when it names one, dropped after."""
    server = os.environ.get("DATABASE_URL", "")
    kind = "postgresql" if server.startswith("postgres") else "sqlite"
    directory = tmp_path_factory.mktemp("flask-db")
    with fresh_database(kind, directory, "test_flask", admin_url=server) as url:
        yield url


@pytest.fixture(scope="session")
def migrated_database_url(database_url):
    """The test database with the real migrations applied, once for the whole session.

    Alembic runs here only, not for every test (it would cost each test about as much as
    the test itself): the schema stays, and each test empties the tables after itself.
    test_migrations.py downgrades and upgrades again, on rows, and leaves it at the head.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", database_url)
        app = create_app({"TESTING": True, "SECRET_KEY": "test", "STATIC_HASHED_URLS": False})
        with app.app_context():
            upgrade()
            db.engine.dispose()
    return database_url


@pytest.fixture
def make_app(migrated_database_url, monkeypatch):
    """A factory of apps on the test database, configured as in production unless told."""
    for name in LOCAL_ONLY:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", migrated_database_url)
    made = []

    def make(**config):
        # Plain static URLs without a collect first, as Django's test settings ask; the
        # contract suite checks the hashed ones under gunicorn.
        app = create_app(
            {"TESTING": True, "SECRET_KEY": "test", "STATIC_HASHED_URLS": False, **config}
        )
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            for table in reversed(db.metadata.sorted_tables):
                db.session.execute(table.delete())
            db.session.commit()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    """The app, without CSRF checks so that tests can post forms; `csrf_app` keeps them."""
    return make_app(WTF_CSRF_ENABLED=False)


@pytest.fixture
def csrf_app(make_app):
    return make_app()


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield


def context(app):
    """The test's app context if it has one (so that objects share its session), else a new one."""
    return nullcontext() if has_app_context() else app.app_context()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    def make(username="alice", *, password=PASSWORD, is_staff=False):
        with context(app):
            return services.user_create(username=username, password=password, is_staff=is_staff)

    return make


@pytest.fixture
def user(make_user):
    return make_user("alice")


@pytest.fixture
def staff(make_user):
    return make_user("sam", is_staff=True)


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, username="alice", password=PASSWORD, **query):
        return self._client.post(
            "/accounts/login/",
            data={"username": username, "password": password},
            query_string=query,
        )

    def logout(self):
        return self._client.post("/accounts/logout/")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def setosa():
    return dict(SETOSA)


@pytest.fixture
def token(app, user):
    with context(app):
        return services.api_token_issue(user=user)


@pytest.fixture
def make_prediction(app, setosa):
    def make(user, **features):
        with context(app):
            return services.prediction_create(user=user, features={**setosa, **features})

    return make


def csrf_token(response) -> str:
    """The CSRF token of the first form on a page."""
    return re.search(r'name="csrf_token"[^>]* value="([^"]+)"', response.text)[1]
