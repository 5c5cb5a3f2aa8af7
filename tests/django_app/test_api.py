"""The JSON API through Django's test client: the checks in their order, and the answers."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client, override_settings

from django_app.predictions.models import Prediction
from shared_model.http import MAX_BODY_BYTES
from shared_model.openapi import OPENAPI_JSON
from shared_model.predictor import get_predictor

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


def test_health_reports_the_model_version_and_the_database(client):
    response = client.get("/api/v1/health")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "model_version": get_predictor().version,
        "database": "ok",
    }


def test_health_is_503_when_the_database_fails(client):
    with mock.patch(
        "django_app.predictions.api.connection.cursor", side_effect=OperationalError("down")
    ):
        response = client.get("/api/v1/health")

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_model_card_is_served(client):
    assert client.get("/api/v1/model").json() == get_predictor().card


def test_openapi_document_is_the_shared_bytes(client):
    response = client.get("/api/v1/openapi.json")

    assert response.content == OPENAPI_JSON
    assert response["Content-Type"] == "application/json"


def test_predict_stores_and_returns_the_prediction(client, user, token, setosa):
    response = post_json(client, {"features": setosa}, token)

    body = response.json()
    assert response.status_code == 200
    assert body["label"] == "setosa"
    assert Prediction.objects.get(pk=body["id"]).user == user


def test_batch_predict_returns_one_prediction_per_instance(client, token, setosa):
    response = post_json(client, {"instances": [setosa, setosa]}, token)

    body = response.json()
    assert response.status_code == 200
    assert len(body["predictions"]) == 2
    assert body["model_version"] == get_predictor().version


def test_wrong_method_is_a_405_naming_the_allowed_one(client):
    response = client.get("/api/v1/predict")

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert error_code(response) == "method_not_allowed"


def test_missing_token_is_a_401_with_the_bearer_challenge(client, setosa):
    response = client.post("/api/v1/predict", {"features": setosa}, content_type="application/json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert error_code(response) == "unauthorized"


def test_a_session_cookie_alone_does_not_authenticate(client, auth, user):
    auth.login()

    assert client.get("/api/v1/predictions").status_code == 401


def test_a_body_over_the_limit_is_a_413_before_it_is_read(client, token):
    response = client.post(
        "/api/v1/predict",
        b"{}",
        content_type="application/json",
        headers=bearer(token),
        CONTENT_LENGTH=str(MAX_BODY_BYTES + 1),
    )

    assert response.status_code == 413
    assert error_code(response) == "too_large"


def test_a_body_that_is_not_json_typed_is_a_415(client, token, setosa):
    response = post_json(client, {"features": setosa}, token, content_type="text/plain")

    assert response.status_code == 415


def test_json_with_a_charset_is_accepted(client, token, setosa):
    response = post_json(
        client, {"features": setosa}, token, content_type="application/json; charset=utf-8"
    )

    assert response.status_code == 200


def test_invalid_json_is_a_400_invalid_json(client, token):
    response = client.post(
        "/api/v1/predict", b"{nope", content_type="application/json", headers=bearer(token)
    )

    assert response.status_code == 400
    assert error_code(response) == "invalid_json"


def test_bad_input_is_a_400_naming_the_field_and_stores_nothing(client, token, setosa):
    response = post_json(client, {"instances": [setosa, {**setosa, "sepal_length": 0}]}, token)

    assert response.status_code == 400
    assert response.json()["details"] == {
        "instances.1.sepal_length": "Must be between 0.1 and 15 cm."
    }
    assert not Prediction.objects.exists()


def test_nan_in_a_json_body_is_a_validation_error(client, token):
    body = (
        b'{"features": {"sepal_length": NaN, "sepal_width": 3.5, '
        b'"petal_length": 1.4, "petal_width": 0.2}}'
    )

    response = client.post(
        "/api/v1/predict", body, content_type="application/json", headers=bearer(token)
    )

    assert response.status_code == 400
    assert list(response.json()["details"]) == ["features.sepal_length"]


def test_a_batch_over_1000_is_a_413(client, token, setosa):
    response = post_json(client, {"instances": [setosa] * 1001}, token)

    assert response.status_code == 413
    assert not Prediction.objects.exists()


def test_predictions_page_lists_own_predictions(client, user, token, make_user, make_prediction):
    mine = make_prediction(user)
    make_prediction(make_user("bob"))

    body = client.get("/api/v1/predictions", headers=bearer(token)).json()

    assert body["count"] == 1 and body["page"] == 1 and body["pages"] == 1
    assert [result["id"] for result in body["results"]] == [mine.pk]


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/nothing-here")

    assert response.status_code == 404
    assert error_code(response) == "not_found"


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
