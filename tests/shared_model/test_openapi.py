"""The one OpenAPI document: valid OpenAPI 3.1, relative server, ranges from the schema."""

from __future__ import annotations

import json

from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from shared_model.api.idempotency import HEADER, MAX_KEY_LENGTH
from shared_model.api.openapi import OPENAPI_DOCUMENT, OPENAPI_JSON
from shared_model.api.wire import ERROR_MESSAGES
from shared_model.model.schema import CLASSES, FEATURES


def test_document_is_valid_openapi_3_1():
    validate(json.loads(OPENAPI_JSON))
    assert OPENAPI_DOCUMENT["openapi"].startswith("3.1")


def test_the_validator_rejects_a_broken_document():
    broken = json.loads(OPENAPI_JSON)
    broken["paths"]["/predict"]["post"]["responses"]["200"] = {"content": "nope"}
    try:
        validate(broken)
    except OpenAPIValidationError:
        return
    raise AssertionError("a broken document passed validation")


def test_server_is_the_relative_api_root():
    assert OPENAPI_DOCUMENT["servers"] == [{"url": "/api/v1"}]


def test_every_path_of_the_contract_is_documented():
    assert set(OPENAPI_DOCUMENT["paths"]) == {
        "/health",
        "/model",
        "/predict",
        "/predictions",
        "/openapi.json",
    }


def test_feature_ranges_come_from_the_schema():
    properties = OPENAPI_DOCUMENT["components"]["schemas"]["Features"]["properties"]
    for feature in FEATURES:
        assert properties[feature.name]["minimum"] == feature.min
        assert properties[feature.name]["maximum"] == feature.max


def test_classes_and_error_codes_come_from_the_code():
    schemas = OPENAPI_DOCUMENT["components"]["schemas"]
    assert schemas["Prediction"]["properties"]["label"]["enum"] == list(CLASSES)
    assert schemas["Error"]["properties"]["error"]["enum"] == sorted(ERROR_MESSAGES)


def test_serialised_bytes_are_the_document():
    assert json.loads(OPENAPI_JSON) == OPENAPI_DOCUMENT
    assert OPENAPI_JSON.endswith(b"}\n")


def test_predict_documents_the_idempotency_key_and_its_answers():
    predict = OPENAPI_DOCUMENT["paths"]["/predict"]["post"]
    (parameter,) = predict["parameters"]

    assert parameter["name"] == HEADER and parameter["in"] == "header"
    assert not parameter["required"]
    assert parameter["schema"]["maxLength"] == MAX_KEY_LENGTH
    assert predict["responses"]["409"]["content"]["application/json"]["example"]["error"] == (
        "idempotency_key_in_use"
    )
    assert predict["responses"]["422"]["content"]["application/json"]["example"]["error"] == (
        "idempotency_key_reused"
    )


def test_the_page_parameter_says_what_a_page_past_the_last_answers():
    operation = OPENAPI_DOCUMENT["paths"]["/predictions"]["get"]
    (page,) = operation["parameters"]

    assert page["schema"] == {"type": "integer", "minimum": 1, "default": 1}
    assert "A page past the last one answers the last page." in page["description"]


def test_a_page_outside_its_schema_is_documented_as_a_validation_error():
    response = OPENAPI_DOCUMENT["paths"]["/predictions"]["get"]["responses"]["400"]

    assert "`page`" in response["description"]
    example = response["content"]["application/json"]["example"]
    assert example["error"] == "validation_error"
