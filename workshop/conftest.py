"""Fixtures for the workshop's checks and for the tests learners write in exercise 08.

A check talks to an app through its test client (Django's, or Flask's) and its services, the
way a learner would try the change by hand, and holds the app to what the running app does:
CSRF is enforced (`csrf_checks`; a check posts a page's form with workshop.support.submit,
which sends the hidden inputs of that form and nothing else), and the Flask app runs its
migrations, so a model change without its migration fails here as it would in production.

Flask: `flask_app` is a fresh app on a new, migrated database (a SQLite file; a PostgreSQL
database when WORKSHOP_DATABASE=postgresql, see workshop/run.py), `flask_ctx` keeps its app
context open for the test, `flask_user` makes a user and `flask_client_for` a test client
signed in as one. Django: pytest-django's `db`; `django_user` makes a user and
`django_client_for` a test client signed in as one. FastAPI (the API alone, exercise 04):
`fastapi_app` on a migrated SQLite file, `fastapi_session` a database session on it,
`fastapi_user` makes a user and `fastapi_client` is Starlette's test client, the app's
lifespan run.
"""

from __future__ import annotations

import os

import pytest

from workshop.support import PASSWORD

# Settings a developer's shell may hold that must not leak into a check's app.
LOCAL_ONLY = ("DEBUG", "SECRET_KEY", "HTTPS", "ALLOWED_HOSTS", "DATABASE_URL")


def pytest_configure(config):
    # The checks render pages without a `collectstatic` first: WhiteNoise's warning that the
    # collected folder is missing says nothing about the learner's work.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture
def csrf_checks() -> bool:
    """Whether the test clients enforce CSRF, as the running apps do (the default)."""
    return True


@pytest.fixture
def flask_app(tmp_path, monkeypatch, csrf_checks):
    from flask import g
    from flask_migrate import upgrade

    from flask_app import create_app
    from flask_app.extensions import db
    from tools.harness.servers import fresh_database

    for name in LOCAL_ONLY:
        monkeypatch.delenv(name, raising=False)
    kind = os.environ.get("WORKSHOP_DATABASE", "sqlite")
    with fresh_database(kind, tmp_path, "workshop") as url:
        monkeypatch.setenv("DATABASE_URL", url)
        # Plain static URLs, without a collect-static first, as the project's own tests ask.
        settings = {"STATIC_HASHED_URLS": False, "WTF_CSRF_ENABLED": csrf_checks}
        app = create_app({"TESTING": True, "SECRET_KEY": "workshop", **settings})

        @app.before_request
        def start_the_request_afresh():
            # A check keeps one app context open across its requests (see flask_ctx), and
            # `g` lives in that context: Flask-Login keeps the request's user there and
            # Flask-WTF the page's CSRF token. Empty it, as each request of a real server
            # starts with a new context.
            for name in list(g):
                g.pop(name)

        with app.app_context():
            upgrade()
        yield app
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def flask_ctx(flask_app):
    """The app context, open for the whole test: objects stay usable between requests."""
    with flask_app.app_context():
        yield flask_app


@pytest.fixture
def flask_user(flask_ctx):
    from flask_app import services

    def make(username="alice", *, is_staff=False):
        return services.user_create(username=username, password=PASSWORD, is_staff=is_staff)

    return make


@pytest.fixture
def flask_client_for(flask_ctx):
    """A test client signed in as `user` (or anonymous with None), as Django's force_login."""
    from flask_login import FlaskLoginClient

    def make(user=None):
        flask_ctx.test_client_class = FlaskLoginClient
        return flask_ctx.test_client(user=user) if user else flask_ctx.test_client()

    return make


@pytest.fixture
def fastapi_app(tmp_path, monkeypatch):
    from alembic import command

    from fastapi_app import create_app
    from fastapi_app.__main__ import alembic_config
    from fastapi_app.config import Settings

    for name in LOCAL_ONLY:
        monkeypatch.delenv(name, raising=False)
    url = f"sqlite:///{tmp_path / 'workshop.sqlite3'}"
    command.upgrade(alembic_config(url), "head")
    # Plain static URLs, without a collect-static first; the test client's host allowed.
    settings = Settings(
        database_url=url,
        secret_key="workshop",
        allowed_hosts=["testserver"],
        hashed_static_urls=False,
    )
    app = create_app(settings)
    yield app
    app.state.engine.dispose()


@pytest.fixture
def fastapi_session(fastapi_app):
    with fastapi_app.state.sessionmaker() as session:
        yield session


@pytest.fixture
def fastapi_user(fastapi_session):
    from fastapi_app import services

    def make(username="alice", *, is_staff=False):
        return services.user_create(
            session=fastapi_session, username=username, password=PASSWORD, is_staff=is_staff
        )

    return make


@pytest.fixture
def fastapi_client(fastapi_app):
    from fastapi.testclient import TestClient

    with TestClient(fastapi_app) as client:
        yield client


@pytest.fixture
def django_user(db):
    from django_app.predictions import services

    def make(username="alice", *, is_staff=False):
        return services.user_create(username=username, password=PASSWORD, is_staff=is_staff)

    return make


@pytest.fixture
def django_client_for(db, csrf_checks):
    """A new test client signed in as `user` (or anonymous with None)."""
    from django.test import Client

    def make(user=None):
        client = Client(enforce_csrf_checks=csrf_checks)
        if user is not None:
            client.force_login(user)
        return client

    return make
