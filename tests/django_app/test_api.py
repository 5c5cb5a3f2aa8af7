"""The JSON API where HTTP alone cannot reach: a failing database, an unhandled error, DEBUG
on. The contract suite checks the rest against both apps.

Flask counterpart: tests/flask_app/test_api.py
"""

from __future__ import annotations

import json
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def post_json(client, body, token, **kwargs):
    return client.post(
        "/api/v1/predict",
        json.dumps(body),
        content_type=kwargs.pop("content_type", "application/json"),
        headers=bearer(token),
        **kwargs,
    )


def error_code(response):
    return response.json()["error"]


def test_health_is_503_when_the_database_fails(client):
    with mock.patch(
        "django_app.predictions.api.connection.cursor", side_effect=OperationalError("down")
    ):
        response = client.get("/api/v1/health")

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_an_unhandled_error_under_api_is_a_json_500_without_traceback(token, setosa):
    client = Client(raise_request_exception=False)

    with mock.patch(
        "django_app.predictions.services.prediction_create", side_effect=RuntimeError("boom")
    ):
        response = post_json(client, {"features": setosa}, token)

    assert response.status_code == 500
    assert response.json()["error"] == "internal_error"
    assert "boom" not in response.text


# With DEBUG on, Django answers 404s and 500s with its technical pages, bypassing the error
# handlers: the API must answer JSON all the same.
@override_settings(DEBUG=True)
@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/health/", "/api/v1"])
def test_unknown_api_path_is_a_json_404_with_debug_on(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert error_code(response) == "not_found"


@override_settings(DEBUG=True)
def test_an_unhandled_error_under_api_is_a_json_500_with_debug_on(token, setosa):
    client = Client(raise_request_exception=False)

    with mock.patch(
        "django_app.predictions.services.prediction_create", side_effect=RuntimeError("boom")
    ):
        response = post_json(client, {"features": setosa}, token)

    assert response.status_code == 500
    assert response.json()["error"] == "internal_error"
    assert "boom" not in response.text
