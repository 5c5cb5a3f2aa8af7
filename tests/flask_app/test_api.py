"""The JSON API through Flask's test client: the checks in their order, and the answers."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from flask_app.extensions import db
from flask_app.models import Prediction
from shared_model.http import MAX_BODY_BYTES
from shared_model.openapi import OPENAPI_JSON
from shared_model.predictor import get_predictor


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def post_json(client, body, token, **kwargs):
    return client.post("/api/v1/predict", json=body, headers=bearer(token), **kwargs)


def error_code(response):
    return response.get_json()["error"]


def stored(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Prediction))


def test_health_reports_the_model_version_and_the_database(client):
    response = client.get("/api/v1/health")

    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ok",
        "model_version": get_predictor().version,
        "database": "ok",
    }


def test_health_is_503_when_the_database_fails(client, monkeypatch):
    def fail(statement):
        raise OperationalError(str(statement), {}, Exception("down"))

    with monkeypatch.context() as patch:
        patch.setattr(db.session, "execute", fail)
        response = client.get("/api/v1/health")

    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable",
        "model_version": get_predictor().version,
        "database": "unavailable",
    }


def test_model_card_is_served_in_its_own_key_order(client):
    response = client.get("/api/v1/model")

    assert response.get_json() == get_predictor().card
    assert list(response.get_json()) == list(get_predictor().card)


def test_openapi_document_is_the_shared_bytes(client):
    response = client.get("/api/v1/openapi.json")

    assert response.data == OPENAPI_JSON
    assert response.headers["Content-Type"] == "application/json"


def test_predict_stores_and_returns_the_prediction(app, client, user, token, setosa):
    response = post_json(client, {"features": setosa}, token)

    body = response.get_json()
    assert response.status_code == 200
    assert body["label"] == "setosa"
    with app.app_context():
        assert db.session.get(Prediction, body["id"]).user_id == user.id


def test_batch_predict_returns_one_prediction_per_instance(client, token, setosa):
    response = post_json(client, {"instances": [setosa, setosa]}, token)

    body = response.get_json()
    assert response.status_code == 200
    assert len(body["predictions"]) == 2
    assert body["model_version"] == get_predictor().version


def test_wrong_method_is_a_405_naming_the_allowed_one(client):
    response = client.get("/api/v1/predict")

    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert error_code(response) == "method_not_allowed"


@pytest.mark.parametrize(
    ("path", "allowed"), [("/api/v1/predict", {"POST"}), ("/api/v1/health", {"GET", "HEAD"})]
)
def test_options_is_a_405_naming_only_the_real_methods(client, path, allowed):
    response = client.options(path)

    assert response.status_code == 405
    assert {method.strip() for method in response.headers["Allow"].split(",")} == allowed
    assert error_code(response) == "method_not_allowed"


def test_missing_token_is_a_401_with_the_bearer_challenge(client, setosa):
    response = client.post("/api/v1/predict", json={"features": setosa})

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'
    assert error_code(response) == "unauthorized"


def test_a_session_cookie_alone_does_not_authenticate(client, auth, user):
    auth.login()

    assert client.get("/api/v1/predictions").status_code == 401


def test_the_api_needs_no_csrf_token(csrf_app, make_user, setosa):
    from flask_app import services

    user = make_user("alice")
    with csrf_app.app_context():
        token = services.api_token_issue(user=user)

    response = post_json(csrf_app.test_client(), {"features": setosa}, token)

    assert response.status_code == 200


def test_a_body_over_the_limit_is_a_413_before_it_is_read(client, token):
    response = client.post(
        "/api/v1/predict",
        data=b"x" * (MAX_BODY_BYTES + 1),
        content_type="text/plain",
        headers=bearer(token),
    )

    assert response.status_code == 413
    assert error_code(response) == "too_large"


def test_a_body_that_is_not_json_typed_is_a_415(client, token):
    response = client.post(
        "/api/v1/predict", data=b"{}", content_type="text/plain", headers=bearer(token)
    )

    assert response.status_code == 415
    assert error_code(response) == "unsupported_media_type"


def test_json_with_a_charset_is_accepted(client, token, setosa):
    response = client.post(
        "/api/v1/predict",
        json={"features": setosa},
        content_type="application/json; charset=utf-8",
        headers=bearer(token),
    )

    assert response.status_code == 200


def test_invalid_json_is_a_400_invalid_json(client, token):
    response = client.post(
        "/api/v1/predict", data=b"{nope", content_type="application/json", headers=bearer(token)
    )

    assert response.status_code == 400
    assert error_code(response) == "invalid_json"


def test_bad_input_is_a_400_naming_the_field_and_stores_nothing(app, client, token, setosa):
    response = post_json(client, {"instances": [setosa, {**setosa, "sepal_length": 0}]}, token)

    assert response.status_code == 400
    assert response.get_json()["details"] == {
        "instances.1.sepal_length": "Must be between 0.1 and 15 cm."
    }
    assert stored(app) == 0


@pytest.mark.parametrize("value", [b"NaN", b"Infinity", b"1e999"])
def test_nan_or_infinity_in_a_json_body_is_a_validation_error(client, token, value):
    body = (
        b'{"features": {"sepal_length": ' + value + b', "sepal_width": 3.5, '
        b'"petal_length": 1.4, "petal_width": 0.2}}'
    )

    response = client.post(
        "/api/v1/predict", data=body, content_type="application/json", headers=bearer(token)
    )

    assert response.status_code == 400
    assert list(response.get_json()["details"]) == ["features.sepal_length"]


def test_a_batch_over_1000_is_a_413(app, client, token, setosa):
    response = post_json(client, {"instances": [setosa] * 1001}, token)

    assert response.status_code == 413
    assert error_code(response) == "too_large"
    assert stored(app) == 0


def test_predictions_page_lists_own_predictions(client, user, token, make_user, make_prediction):
    mine = make_prediction(user)
    make_prediction(make_user("bob"))

    body = client.get("/api/v1/predictions", headers=bearer(token)).get_json()

    assert body["count"] == 1 and body["page"] == 1 and body["pages"] == 1
    assert [result["id"] for result in body["results"]] == [mine.id]


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/", "/api/v1/predict/"])
def test_unknown_api_path_is_a_json_404(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert error_code(response) == "not_found"


def test_an_unhandled_error_under_api_is_a_json_500_without_traceback(
    make_app, make_user, setosa, monkeypatch
):
    from flask_app import services

    app = make_app(PROPAGATE_EXCEPTIONS=False)
    user = make_user("alice")
    with app.app_context():
        token = services.api_token_issue(user=user)

    def fail(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "prediction_create", fail)

    response = post_json(app.test_client(), {"features": setosa}, token)

    assert response.status_code == 500
    assert error_code(response) == "internal_error"
    assert "boom" not in response.text
