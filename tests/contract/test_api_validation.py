"""Every bad input the contract names is refused with its status, its code and the bad field
named in `details`, and nothing is stored."""

from __future__ import annotations

import json

import pytest

from shared_model.model.schema import FEATURES, MAX_BATCH_SIZE
from tests.contract.expect import api_error
from tools.harness.samples import SETOSA_FORM

MAX_BODY_BYTES = 1024 * 1024  # the contract's 1 MiB


def raw_features(**values: str) -> str:
    """A features object written as JSON text, so that NaN or 1e999 can be spelled out;
    a value of None leaves the feature out."""
    merged = {**SETOSA_FORM, **values}
    return "{" + ", ".join(f'"{k}": {v}' for k, v in merged.items() if v is not None) + "}"


def single(**values: str) -> str:
    return '{"features": ' + raw_features(**values) + "}"


BAD_BODIES = {
    "missing-feature": (single(petal_width=None), "features.petal_width"),
    "unknown-feature": (single(colour="1"), "features.colour"),
    "string": (single(sepal_length='"5.1"'), "features.sepal_length"),
    "boolean": (single(sepal_width="true"), "features.sepal_width"),
    "null": (single(petal_length="null"), "features.petal_length"),
    "nan": (single(sepal_length="NaN"), "features.sepal_length"),
    "infinity": (single(sepal_width="Infinity"), "features.sepal_width"),
    "minus-infinity": (single(petal_length="-Infinity"), "features.petal_length"),
    "overflowing-float": (single(petal_width="1e999"), "features.petal_width"),
    "huge-integer": (single(sepal_length="1" + "0" * 400), "features.sepal_length"),
    "below-min": (single(sepal_width="0.05"), "features.sepal_width"),
    "zero": (single(sepal_width="0"), "features.sepal_width"),
    "negative": (single(petal_width="-1"), "features.petal_width"),
    "above-max": (single(petal_width="5.01"), "features.petal_width"),
    "features-not-an-object": ('{"features": [5.1, 3.5, 1.4, 0.2]}', "features"),
    "body-not-an-object": ("[" + raw_features() + "]", "body"),
    "empty-batch": ('{"instances": []}', "instances"),
    "instances-not-a-list": ('{"instances": ' + raw_features() + "}", "instances"),
    "both-features-and-instances": (
        '{"features": ' + raw_features() + ', "instances": [' + raw_features() + "]}",
        "body",
    ),
    "neither-features-nor-instances": ("{}", "body"),
    "unknown-top-level-key": ('{"features": ' + raw_features() + ', "model": "x"}', "model"),
    "batch-with-one-bad-instance": (
        '{"instances": ['
        + ", ".join([raw_features()] * 3 + [raw_features(petal_length="-1"), raw_features()])
        + "]}",
        "instances.3.petal_length",
    ),
}


@pytest.mark.parametrize(("body", "field"), BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_bad_input_is_a_validation_error_naming_the_field(api, body, field):
    details = api_error(api.predict_raw(body), 400, "validation_error")

    assert set(details) == {field}


@pytest.mark.parametrize(("body", "field"), BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_bad_input_stores_nothing(api, body, field):
    before = api.count()

    api.predict_raw(body)

    assert api.count() == before


def test_every_bad_field_is_named(api):
    body = single(sepal_length="0", petal_width='"wide"')

    details = api_error(api.predict_raw(body), 400, "validation_error")

    assert set(details) == {"features.sepal_length", "features.petal_width"}


@pytest.mark.parametrize("feature", FEATURES, ids=lambda feature: feature.name)
def test_each_feature_is_range_checked(api, feature):
    body = single(**{feature.name: repr(feature.max + 0.1)})

    details = api_error(api.predict_raw(body), 400, "validation_error")

    assert set(details) == {f"features.{feature.name}"}


def test_batch_over_the_limit_is_too_large_and_stores_nothing(api):
    before = api.count()
    body = '{"instances": [' + ", ".join([raw_features()] * (MAX_BATCH_SIZE + 1)) + "]}"

    details = api_error(api.predict_raw(body), 413, "too_large")

    assert "instances" in details
    assert api.count() == before


def test_batch_at_the_limit_is_accepted(api):
    before = api.count()
    body = '{"instances": [' + ", ".join([raw_features()] * MAX_BATCH_SIZE) + "]}"

    response = api.predict_raw(body)

    assert response.status_code == 200
    assert len(response.json()["predictions"]) == MAX_BATCH_SIZE
    assert api.count() == before + MAX_BATCH_SIZE


def test_body_over_one_mebibyte_is_too_large_and_stores_nothing(api):
    before = api.count()
    start = '{"features": ' + raw_features()
    body = start + " " * (MAX_BODY_BYTES + 1 - len(start) - 1) + "}"
    assert len(body) == MAX_BODY_BYTES + 1

    api_error(api.predict_raw(body), 413, "too_large")

    assert api.count() == before


def test_body_of_exactly_one_mebibyte_is_accepted(api):
    start = '{"features": ' + raw_features()
    body = start + " " * (MAX_BODY_BYTES - len(start) - 1) + "}"

    response = api.predict_raw(body)

    assert response.status_code == 200


@pytest.mark.parametrize(
    "body",
    [b'{"features": ', b"{'features': {}}", b"", b"\xff\xfe{}"],
    ids=["cut-short", "single-quotes", "empty", "not-utf-8"],
)
def test_invalid_json_is_refused_and_stores_nothing(api, body):
    before = api.count()

    api_error(api.predict_raw(body), 400, "invalid_json")

    assert api.count() == before


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_a_body_that_is_not_json_is_an_unsupported_media_type(api, setosa, content_type):
    before = api.count()

    response = api.predict_raw(json.dumps({"features": setosa}), content_type)

    api_error(response, 415, "unsupported_media_type")
    assert api.count() == before


@pytest.mark.parametrize("page", ["0", "-1", "x", "1.5", "", " 1", "1e3", ["1", "2"]])
def test_a_page_outside_the_documented_schema_is_a_validation_error(busy_member, page):
    before = busy_member.api.page()

    response = busy_member.api.get("/api/v1/predictions", params={"page": page})

    assert set(api_error(response, 400, "validation_error")) == {"page"}
    assert busy_member.api.page() == before
