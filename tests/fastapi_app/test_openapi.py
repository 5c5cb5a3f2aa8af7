"""What FastAPI would generate for these routes, beside the shared OpenAPI document.

The app serves the shared document (shared_model.api.openapi), byte for byte as the other
apps do, and switches FastAPI's generated one off. These tests hold the two side by side, by
meaning rather than by bytes, as a lesson on what a generated document knows: where they
agree (the paths and methods, the `page` parameter, which operations need the token), and
where FastAPI's falls short of the contract, each difference written down as a test so that
a change on either side shows.

FastAPI documents what its routing and its dependencies declare, and nothing that an
endpoint or an exception handler does by itself: a body read as bytes has no schema, the
errors the handlers answer (400, 401, 413, 415, 503) are unknown to it, and its own 422 is
documented though the app never sends one.
"""

from __future__ import annotations

import re

import pytest
from fastapi.openapi.utils import get_openapi

from fastapi_app import create_app
from fastapi_app.config import Settings
from shared_model.api.openapi import OPENAPI_DOCUMENT

BASE = OPENAPI_DOCUMENT["servers"][0]["url"]
SHARED_ERRORS = {"400", "401", "413", "415", "503"}


@pytest.fixture(scope="module")
def generated():
    """FastAPI's document for the app's routes: what `openapi_url` would serve."""
    app = create_app(
        Settings(database_url="sqlite://", secret_key="test", hashed_static_urls=False)
    )
    # A GET route that takes HEAD too is documented as two operations with one id.
    with pytest.warns(UserWarning, match="Duplicate Operation ID"):
        return get_openapi(title=app.title, version="1.0.0", routes=app.routes)


def operations(document: dict, prefix: str = "") -> dict[tuple[str, str], dict]:
    """Every operation as (METHOD, full path) -> the operation; a path parameter's name is
    left out (`/predictions/{}`), as it is no part of the URL."""
    return {
        (method.upper(), re.sub(r"\{[^}]+\}", "{}", prefix + path)): operation
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }


@pytest.fixture(scope="module")
def shared():
    return operations(OPENAPI_DOCUMENT, BASE)


@pytest.fixture(scope="module")
def fastapi_ops(generated):
    return operations(generated)


def needs_token(document: dict, operation: dict) -> bool:
    return operation.get("security", document.get("security", [])) != []


def test_the_same_operations_apart_from_head(shared, fastapi_ops):
    assert {key for key in fastapi_ops if key[0] != "HEAD"} == set(shared)


def test_fastapi_documents_head_as_operations_of_their_own(fastapi_ops):
    heads = {path for method, path in fastapi_ops if method == "HEAD"}
    gets = {path for method, path in fastapi_ops if method == "GET"}

    assert heads == gets


def test_the_paths_are_whole_in_fastapi_s_and_under_a_server_in_the_shared_one(generated):
    assert "servers" not in generated
    assert all(path.startswith(BASE + "/") for path in generated["paths"])


def test_the_page_parameter_is_the_same_parameter_read_as_a_string(shared, fastapi_ops):
    key = ("GET", f"{BASE}/predictions")
    [documented] = shared[key]["parameters"]
    [generated] = fastapi_ops[key]["parameters"]

    assert (generated["name"], generated["in"]) == (documented["name"], documented["in"])
    assert generated["required"] is documented["required"] is False
    # The shared document says what the app accepts (an integer of at least 1); FastAPI's
    # says how the app reads it: a string it checks itself, as Django and Flask do.
    assert documented["schema"]["type"] == "integer" and documented["schema"]["minimum"] == 1
    assert {"type": "string"} in generated["schema"]["anyOf"]


def test_the_same_operations_need_the_bearer_token(generated, shared, fastapi_ops):
    documented = {key for key, op in shared.items() if needs_token(OPENAPI_DOCUMENT, op)}
    declared = {key for key, op in fastapi_ops.items() if key[0] != "HEAD" and op.get("security")}

    assert declared == documented
    [scheme] = generated["components"]["securitySchemes"].values()
    assert scheme == {"type": "http", "scheme": "bearer"}


def test_fastapi_knows_none_of_the_errors_the_handlers_answer(shared, fastapi_ops):
    for key, operation in shared.items():
        documented = set(operation["responses"])
        generated = set(fastapi_ops[key]["responses"])

        assert generated - {"422"} <= documented, key
        assert not generated & SHARED_ERRORS, key


def test_fastapi_documents_a_422_the_app_never_sends(shared, fastapi_ops):
    with_422 = {key for key, operation in fastapi_ops.items() if "422" in operation["responses"]}
    with_parameters = {key for key, operation in fastapi_ops.items() if operation.get("parameters")}

    # Every operation with a typed parameter: errors.py answers its failures 400.
    assert with_422 == with_parameters
    assert ("GET", f"{BASE}/predictions") in with_422
    for key in with_422:
        generated = fastapi_ops[key]["responses"]["422"]["content"]["application/json"]
        assert generated["schema"] == {"$ref": "#/components/schemas/HTTPValidationError"}
    # The shared document's one 422 is another answer: a key reused with another body.
    documented = {key for key, operation in shared.items() if "422" in operation["responses"]}
    assert documented == {("POST", f"{BASE}/predict")}
    example = shared[("POST", f"{BASE}/predict")]["responses"]["422"]["content"]
    assert example["application/json"]["example"]["error"] == "idempotency_key_reused"


def test_the_idempotency_key_is_the_same_header_in_both(shared, fastapi_ops):
    key = ("POST", f"{BASE}/predict")
    [documented] = shared[key]["parameters"]
    [generated] = fastapi_ops[key]["parameters"]

    assert (generated["name"], generated["in"]) == (documented["name"], documented["in"])
    assert generated["required"] is documented["required"] is False
    # Only the shared document says what a key may hold; the app checks it itself. FastAPI's
    # says that the header may come more than once: the app reads every value.
    assert "maxLength" in documented["schema"]
    assert {"type": "array", "items": {"type": "string"}} in generated["schema"]["anyOf"]


def test_fastapi_documents_no_body_for_a_body_read_as_bytes(shared, fastapi_ops):
    key = ("POST", f"{BASE}/predict")

    assert "requestBody" in shared[key]
    assert "requestBody" not in fastapi_ops[key]


def test_the_docs_page_is_no_operation_of_either(shared, fastapi_ops):
    assert not any(path.endswith("/docs") for _, path in {*shared, *fastapi_ops})
