"""Fixtures for the FastAPI app's tests, with the other apps' names where they mean the same.

`settings` names the test database (a temporary SQLite file, or a throwaway PostgreSQL
database when DATABASE_URL points at a server), migrated once per session and emptied after
each test that used it; `make_app` builds apps on it, `app` is one; `client` is Starlette's
TestClient around `app`, its lifespan run (the model loaded); `session` is a database
session for calling services directly; `runner` runs the Typer commands; `make_user` is a
factory of users, `user` one of them, and `token` that user's API token.

Django counterpart: tests/django_app/conftest.py; Flask counterpart: tests/flask_app/conftest.py
"""

from __future__ import annotations

import os
import secrets
from urllib.parse import urlsplit

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import delete
from typer.testing import CliRunner

from fastapi_app import create_app, services
from fastapi_app.__main__ import alembic_config, cli
from fastapi_app.config import Settings
from fastapi_app.database import make_engine, make_sessionmaker
from fastapi_app.models import Base
from shared_model.model.predictor import get_predictor
from shared_model.web.engines import sqlalchemy_url
from tools.harness.samples import PASSWORD, SETOSA

# Settings of the developer's shell that must not leak into a test.
LOCAL_ONLY = ("DEBUG", "SECRET_KEY", "HTTPS", "ALLOWED_HOSTS", "MODEL_DIR")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database for this test session: SQLite, or a new PostgreSQL database, dropped after."""
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        yield f"sqlite:///{tmp_path_factory.mktemp('fastapi-db') / 'test.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    server = server.replace("postgresql+psycopg://", "postgresql://")
    name = f"test_fastapi_{secrets.token_hex(4)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield sqlalchemy_url(urlsplit(server)._replace(path=f"/{name}").geturl())
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def migrated_database_url(database_url):
    """The test database with the real migrations applied, once for the whole session;
    test_migrations.py goes down and up again, and leaves it at the head."""
    command.upgrade(alembic_config(database_url), "head")
    return database_url


@pytest.fixture
def environment(migrated_database_url, monkeypatch):
    """The process's environment as a production server's: the test database, a key, no
    DEBUG; the commands read it."""
    for name in LOCAL_ONLY:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", migrated_database_url)
    monkeypatch.setenv("SECRET_KEY", "test")


@pytest.fixture
def settings(environment, migrated_database_url):
    """Production settings on the test database, static files served from their source,
    and Starlette's test client's host allowed."""
    return Settings(
        database_url=migrated_database_url,
        secret_key="test",
        allowed_hosts=["testserver"],
        hashed_static_urls=False,
    )


@pytest.fixture
def make_app(settings):
    """A factory of apps: the test's settings, changed by keyword (`https=True`, ...)."""
    return lambda **changes: create_app(settings.model_copy(update=changes))


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    with TestClient(app) as client:
        yield client


@pytest.fixture(autouse=True)
def _empty_tables(request):
    """Every table emptied after a test that used the test database."""
    if "migrated_database_url" not in request.fixturenames:
        yield
        return
    url = request.getfixturevalue("migrated_database_url")
    yield
    engine = make_engine(url)
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))
    engine.dispose()


@pytest.fixture
def session(migrated_database_url):
    """A session on the test database."""
    engine = make_engine(migrated_database_url)
    with make_sessionmaker(engine)() as session:
        yield session
    engine.dispose()


@pytest.fixture
def runner(environment):
    """Runs a command (`runner.invoke("issue-token", "ada")`) on the test database."""

    class Runner(CliRunner):
        def invoke(self, *args: str):
            return super().invoke(cli, list(args))

    return Runner()


@pytest.fixture
def make_user(session):
    counter = iter(range(1, 10_000))

    def make(username: str | None = None, *, staff: bool = False):
        name = username or f"user{next(counter)}"
        return services.user_create(
            session=session, username=name, password=PASSWORD, is_staff=staff
        )

    return make


@pytest.fixture
def user(make_user):
    return make_user("ada")


@pytest.fixture
def token(session, user):
    return services.api_token_issue(session=session, user=user)


@pytest.fixture
def predictor():
    return get_predictor()


@pytest.fixture
def setosa():
    return dict(SETOSA)
