"""API refusals before validation: token, method, unknown path, and the order of the checks."""

from __future__ import annotations

import pytest

from tests.contract.expect import api_error
from tools.harness.web import Api

PROTECTED = [("POST", "/api/v1/predict"), ("GET", "/api/v1/predictions")]


def assert_unauthorized(response):
    api_error(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(("method", "path"), PROTECTED)
@pytest.mark.security
def test_api_without_a_token_is_unauthorized(anonymous_api, setosa, method, path):
    response = anonymous_api.request(method, path, json={"features": setosa})

    assert_unauthorized(response)


@pytest.mark.parametrize(("method", "path"), PROTECTED)
@pytest.mark.security
def test_api_with_a_wrong_token_is_unauthorized(server, setosa, method, path):
    wrong = Api(server.base_url, "iris_" + "x" * 43)

    response = wrong.request(method, path, json={"features": setosa})

    assert_unauthorized(response)


@pytest.mark.parametrize("header", ["Token {token}", "Basic {token}", "Bearer", "{token}"])
@pytest.mark.security
def test_api_with_another_authorization_scheme_is_unauthorized(anonymous_api, token, header):
    response = anonymous_api.get(
        "/api/v1/predictions", headers={"Authorization": header.format(token=token)}
    )

    assert_unauthorized(response)


@pytest.mark.parametrize(("method", "path"), PROTECTED)
@pytest.mark.security
@pytest.mark.pages
def test_api_with_only_a_session_cookie_is_unauthorized(member, setosa, method, path):
    response = member.client.request(method, path, json={"features": setosa})

    assert_unauthorized(response)


@pytest.mark.security
def test_unauthorized_predict_stores_nothing(anonymous_api, api, setosa):
    before = api.count()

    anonymous_api.predict({"features": setosa})

    assert api.count() == before


@pytest.mark.security
def test_token_is_checked_before_the_body(anonymous_api):
    response = anonymous_api.predict_raw(b"not json", "text/plain")

    assert_unauthorized(response)


def test_size_is_checked_before_the_content_type(api):
    response = api.predict_raw(b"x" * (1024 * 1024 + 1), "text/plain")

    api_error(response, 413, "too_large")


def test_content_type_is_checked_before_the_json(api):
    api_error(api.predict_raw(b"not json", "text/plain"), 415, "unsupported_media_type")


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("GET", "/api/v1/predict", "POST"),
        ("PUT", "/api/v1/predict", "POST"),
        ("POST", "/api/v1/health", "GET"),
        ("DELETE", "/api/v1/predictions", "GET"),
        ("OPTIONS", "/api/v1/predict", "POST"),
    ],
)
def test_wrong_method_is_a_json_405_with_allow(anonymous_api, method, path, allowed):
    response = anonymous_api.request(method, path)

    api_error(response, 405, "method_not_allowed")
    assert allowed in {m.strip() for m in response.headers["Allow"].split(",")}


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing-here", "/api/v2/predict", "/api/", "/api/v1/predict/"]
)
def test_unknown_api_path_is_a_json_404(anonymous_api, path):
    api_error(anonymous_api.get(path), 404, "not_found")
