"""Check of exercise 04 in FastAPI: GET /api/v1/predictions/<id>, with its errors."""

from __future__ import annotations

import pytest

from workshop.support import SETOSA

MISSING = (
    "GET /api/v1/predictions/<id> is not there yet: add a path operation to the router in "
    "fastapi_app/api.py (no trailing slash, as the other API paths)."
)


@pytest.fixture
def setup(fastapi_user, fastapi_session, fastapi_client):
    from fastapi_app import services
    from shared_model.model.predictor import get_predictor

    alice, bob = fastapi_user("alice"), fastapi_user("bob")
    made = {"session": fastapi_session, "predictor": get_predictor(), "features": SETOSA}
    mine = services.prediction_create(user=alice, **made)
    theirs = services.prediction_create(user=bob, **made)
    token = services.api_token_issue(session=fastapi_session, user=alice)
    return fastapi_client, token, mine.id, theirs.id


def _get(client, path, token=None, method="get"):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.request(method.upper(), path, headers=headers)


def _error(response, status, code):
    assert response.status_code == status, f"expected {status}, got {response.status_code}"
    assert response.headers["Content-Type"].startswith("application/json"), (
        "Errors are JSON under /api/."
    )
    assert response.json()["error"] == code, f"expected the error code {code!r}"


def test_owner_gets_the_prediction_as_the_list_shows_it(setup):
    client, token, mine, _ = setup
    response = _get(client, f"/api/v1/predictions/{mine}", token)
    assert response.status_code == 200, MISSING
    listed = _get(client, "/api/v1/predictions", token).json()["results"][0]
    assert response.json() == listed, "The same JSON as the item in /api/v1/predictions."


def test_without_a_token_it_is_401(setup):
    client, _, mine, _ = setup
    response = _get(client, f"/api/v1/predictions/{mine}")
    _error(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer"), (
        "A 401 says how to authenticate."
    )


@pytest.mark.parametrize("whose", ["theirs", "unknown", "huge"])
def test_another_users_or_unknown_prediction_is_404(setup, whose):
    client, token, _, theirs = setup
    pk = {"theirs": theirs, "unknown": theirs + 1000, "huge": 2**64}[whose]
    _error(_get(client, f"/api/v1/predictions/{pk}", token), 404, "not_found")


def test_wrong_method_is_405(setup):
    client, token, mine, _ = setup
    response = _get(client, f"/api/v1/predictions/{mine}", token, method="post")
    _error(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


def test_openapi_documents_the_path():
    from shared_model.api.openapi import OPENAPI_DOCUMENT

    path = OPENAPI_DOCUMENT["paths"].get("/predictions/{id}")
    assert path and "get" in path, (
        "Document the path `/predictions/{id}` in shared_model/api/openapi.py (all the apps "
        "serve it)."
    )
    assert {"200", "401", "404"} <= set(path["get"]["responses"]), "Document 200, 401 and 404."
