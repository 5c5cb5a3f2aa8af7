"""Starting the app: production settings, refusals, the model, the SQLite settings."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest

from flask_app import create_app
from flask_app.config import Config, engine_options, sqlalchemy_url
from flask_app.extensions import db
from shared_model.web.settings import (
    POSTGRES_CONNECT_TIMEOUT_SECONDS,
    PROJECT_ROOT,
    SQLITE_BUSY_TIMEOUT_SECONDS,
)
from tools.harness.samples import PASSWORD

FLASK = [sys.executable, "-m", "flask", "--app", "flask_app"]
WSGI_TARGET = "flask_app.wsgi:app"
LOCAL_ONLY = ("DEBUG", "SECRET_KEY", "HTTPS", "DATABASE_URL", "FLASK_APP", "MODEL_DIR")


@pytest.fixture
def environment(tmp_path):
    """A production-like environment: DEBUG unset, a random key, its own SQLite file."""
    clean = {key: value for key, value in os.environ.items() if key not in LOCAL_ONLY}
    return {
        **clean,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'startup.sqlite3'}",
    }


def flask(*args, env):
    return subprocess.run(
        [*FLASK, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=120,
        check=False,
    )


def test_start_up_is_refused_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DEBUG", raising=False)

    with pytest.raises(RuntimeError, match="The SECRET_KEY environment variable is not set"):
        create_app()


def test_debug_mode_starts_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DEBUG", "1")

    app = create_app()

    assert app.debug
    assert len(app.config["SECRET_KEY"]) >= 50


def test_debug_is_off_unless_the_environment_sets_it(make_app):
    assert not make_app().debug


def test_a_missing_model_stops_the_web_process_naming_the_file_and_the_fix(environment, tmp_path):
    empty = tmp_path / "no-model"
    empty.mkdir()

    # gunicorn --check-config builds the WSGI application, as a web process does, then exits.
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", WSGI_TARGET],
        capture_output=True,
        text=True,
        env={**environment, "MODEL_DIR": str(empty)},
        cwd=PROJECT_ROOT,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert f"Model artifact {empty / 'iris_model.skops'} is missing" in result.stderr
    assert "python -m shared_model train" in result.stderr


def test_commands_that_do_not_predict_run_without_the_model(environment, tmp_path):
    empty = tmp_path / "no-model"
    empty.mkdir()
    environment["MODEL_DIR"] = str(empty)

    migrated = flask("db", "upgrade", env=environment)
    made = flask("create-user", "ada", "--password", PASSWORD, env=environment)

    assert migrated.returncode == 0, migrated.stderr
    assert made.returncode == 0, made.stderr


def test_production_settings_start_and_migrate(environment):
    result = flask("db", "upgrade", env=environment)

    assert result.returncode == 0, result.stderr


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_foreign_keys(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    app = create_app({"SECRET_KEY": "test"})

    with app.app_context(), db.engine.connect() as connection:
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "busy_timeout", "foreign_keys")
        }
    assert pragma == {
        "journal_mode": "wal",
        "busy_timeout": SQLITE_BUSY_TIMEOUT_SECONDS * 1000,
        "foreign_keys": 1,
    }


def test_postgresql_sessions_run_in_utc():
    options = engine_options("postgresql+psycopg://iris@localhost/iris")

    assert options["connect_args"]["options"] == "-c timezone=UTC"


def test_postgresql_connections_give_up_quickly_and_are_not_pinged_before_each_use():
    options = engine_options("postgresql+psycopg://iris@localhost/iris")

    assert options["connect_args"]["connect_timeout"] == POSTGRES_CONNECT_TIMEOUT_SECONDS
    assert not options.get("pool_pre_ping")


def test_the_same_database_url_works_for_both_apps(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://iris:secret@db.example/iris")

    assert Config().SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://iris:secret@db.example/iris"


def test_postgresql_urls_are_spelled_for_sqlalchemy_with_psycopg():
    driver = "postgresql+psycopg://iris:pw@db:5432/iris"
    for url in ("postgresql://iris:pw@db:5432/iris", "postgres://iris:pw@db:5432/iris", driver):
        assert sqlalchemy_url(url) == driver


@pytest.mark.parametrize(
    ("start", "frozen"),
    [
        # The web process: what gunicorn and `flask run` load.
        ("import flask_app.wsgi", True),
        # What `flask --app flask_app` builds for every other command.
        ("from flask_app import create_app; create_app()", False),
    ],
)
def test_the_web_process_freezes_what_start_up_loaded_and_a_command_does_not(
    environment, start, frozen
):
    probe = f"import gc; {start}; print(gc.get_freeze_count())"

    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=environment,
        cwd=PROJECT_ROOT,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert (int(result.stdout.split()[-1]) > 10_000) is frozen
