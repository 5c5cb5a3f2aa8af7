"""Check of exercise 04 in Flask: GET /api/v1/predictions/<id>, with its errors."""

from __future__ import annotations

import pytest

from workshop.support import SETOSA

MISSING = (
    "GET /api/v1/predictions/<id> is not there yet: add a route to the API blueprint in "
    "flask_app/api.py (no trailing slash, as the other API paths)."
)


@pytest.fixture
def setup(flask_user, flask_client_for):
    from flask_app import services

    alice, bob = flask_user("alice"), flask_user("bob")
    mine = services.prediction_create(user=alice, features=SETOSA)
    theirs = services.prediction_create(user=bob, features=SETOSA)
    token = services.api_token_issue(user=alice)
    return flask_client_for(), token, mine, theirs


def _get(client, path, token=None, method="get"):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return getattr(client, method)(path, headers=headers)


def _error(response, status, code):
    assert response.status_code == status, f"expected {status}, got {response.status_code}"
    assert response.headers["Content-Type"].startswith("application/json"), (
        "Errors are JSON under /api/."
    )
    assert response.get_json()["error"] == code, f"expected the error code {code!r}"


def test_owner_gets_the_prediction_as_the_list_shows_it(setup):
    client, token, mine, _ = setup
    response = _get(client, f"/api/v1/predictions/{mine.id}", token)
    assert response.status_code == 200, MISSING
    listed = _get(client, "/api/v1/predictions", token).get_json()["results"][0]
    assert response.get_json() == listed, "The same JSON as the item in /api/v1/predictions."


def test_without_a_token_it_is_401(setup):
    client, _, mine, _ = setup
    response = _get(client, f"/api/v1/predictions/{mine.id}")
    _error(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer"), (
        "A 401 says how to authenticate."
    )


@pytest.mark.parametrize("whose", ["theirs", "unknown", "huge"])
def test_another_users_or_unknown_prediction_is_404(setup, whose):
    client, token, _, theirs = setup
    pk = {"theirs": theirs.id, "unknown": theirs.id + 1000, "huge": 2**64}[whose]
    _error(_get(client, f"/api/v1/predictions/{pk}", token), 404, "not_found")


def test_wrong_method_is_405(setup):
    client, token, mine, _ = setup
    response = _get(client, f"/api/v1/predictions/{mine.id}", token, method="post")
    _error(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


def test_openapi_documents_the_path():
    from shared_model.api.openapi import OPENAPI_DOCUMENT

    path = OPENAPI_DOCUMENT["paths"].get("/predictions/{id}")
    assert path and "get" in path, (
        "Document the path `/predictions/{id}` in shared_model/api/openapi.py (both apps serve it)."
    )
    assert {"200", "401", "404"} <= set(path["get"]["responses"]), "Document 200, 401 and 404."
