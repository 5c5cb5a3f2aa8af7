"""The JSON API where HTTP alone cannot reach: a failing database, an unhandled error, the
key order Flask would sort, OPTIONS, the session it does not open. The contract suite checks
the rest against both apps.

Django counterpart: tests/django_app/test_api.py
"""

from __future__ import annotations

import pytest
from flask import session
from flask.sessions import NullSession
from sqlalchemy.exc import OperationalError

from flask_app.extensions import db
from shared_model.model.predictor import get_predictor


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def post_json(client, body, token, **kwargs):
    return client.post("/api/v1/predict", json=body, headers=bearer(token), **kwargs)


def error_code(response):
    return response.get_json()["error"]


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


@pytest.mark.parametrize(
    ("path", "allowed"), [("/api/v1/predict", {"POST"}), ("/api/v1/health", {"GET", "HEAD"})]
)
def test_options_is_a_405_naming_only_the_real_methods(client, path, allowed):
    response = client.options(path)

    assert response.status_code == 405
    assert {method.strip() for method in response.headers["Allow"].split(",")} == allowed
    assert error_code(response) == "method_not_allowed"


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


def test_an_api_request_opens_no_cookie_session_and_a_page_does(app):
    with app.test_request_context("/api/v1/predictions"):
        assert isinstance(session._get_current_object(), NullSession)
    with app.test_request_context("/predictions/"):
        assert not isinstance(session._get_current_object(), NullSession)


def test_a_signed_in_member_using_the_api_keeps_the_session_and_gets_no_cookie(
    client, auth, token, setosa
):
    assert auth.login().status_code == 302

    response = post_json(client, {"features": setosa}, token)

    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert client.get("/predictions/").status_code == 200
