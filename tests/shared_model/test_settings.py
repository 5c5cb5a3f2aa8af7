"""Reading the environment: the database URL and the secret key, the same for both apps."""

from __future__ import annotations

import pytest

from shared_model.web import settings


def test_default_database_is_a_sqlite_file_per_app(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    assert settings.database_url("flask") == f"sqlite:///{tmp_path / 'flask.sqlite3'}"


@pytest.fixture
def local_var(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    monkeypatch.setattr(settings, "DEV_SECRET_KEY_FILE", tmp_path / "dev-secret-key")
    return tmp_path


def test_without_debug_there_is_no_fallback_secret(local_var):
    assert settings.secret_key(debug=False) is None
    assert not (local_var / "dev-secret-key").exists()


def test_debug_keeps_one_local_secret_across_restarts(local_var):
    first = settings.secret_key(debug=True)
    assert len(first) >= 50
    assert settings.secret_key(debug=True) == first
    assert (local_var / "dev-secret-key").stat().st_mode & 0o077 == 0


def test_the_environment_secret_wins(local_var, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert settings.secret_key(debug=True) == "from-the-environment"
    assert settings.secret_key(debug=False) == "from-the-environment"


def test_without_proxies_the_client_is_the_peer_whatever_x_forwarded_for_says():
    assert settings.client_address("10.0.0.7", "203.0.113.9", 0) == "10.0.0.7"


def test_behind_proxies_the_client_is_what_the_outermost_trusted_proxy_appended():
    # The client wrote 198.51.100.1 itself; nginx appended the peer it saw, 203.0.113.9.
    assert settings.client_address("127.0.0.1", "198.51.100.1, 203.0.113.9", 1) == "203.0.113.9"
    assert settings.client_address("127.0.0.1", "198.51.100.1, 203.0.113.9", 2) == "198.51.100.1"
    assert settings.client_address("127.0.0.1", None, 1) == "127.0.0.1"


def test_proxy_count_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("PROXY_COUNT", "1")
    assert settings.proxy_count() == 1
    monkeypatch.setenv("PROXY_COUNT", "many")
    assert settings.proxy_count() == 0
