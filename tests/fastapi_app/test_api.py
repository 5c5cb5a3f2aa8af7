"""The API where FastAPI and Starlette would answer their own way: query values, methods, the
body size limit, unhandled errors and database outages, in process with Starlette's client.

The contract suite (tests/contract) holds the app to the whole API over HTTP; these tests pin
down each default the app overrides.
"""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from shared_model.api.wire import MAX_BODY_BYTES, UNAVAILABLE_LOG
from shared_model.web.security import response_headers
from tools.harness.samples import SETOSA

UNREACHABLE = "postgresql+psycopg://iris@127.0.0.1:9/iris"


@pytest.fixture
def api(client, token):
    client.headers["Authorization"] = f"Bearer {token}"
    return client


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "message", "details"}
    return body


@pytest.mark.parametrize("page", ["0", "-3", "abc", "1.5", ""])
def test_a_page_that_is_not_an_integer_of_at_least_one_is_a_validation_error(api, page):
    response = api.get("/api/v1/predictions", params={"page": page})

    body = error_of(response, 400)
    assert body["error"] == "validation_error"
    assert list(body["details"]) == ["page"]


def test_a_page_past_the_last_is_the_last_page(api):
    assert api.get("/api/v1/predictions", params={"page": "99"}).json()["page"] == 1


def test_the_first_page_is_the_default(api):
    page = api.get("/api/v1/predictions").json()

    assert page == {"count": 0, "page": 1, "pages": 1, "results": []}


@pytest.mark.parametrize("path", ["/api/v1/health", "/api/v1/model", "/api/v1/docs"])
def test_head_works_wherever_get_does(client, path):
    response = client.head(path)

    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [("POST", "/api/v1/health", "GET, HEAD"), ("GET", "/api/v1/predict", "POST")],
)
def test_a_wrong_method_names_the_allowed_ones_in_a_fixed_order(client, method, path, allow):
    response = client.request(method, path)

    assert error_of(response, 405)["error"] == "method_not_allowed"
    assert response.headers["Allow"] == allow


def test_the_token_is_checked_before_the_body_size(client):
    response = client.post("/api/v1/predict", content=b"x" * (MAX_BODY_BYTES + 1))

    assert error_of(response, 401)["error"] == "unauthorized"


def test_a_chunked_body_over_the_limit_is_too_large(api):
    chunks = (b" " * 65536 for _ in range(MAX_BODY_BYTES // 65536 + 1))

    response = api.post("/api/v1/predict", content=chunks, headers={"Content-Type": "text/plain"})

    assert error_of(response, 413)["error"] == "too_large"
    assert api.get("/api/v1/predictions").json()["count"] == 0


def test_a_nan_is_refused_where_pydantic_would_take_it(api):
    response = api.post(
        "/api/v1/predict",
        content=b'{"features": {"sepal_length": NaN}}',
        headers={"Content-Type": "application/json"},
    )

    assert error_of(response, 400)["details"]["features.sepal_length"] == "Must be a finite number."


def test_an_unhandled_error_is_a_json_500_with_no_traceback_and_the_headers(make_app):
    app = make_app()

    def broken():
        raise RuntimeError("secret detail")

    app.add_api_route("/api/v1/broken", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/v1/broken")

    assert error_of(response, 500)["error"] == "internal_error"
    assert "secret detail" not in response.text and "Traceback" not in response.text
    for name, value in response_headers(secure=False).items():
        assert response.headers[name] == value


def test_an_unreachable_database_is_a_503_health_within_two_seconds(make_app):
    with TestClient(make_app(database_url=UNREACHABLE)) as client:
        started = time.monotonic()
        response = client.get("/api/v1/health")
        seconds = time.monotonic() - started

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert seconds < 2


def test_an_unreachable_database_is_a_503_unavailable_logged_in_one_line(make_app, caplog):
    with TestClient(make_app(database_url=UNREACHABLE)) as client:
        response = client.post(
            "/api/v1/predict", json={"features": SETOSA}, headers={"Authorization": "Bearer x"}
        )

    assert error_of(response, 503)["error"] == "unavailable"
    [record] = [r for r in caplog.records if r.msg == UNAVAILABLE_LOG]
    assert record.exc_info is None
    assert record.args[:2] == ("POST", "/api/v1/predict")
