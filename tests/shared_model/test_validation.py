"""Every validation case of the contract, refused with a detail naming the field."""

from __future__ import annotations

import math

import pytest

from shared_model.model.schema import FEATURES, FEATURES_BY_NAME, MAX_BATCH_SIZE
from shared_model.model.validation import (
    ValidationError,
    parse_form_number,
    split_prediction_request,
    validate_class,
    validate_features,
    validate_instances,
)

GOOD = {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}


def with_value(value):
    return {**GOOD, "sepal_width": value}


def test_valid_instance_returns_floats_in_schema_order():
    clean = validate_features(
        {"petal_width": 1, **{k: v for k, v in GOOD.items() if k != "petal_width"}}
    )
    assert list(clean) == [f.name for f in FEATURES]
    assert clean["petal_width"] == 1.0 and isinstance(clean["petal_width"], float)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "required"),
        ("3.5", "number"),
        (True, "number"),
        (False, "number"),
        ([3.5], "number"),
        (math.nan, "finite"),
        (math.inf, "finite"),
        (-math.inf, "finite"),
        (10**400, "between"),
        (0.0, "between"),
        (-1.0, "between"),
        (10.01, "between"),
    ],
)
def test_bad_value_is_refused_naming_the_field(value, message):
    with pytest.raises(ValidationError) as caught:
        validate_features(with_value(value))
    assert list(caught.value.details) == ["features.sepal_width"]
    assert message in caught.value.details["features.sepal_width"]


@pytest.mark.parametrize("feature", FEATURES, ids=lambda f: f.name)
def test_range_bounds_are_included(feature):
    for bound in (feature.min, feature.max):
        assert validate_features({**GOOD, feature.name: bound})[feature.name] == bound


def test_missing_feature_is_named():
    data = dict(GOOD)
    del data["petal_length"]
    with pytest.raises(ValidationError) as caught:
        validate_features(data)
    assert caught.value.details == {"features.petal_length": "This field is required."}


def test_unknown_key_is_named():
    with pytest.raises(ValidationError) as caught:
        validate_features({**GOOD, "colour": 1.0})
    assert caught.value.details == {"features.colour": "Unknown field."}


def test_every_bad_field_is_reported_at_once():
    with pytest.raises(ValidationError) as caught:
        validate_features({"sepal_length": "x", "sepal_width": None, "petal_length": 99})
    assert set(caught.value.details) == {
        "features.sepal_length",
        "features.sepal_width",
        "features.petal_length",
        "features.petal_width",
    }


def test_instance_that_is_not_an_object_is_refused():
    with pytest.raises(ValidationError) as caught:
        validate_features([5.1, 3.5, 1.4, 0.2])
    assert "features" in caught.value.details


def test_batch_names_each_bad_index_and_field():
    with pytest.raises(ValidationError) as caught:
        validate_instances([GOOD, with_value(math.nan), GOOD, {**GOOD, "petal_width": True}])
    assert caught.value.details.keys() == {"instances.1.sepal_width", "instances.3.petal_width"}
    assert not caught.value.too_large


def test_empty_batch_is_refused():
    with pytest.raises(ValidationError) as caught:
        validate_instances([])
    assert "instances" in caught.value.details
    assert not caught.value.too_large


def test_batch_at_the_limit_is_accepted():
    assert len(validate_instances([GOOD] * MAX_BATCH_SIZE)) == MAX_BATCH_SIZE


def test_batch_over_the_limit_is_too_large():
    with pytest.raises(ValidationError) as caught:
        validate_instances([GOOD] * (MAX_BATCH_SIZE + 1))
    assert caught.value.too_large
    assert "instances" in caught.value.details


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"features": GOOD, "instances": [GOOD]},
        [GOOD],
        "features",
        None,
    ],
)
def test_body_without_exactly_one_of_features_and_instances_is_refused(body):
    with pytest.raises(ValidationError) as caught:
        split_prediction_request(body)
    assert "body" in caught.value.details


def test_unknown_top_level_key_is_named():
    with pytest.raises(ValidationError) as caught:
        split_prediction_request({"features": GOOD, "extra": 1})
    assert caught.value.details == {"extra": "Unknown field."}


def test_request_kinds_are_split_as_sent_for_the_services_to_validate():
    assert split_prediction_request({"features": GOOD}) == ("single", GOOD)
    assert split_prediction_request({"instances": [GOOD, {}]}) == ("batch", [GOOD, {}])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "required"),
        ("  ", "required"),
        (None, "required"),
        ("abc", "number"),
        ("nan", "finite"),
        ("inf", "finite"),
        ("-Infinity", "finite"),
        ("99", "between"),
        ("0", "between"),
    ],
)
def test_form_text_is_refused_with_the_shared_message(text, message):
    number, error = parse_form_number(FEATURES_BY_NAME["petal_width"], text)
    assert number is None
    assert message in error


def test_form_text_in_range_is_parsed():
    assert parse_form_number(FEATURES_BY_NAME["petal_width"], " 1.5 ") == (1.5, None)


def test_a_class_of_the_model_is_valid_feedback_and_any_other_name_is_refused():
    assert validate_class("versicolor") == "versicolor"
    with pytest.raises(ValueError, match="Unknown class 'rose'; expected one of setosa"):
        validate_class("rose")
