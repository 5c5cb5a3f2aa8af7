"""The OpenAPI 3.1 document of `/api/v1/`, written once and served by both apps.

`OPENAPI_JSON` is the exact bytes both apps send, so the two documents are identical.
Feature ranges and class names come from the schema, never typed twice.
"""

from __future__ import annotations

import json

from shared_model.api.idempotency import HEADER as IDEMPOTENCY_KEY
from shared_model.api.idempotency import KEY_LIFETIME, MAX_KEY_LENGTH
from shared_model.api.wire import ERROR_MESSAGES
from shared_model.model.schema import CLASSES, FEATURES, MAX_BATCH_SIZE
from shared_model.web.paging import PAGE_PAST_THE_LAST, PAGE_SIZE


def _features_schema() -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in FEATURES],
        "properties": {
            f.name: {
                "type": "number",
                "minimum": f.min,
                "maximum": f.max,
                "description": f"{f.label} in {f.unit}. {f.description}",
            }
            for f in FEATURES
        },
    }


def _error_response(description: str, codes: list[str], headers: dict | None = None) -> dict:
    response = {
        "description": description,
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/Error"},
                "example": {"error": codes[0], "message": ERROR_MESSAGES[codes[0]], "details": {}},
            }
        },
    }
    if headers:
        response["headers"] = headers
    return response


def _json(ref: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


UNAUTHORIZED = _error_response(
    "Missing or invalid token.",
    ["unauthorized"],
    {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}},
)

UNAVAILABLE = _error_response(
    "The database cannot be reached; nothing was stored. Try again shortly.", ["unavailable"]
)

IDEMPOTENCY_KEY_PARAMETER = {
    "name": IDEMPOTENCY_KEY,
    "in": "header",
    "required": False,
    "description": (
        f"1 to {MAX_KEY_LENGTH} printable ASCII characters that make the request safe to "
        "retry. The first request with a key is stored and answered as usual; the same key "
        "with the same body, from the same user, within "
        f"{KEY_LIFETIME.total_seconds() / 3600:g} hours, gets that first answer again (the "
        "same ids) and stores nothing. A request refused for its input (400, 413, 415) "
        "stores nothing, its key included: the corrected body may use the same key. Keys "
        "are per user. A request sent while another with its key is being stored waits for "
        "it and gets its answer. Use a new key for each distinct request, such as the hash "
        "of a chunk of a file and its place in it."
    ),
    "schema": {
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_KEY_LENGTH,
        "pattern": "^[ -~]+$",
    },
}


