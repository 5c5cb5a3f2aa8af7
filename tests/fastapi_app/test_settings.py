"""Settings from the environment, read as the other two apps read them."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from fastapi_app.config import Settings
from shared_model.web.security import HSTS_SECONDS
from shared_model.web.settings import VAR_DIR


@pytest.fixture
def clean(monkeypatch):
    for name in ("DEBUG", "SECRET_KEY", "HTTPS", "ALLOWED_HOSTS", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_default_database_is_a_sqlite_file_of_its_own_under_var(clean):
    assert Settings.from_environment().database_url == f"sqlite:///{VAR_DIR / 'fastapi.sqlite3'}"


@pytest.mark.parametrize("url", ["postgresql://iris:pw@db/iris", "postgres://iris:pw@db/iris"])
def test_the_same_database_url_works_as_for_the_other_apps(clean, url):
    clean.setenv("DATABASE_URL", url)

    assert Settings.from_environment().database_url == "postgresql+psycopg://iris:pw@db/iris"


@pytest.mark.parametrize(
    ("value", "debug"), [("1", True), ("true", True), ("0", False), ("maybe", False)]
)
def test_debug_is_read_as_the_other_apps_read_it(clean, value, debug):
    clean.setenv("DEBUG", value)

    assert Settings.from_environment().debug is debug


def test_allowed_hosts_is_a_comma_separated_list(clean):
    clean.setenv("ALLOWED_HOSTS", "iris.example, api.iris.example")

    assert Settings.from_environment().allowed_hosts == ["iris.example", "api.iris.example"]


def test_settings_cannot_change_once_made(clean):
    settings = Settings.from_environment()

    with pytest.raises(ValueError, match="frozen"):
        settings.debug = True


def test_a_host_outside_allowed_hosts_is_refused(make_app):
    with TestClient(make_app(allowed_hosts=["iris.example"])) as client:
        refused = client.get("/api/v1/health", headers={"Host": "evil.example"})
        served = client.get("/api/v1/health", headers={"Host": "iris.example"})

    assert refused.status_code == 400
    assert served.status_code == 200


def test_a_star_lets_every_host_in(make_app):
    with TestClient(make_app(allowed_hosts=["*"])) as client:
        assert client.get("/api/v1/health", headers={"Host": "any.example"}).status_code == 200


def test_https_sends_hsts_on_requests_that_came_over_https(make_app):
    with TestClient(make_app(https=True), base_url="https://testserver") as client:
        response = client.get("/api/v1/health")

    assert f"max-age={HSTS_SECONDS}" in response.headers["Strict-Transport-Security"]


def test_https_sends_no_hsts_over_plain_http(make_app):
    with TestClient(make_app(https=True)) as client:
        assert "Strict-Transport-Security" not in client.get("/api/v1/health").headers


def test_no_hsts_without_https_even_over_https(make_app):
    with TestClient(make_app(), base_url="https://testserver") as client:
        assert "Strict-Transport-Security" not in client.get("/api/v1/health").headers
