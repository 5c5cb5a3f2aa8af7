"""Starting the app for real, in a subprocess: production settings, refusals, the model."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest

from django_app.config.settings import django_url
from shared_model.web.settings import PROJECT_ROOT
from tools.harness.samples import PASSWORD

MANAGE = PROJECT_ROOT / "django_app" / "manage.py"
WSGI_TARGET = "django_app.config.wsgi:application"
LOCAL_ONLY = ("DEBUG", "SECRET_KEY", "HTTPS", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "MODEL_DIR")


@pytest.fixture
def environment(tmp_path):
    """A production-like environment: DEBUG unset, a random key, its own SQLite file."""
    clean = {key: value for key, value in os.environ.items() if key not in LOCAL_ONLY}
    return {
        **clean,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'startup.sqlite3'}",
    }


def manage(*args, env):
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=120,
        check=False,
    )


def test_deploy_check_is_clean_with_production_settings(environment):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**environment, "HTTPS": "1"}
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_start_up_is_refused_without_a_secret_key(environment):
    del environment["SECRET_KEY"]

    result = manage("check", env=environment)

    assert result.returncode != 0
    assert "The SECRET_KEY environment variable is not set" in result.stderr


def test_debug_mode_starts_without_a_secret_key(environment):
    del environment["SECRET_KEY"]

    result = manage("check", env={**environment, "DEBUG": "1"})

    assert result.returncode == 0, result.stderr


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

    migrated = manage("migrate", "--no-input", env=environment)
    made = manage("create_user", "ada", "--password", PASSWORD, env=environment)

    assert migrated.returncode == 0, migrated.stderr
    assert made.returncode == 0, made.stderr


def test_postgresql_urls_are_spelled_for_dj_database_url():
    plain = "postgresql://iris:pw@db:5432/iris"
    assert django_url("postgresql+psycopg://iris:pw@db:5432/iris") == plain
    assert django_url(plain) == plain


def test_the_web_process_freezes_what_start_up_loaded(environment):
    # wsgi.py is what gunicorn loads: after it, start-up's objects are out of the collector's way.
    probe = "import gc, django_app.config.wsgi; print(gc.get_freeze_count())"

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
    assert int(result.stdout.split()[-1]) > 10_000