def build_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Iris prediction API",
            "version": "1.0.0",
            "description": (
                "Classify iris flowers from four measurements in centimetres. The same API "
                "is served by the Django app and by the Flask app."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/health": {
                "get": {
                    "operationId": "health",
                    "summary": "Service and database health",
                    "security": [],
                    "responses": {
                        "200": _json("Health", "The service and its database are up."),
                        "503": _json("Health", "The database cannot be reached."),
                    },
                }
            },
            "/model": {
                "get": {
                    "operationId": "modelCard",
                    "summary": "The model card: version, features, metrics",
                    "security": [],
                    "responses": {"200": _json("ModelCard", "The model card.")},
                }
            },
            "/predict": {
                "post": {
                    "operationId": "predict",
                    "summary": "Classify one flower, or a batch of 1 to 1000",
                    "parameters": [IDEMPOTENCY_KEY_PARAMETER],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/PredictRequest"}
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "The stored prediction, or the batch of them.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "oneOf": [
                                            {"$ref": "#/components/schemas/Prediction"},
                                            {"$ref": "#/components/schemas/BatchPrediction"},
                                        ]
                                    }
                                }
                            },
                        },
                        "400": _error_response(
                            "Invalid JSON, or input that fails validation; `details` names "
                            "each bad field as a path such as `features.sepal_width` or "
                            f"`instances.3.petal_length`, or `{IDEMPOTENCY_KEY}` for a key "
                            f"that is not 1 to {MAX_KEY_LENGTH} printable ASCII characters.",
                            ["validation_error", "invalid_json"],
                        ),
                        "401": UNAUTHORIZED,
                        "413": _error_response(
                            "Body over 1 MiB, or more than 1000 instances. Deliberate: a batch "
                            "over the limit is answered 413 `too_large`, not 400, though the "
                            "request schema's `maxItems` also makes it invalid.",
                            ["too_large"],
                        ),
                        "409": _error_response(
                            f"A request with this `{IDEMPOTENCY_KEY}` is still being stored; "
                            "nothing was stored for this one. Retry in a moment to get its "
                            "answer.",
                            ["idempotency_key_in_use"],
                        ),
                        "415": _error_response(
                            "The body is not application/json.", ["unsupported_media_type"]
                        ),
                        "422": _error_response(
                            f"This `{IDEMPOTENCY_KEY}` was used before with another body; "
                            "nothing was stored.",
                            ["idempotency_key_reused"],
                        ),
                        "503": UNAVAILABLE,
                    },
                }
            },
            "/predictions": {
                "get": {
                    "operationId": "listPredictions",
                    "summary": f"Your own predictions, newest first, {PAGE_SIZE} a page",
                    "parameters": [
                        {
                            "name": "page",
                            "in": "query",
                            "required": False,
                            "description": f"Which page, counting from 1. {PAGE_PAST_THE_LAST}",
                            "schema": {"type": "integer", "minimum": 1, "default": 1},
                        }
                    ],
                    "responses": {
                        "200": _json("PredictionPage", "One page of predictions."),
                        "400": _error_response(
                            "`page` is not an integer of at least 1; `details` names it.",
                            ["validation_error"],
                        ),
                        "401": UNAUTHORIZED,
                        "503": UNAVAILABLE,
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "security": [],
                    "responses": {"200": {"description": "The OpenAPI 3.1 document."}},
                }
            },
        },
        "security": [{"bearerAuth": []}],
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token from the /accounts/token/ page or `issue-token`.",
                }
            },
            "schemas": {
                "Features": _features_schema(),
                "PredictRequest": {
                    "oneOf": [
                        {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["features"],
                            "properties": {"features": {"$ref": "#/components/schemas/Features"}},
                        },
                        {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["instances"],
                            "properties": {
                                "instances": {
                                    "type": "array",
                                    "minItems": 1,
                                    "maxItems": MAX_BATCH_SIZE,
                                    "items": {"$ref": "#/components/schemas/Features"},
                                }
                            },
                        },
                    ]
                },
                "Warning": {
                    "type": "object",
                    "required": ["feature", "value", "training_min", "training_max", "message"],
                    "properties": {
                        "feature": {"type": "string"},
                        "value": {"type": "number"},
                        "training_min": {"type": "number"},
                        "training_max": {"type": "number"},
                        "message": {"type": "string"},
                    },
                },
                "Prediction": {
                    "type": "object",
                    "required": [
                        "id",
                        "label",
                        "probabilities",
                        "warnings",
                        "model_version",
                        "created_at",
                    ],
                    "properties": {
                        "id": {"type": "integer"},
                        "label": {"type": "string", "enum": list(CLASSES)},
                        "probabilities": {
                            "type": "object",
                            "required": list(CLASSES),
                            "properties": {
                                name: {"type": "number", "minimum": 0, "maximum": 1}
                                for name in CLASSES
                            },
                        },
                        "warnings": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Warning"},
                        },
                        "model_version": {"type": "string"},
                        "created_at": {"type": "string", "format": "date-time"},
                    },
                },
                "BatchPrediction": {
                    "type": "object",
                    "required": ["predictions", "model_version"],
                    "properties": {
                        "predictions": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Prediction"},
                        },
                        "model_version": {"type": "string"},
                    },
                },
                "PredictionPage": {
                    "type": "object",
                    "required": ["count", "page", "pages", "results"],
                    "properties": {
                        "count": {"type": "integer", "minimum": 0},
                        "page": {"type": "integer", "minimum": 1},
                        "pages": {"type": "integer", "minimum": 1},
                        "results": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Prediction"},
                        },
                    },
                },
                "Health": {
                    "type": "object",
                    "required": ["status", "model_version", "database"],
                    "properties": {
                        "status": {"type": "string", "enum": ["ok", "unavailable"]},
                        "model_version": {"type": "string"},
                        "database": {"type": "string", "enum": ["ok", "unavailable"]},
                    },
                },
                "ModelCard": {
                    "type": "object",
                    "required": ["name", "version", "trained_at", "classes", "features", "metrics"],
                },
                "Error": {
                    "type": "object",
                    "required": ["error", "message", "details"],
                    "properties": {
                        "error": {"type": "string", "enum": sorted(ERROR_MESSAGES)},
                        "message": {"type": "string"},
                        "details": {"type": "object"},
                    },
                },
            },
        },
    }


OPENAPI_DOCUMENT = build_document()
OPENAPI_JSON: bytes = (json.dumps(OPENAPI_DOCUMENT, indent=2) + "\n").encode("utf-8")
