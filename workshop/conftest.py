"""Fixtures for the workshop's checks and for the tests learners write in exercise 08.

Deliberately independent of tests/: a check talks to an app through its test client (Django's,
Flask's or Starlette's) and its services, the way a learner would try the change by hand, so
it keeps working whatever the project's own test fixtures become.

Flask: `flask_app` is a fresh app on a migrated SQLite file (the migrations run, so a model
change without its migration fails here as it would in production), `flask_ctx` keeps its
app context open for the test, `flask_user` makes a user and `flask_client_for` a test client
signed in as one. Django: pytest-django's `db`; `django_user` makes a user and
`django_client_for` a test client signed in as one. FastAPI (the API alone, exercise 04):
`fastapi_app` on a migrated SQLite file, `fastapi_session` a database session on it,
`fastapi_user` makes a user and `fastapi_client` is Starlette's test client, the app's
lifespan run.
"""

from __future__ import annotations

import os

import pytest

from workshop.support import PASSWORD, PLANTED_BUGS

# Settings a developer's shell may hold that must not leak into a check's app.
LOCAL_ONLY = ("DEBUG", "SECRET_KEY", "HTTPS", "ALLOWED_HOSTS", "DATABASE_URL")


@pytest.fixture
def flask_app(tmp_path, monkeypatch):
    from flask import g
    from flask_migrate import upgrade

    from flask_app import create_app
    from flask_app.extensions import db

    for name in LOCAL_ONLY:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'workshop.sqlite3'}")
    # Plain static URLs, without a collect-static first, as the project's own tests ask.
    settings = {"STATIC_HASHED_URLS": False, "WTF_CSRF_ENABLED": False}
    app = create_app({"TESTING": True, "SECRET_KEY": "workshop", **settings})

    @app.before_request
    def forget_the_last_requests_user():
        # A check keeps one app context open across its requests (see flask_ctx), and
        # Flask-Login keeps the request's user in `g`, which lives in that context: drop it,
        # as each request of a real server starts with a new context.
        g.pop("_login_user", None)

    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
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
def django_client_for(db):
    """A new test client signed in as `user` (or anonymous with None)."""
    from django.test import Client

    def make(user=None):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


def _bugged_feedback(bug, original):
    def prediction_feedback_record(*, prediction, true_label):
        if bug == "not_saved":
            return prediction
        return original(prediction=prediction, true_label=prediction.label)

    return prediction_feedback_record


def pytest_generate_tests(metafunc):
    # Exercise 08's check sets WORKSHOP_BUGS to run each of the learner's tests on the real
    # code ("none") and with each planted bug, in one pytest run.
    if os.environ.get("WORKSHOP_BUGS") and "planted_bug" in metafunc.fixturenames:
        metafunc.parametrize("planted_bug", ["none", *PLANTED_BUGS], indirect=True)


@pytest.fixture(autouse=True)
def planted_bug(request, monkeypatch):
    """The planted bug of this run of a learner's test, or "none": the bug replaces the
    feedback service of both apps for this test only."""
    bug = getattr(request, "param", "none")
    if bug != "none":
        from django_app.predictions import services as django_services
        from flask_app import services as flask_services

        for services in (django_services, flask_services):
            bugged = _bugged_feedback(bug, services.prediction_feedback_record)
            monkeypatch.setattr(services, "prediction_feedback_record", bugged)
    return bug
