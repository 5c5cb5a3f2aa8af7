"""The JSON API when all goes well: health, model card, OpenAPI document, predictions."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta

import pytest
from openapi_spec_validator import validate

from shared_model.api.openapi import OPENAPI_JSON
from shared_model.model.schema import CLASSES, FEATURES

PREDICTION_KEYS = {"id", "label", "probabilities", "warnings", "model_version", "created_at"}


def test_health_reports_ok(anonymous_api, model_card):
    response = anonymous_api.get("/api/v1/health")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json() == {
        "status": "ok",
        "model_version": model_card["version"],
        "database": "ok",
    }


def test_model_card_holds_the_contract_fields(anonymous_api):
    response = anonymous_api.get("/api/v1/model")

    assert response.status_code == 200
    card = response.json()
    assert {"name", "version", "trained_at", "libraries", "classes", "features", "metrics"} <= (
        set(card)
    )
    assert card["classes"] == list(CLASSES)
    metrics = card["metrics"]
    assert {"accuracy", "cv_accuracy_mean", "cv_accuracy_std", "per_class"} <= set(metrics)
    assert all({"precision", "recall"} <= set(metrics["per_class"][name]) for name in CLASSES)
    assert [len(row) for row in metrics["confusion_matrix"]] == [len(CLASSES)] * len(CLASSES)


def test_model_card_features_follow_the_schema(anonymous_api):
    features = anonymous_api.get("/api/v1/model").json()["features"]

    assert [feature["name"] for feature in features] == [feature.name for feature in FEATURES]
    for served, feature in zip(features, FEATURES, strict=True):
        assert served["min"] == feature.min and served["max"] == feature.max
        assert served["unit"] == feature.unit and served["label"] == feature.label
        assert served["description"] == feature.description
        assert feature.min <= served["training_min"] <= served["training_max"] <= feature.max


def test_model_card_version_matches_health(anonymous_api):
    card = anonymous_api.get("/api/v1/model").json()
    health = anonymous_api.get("/api/v1/health").json()

    assert card["version"] == health["model_version"]


def test_openapi_document_is_the_shared_bytes(anonymous_api):
    response = anonymous_api.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.content == OPENAPI_JSON


def test_openapi_document_is_valid_openapi_3_1(anonymous_api):
    document = anonymous_api.get("/api/v1/openapi.json").json()

    assert document["openapi"].startswith("3.1")
    validate(document)


def test_predict_one_answers_the_contract_shape(api, setosa, model_card):
    response = api.predict({"features": setosa})

    assert response.status_code == 200
    prediction = response.json()
    assert set(prediction) == PREDICTION_KEYS
    assert prediction["label"] == "setosa"
    assert set(prediction["probabilities"]) == set(CLASSES)
    assert prediction["warnings"] == []
    assert prediction["model_version"] == model_card["version"]


def test_predict_probabilities_sum_to_one(api, flowers):
    for flower in flowers:
        probabilities = api.predict({"features": flower}).json()["probabilities"]

        assert math.isclose(sum(probabilities.values()), 1.0, abs_tol=1e-6)
        assert all(0 <= p <= 1 for p in probabilities.values())


def test_predict_label_is_the_most_probable_class(api, flowers):
    for flower in flowers:
        prediction = api.predict({"features": flower}).json()

        probabilities = prediction["probabilities"]
        assert prediction["label"] == max(probabilities, key=probabilities.get)


def test_predict_created_at_is_iso_8601_with_an_offset(api, setosa):
    created_at = api.predict({"features": setosa}).json()["created_at"]

    moment = datetime.fromisoformat(created_at)
    assert moment.utcoffset() is not None
    assert abs(datetime.now(UTC) - moment) < timedelta(minutes=5)


def test_predict_stores_the_prediction(api, setosa):
    before = api.count()

    prediction = api.predict({"features": setosa}).json()

    page = api.page()
    assert page["count"] == before + 1
    assert page["results"][0] == prediction


def test_predict_warns_about_a_value_outside_the_training_range(api, setosa, model_card):
    training = next(f for f in model_card["features"] if f["name"] == "petal_width")

    response = api.predict({"features": {**setosa, "petal_width": 4.0}})

    assert response.status_code == 200
    [warning] = response.json()["warnings"]
    assert warning["feature"] == "petal_width"
    assert warning["value"] == 4.0
    assert warning["training_min"] == training["training_min"]
    assert warning["training_max"] == training["training_max"]
    assert "petal_width" in warning["message"]


def test_predict_batch_answers_the_contract_shape(api, flowers, model_card):
    response = api.predict({"instances": flowers})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"predictions", "model_version"}
    assert body["model_version"] == model_card["version"]
    assert len(body["predictions"]) == len(flowers)
    assert all(set(prediction) == PREDICTION_KEYS for prediction in body["predictions"])
    assert len({prediction["id"] for prediction in body["predictions"]}) == len(flowers)


def test_predict_batch_answers_as_one_by_one(api, flowers):
    batch = api.predict({"instances": flowers}).json()["predictions"]

    for flower, from_batch in zip(flowers, batch, strict=True):
        single = api.predict({"features": flower}).json()
        for key in ("label", "probabilities", "warnings"):
            assert from_batch[key] == single[key], key


def test_predict_batch_stores_every_prediction(api, flowers):
    before = api.count()

    ids = [p["id"] for p in api.predict({"instances": flowers}).json()["predictions"]]

    page = api.page()
    assert page["count"] == before + len(flowers)
    assert set(ids) <= {result["id"] for result in page["results"]}


def test_predict_accepts_json_with_a_charset(api, setosa):
    body = json.dumps({"features": setosa})

    response = api.predict_raw(body, "application/json; charset=utf-8")

    assert response.status_code == 200


@pytest.mark.parametrize("bound", ["min", "max"])
def test_predict_accepts_the_bounds_of_the_valid_range(api, bound):
    features = {feature.name: getattr(feature, bound) for feature in FEATURES}

    response = api.predict({"features": features})

    assert response.status_code == 200


def test_predictions_are_paged_twenty_at_a_time(busy_member):
    count = len(busy_member.predictions)

    first, second = busy_member.api.page(1), busy_member.api.page(2)

    assert (first["count"], first["page"], first["pages"]) == (count, 1, 2)
    assert (second["count"], second["page"], second["pages"]) == (count, 2, 2)
    assert len(first["results"]) == 20 and len(second["results"]) == 1


def test_predictions_come_newest_first(busy_member):
    pages = busy_member.api.page(1)["results"] + busy_member.api.page(2)["results"]

    assert [result["id"] for result in pages] == busy_member.predictions[::-1]


@pytest.mark.parametrize(
    ("asked", "served"), [(None, 1), ("1", 1), ("2", 2), ("02", 2), ("3", 2), ("99999", 2)]
)
def test_a_page_past_the_last_answers_the_last(busy_member, asked, served):
    page = busy_member.api.page(asked)

    assert (page["page"], page["pages"]) == (served, 2)
    assert len(page["results"]) == (20 if served == 1 else 1)


@pytest.mark.security
def test_an_empty_history_is_one_empty_page(new_member):
    member = new_member()

    assert member.api.page() == {"count": 0, "page": 1, "pages": 1, "results": []}


def test_predictions_list_only_the_token_owners(busy_member, api, setosa):
    theirs = api.predict({"features": setosa}).json()["id"]

    results = busy_member.api.page(1)["results"]

    assert theirs not in {result["id"] for result in results}
    assert busy_member.api.count() == len(busy_member.predictions)


def test_predictions_are_returned_in_the_prediction_shape(busy_member):
    results = busy_member.api.page(1)["results"]

    assert all(set(result) == PREDICTION_KEYS for result in results)
