"""Starting the app: production settings, refusals, the model, the SQLite settings, and the
FastAPI defaults that the contract turns off."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from fastapi_app import create_app
from fastapi_app.config import Settings
from shared_model.web.settings import PROJECT_ROOT, SQLITE_BUSY_TIMEOUT_SECONDS

ASGI_FACTORY = "fastapi_app:create_app"


def test_start_up_is_refused_without_a_secret_key(environment, monkeypatch):
    monkeypatch.delenv("SECRET_KEY")

    with pytest.raises(RuntimeError, match="The SECRET_KEY environment variable is not set"):
        create_app()


def test_debug_mode_starts_without_a_secret_key(environment, monkeypatch):
    monkeypatch.delenv("SECRET_KEY")
    monkeypatch.setenv("DEBUG", "1")

    app = create_app()

    assert app.state.settings.debug
    assert len(app.state.settings.secret_key) >= 50


def test_debug_is_off_unless_the_environment_sets_it(environment):
    assert not Settings.from_environment().debug


def test_debug_never_shows_a_traceback_page(environment, monkeypatch):
    monkeypatch.setenv("DEBUG", "1")

    assert create_app().debug is False


def test_the_lifespan_loads_the_model_once_and_hands_it_to_requests(app, predictor):
    with TestClient(app) as client:
        card = client.get("/api/v1/model").json()

    assert card["version"] == predictor.version


def test_the_web_process_freezes_what_start_up_loaded(app):
    with TestClient(app):
        assert gc.get_freeze_count() > 0


def test_a_missing_model_stops_the_web_process_naming_the_file_and_the_fix(
    migrated_database_url, tmp_path
):
    empty = tmp_path / "no-model"
    empty.mkdir()
    environment = {
        **os.environ,
        "DATABASE_URL": migrated_database_url,
        "SECRET_KEY": "test",
        "MODEL_DIR": str(empty),
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    # The lifespan's start-up runs, then uvicorn stops: a web process that cannot start.
    probe = (
        "from fastapi.testclient import TestClient\n"
        "from fastapi_app import create_app\n"
        "from fastapi_app.config import Settings\n"
        "settings = Settings.from_environment().model_copy(update={'hashed_static_urls': False})\n"
        "TestClient(create_app(settings)).__enter__()\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=environment,
        cwd=PROJECT_ROOT,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert f"Model artifact {empty / 'iris_model.skops'} is missing" in result.stderr
    assert "python -m shared_model train" in result.stderr


def test_without_collected_static_files_the_api_serves_and_the_docs_page_names_the_fix(
    make_app, tmp_path
):
    app = make_app(hashed_static_urls=True, static_root=tmp_path / "nothing")

    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/api/v1/health").status_code == 200
        with pytest.raises(RuntimeError, match="collect-static"):
            app.state.static_url("iris/site.css")
        assert client.get("/api/v1/docs").status_code == 500


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_foreign_keys(make_app, tmp_path):
    app = make_app(database_url=f"sqlite:///{tmp_path / 'wal.sqlite3'}")

    with app.state.engine.connect() as connection:
        pragma = {
            name: connection.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "busy_timeout", "foreign_keys")
        }
    assert pragma == {
        "journal_mode": "wal",
        "busy_timeout": SQLITE_BUSY_TIMEOUT_SECONDS * 1000,
        "foreign_keys": 1,
    }


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"])
def test_fastapi_s_own_documents_are_off(client, path):
    assert client.get(path).status_code == 404


def test_a_trailing_slash_is_not_found_not_redirected(client):
    response = client.get("/api/v1/health/", follow_redirects=False)

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_uvicorn_serves_the_factory(migrated_database_url):
    """`uvicorn --factory fastapi_app:create_app` imports and builds the app."""
    probe = f"import uvicorn.importer as i; print(type(i.import_from_string({ASGI_FACTORY!r})()))"
    environment = {
        **os.environ,
        "DATABASE_URL": migrated_database_url,
        "SECRET_KEY": "test",
        "DEBUG": "1",
        "PYTHONPATH": str(PROJECT_ROOT),
    }

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
    assert "fastapi.applications.FastAPI" in result.stdout
