"""Validation of prediction input, shared by both apps' forms and APIs.

`validate_features` checks one instance, `validate_instances` a batch,
and `split_prediction_request` an API body's shape (its values are left to the other two).
They return clean floats or raise one `ValidationError` whose `details` map a path
(`features.sepal_width`, `instances.3.petal_length`, `instances`) to a message a person
can act on. `validate_class` checks the true class a feedback gives (a ValueError).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from shared_model.model.schema import (
    CLASSES,
    FEATURE_NAMES,
    FEATURES,
    FEATURES_BY_NAME,
    MAX_BATCH_SIZE,
    Feature,
)

REQUIRED = "This field is required."
UNKNOWN = "Unknown field."
NOT_A_NUMBER = "Must be a number."
NOT_FINITE = "Must be a finite number."
NOT_AN_OBJECT = "Must be a JSON object."


@dataclass
class ValidationError(Exception):
    """Bad input. `details` names every bad field; `too_large` marks an oversized batch."""

    message: str
    details: dict[str, str] = field(default_factory=dict)
    too_large: bool = False

    def __str__(self) -> str:
        return self.message


def range_message(feature: Feature) -> str:
    return f"Must be between {feature.min:g} and {feature.max:g} {feature.unit}."


def check_value(feature: Feature, value: Any) -> tuple[float | None, str | None]:
    """Return (clean float, None) or (None, error message) for one feature value."""
    if value is None:
        return None, REQUIRED
    # bool is a subclass of int: `true` is not the number 1 here.
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, NOT_A_NUMBER
    try:
        number = float(value)
    except OverflowError:  # an integer literal too large for a float
        return None, range_message(feature)
    if not math.isfinite(number):
        return None, NOT_FINITE
    if not feature.min <= number <= feature.max:
        return None, range_message(feature)
    return number, None


def parse_form_number(feature: Feature, text: str | None) -> tuple[float | None, str | None]:
    """Check a value typed into an HTML form, where everything arrives as text."""
    if text is None or not text.strip():
        return None, REQUIRED
    try:
        number = float(text)
    except ValueError:
        return None, NOT_A_NUMBER
    return check_value(feature, number)


def validate_features(data: Any, *, path: str = "features") -> dict[str, float]:
    """Validate one instance: every feature present, no other key, each value in range."""
    if not isinstance(data, Mapping):
        raise ValidationError("The input is invalid.", {path: NOT_AN_OBJECT})
    details: dict[str, str] = {}
    clean: dict[str, float] = {}
    for key in data:
        if key not in FEATURES_BY_NAME:
            details[f"{path}.{key}"] = UNKNOWN
    for feature in FEATURES:
        if feature.name not in data:
            details[f"{path}.{feature.name}"] = REQUIRED
            continue
        number, error = check_value(feature, data[feature.name])
        if error:
            details[f"{path}.{feature.name}"] = error
        else:
            clean[feature.name] = number
    if details:
        raise ValidationError("The input is invalid.", details)
    return {name: clean[name] for name in FEATURE_NAMES}


def validate_instances(items: Any, *, path: str = "instances") -> list[dict[str, float]]:
    """Validate a batch, all or nothing: one bad instance refuses the whole batch."""
    if not isinstance(items, list):
        raise ValidationError("The input is invalid.", {path: "Must be a list of objects."})
    if not items:
        raise ValidationError(
            "The input is invalid.", {path: "Must contain at least one instance."}
        )
    if len(items) > MAX_BATCH_SIZE:
        raise ValidationError(
            f"A batch holds at most {MAX_BATCH_SIZE} instances.",
            {path: f"Must contain at most {MAX_BATCH_SIZE} instances; got {len(items)}."},
            too_large=True,
        )
    details: dict[str, str] = {}
    clean: list[dict[str, float]] = []
    for index, item in enumerate(items):
        try:
            clean.append(validate_features(item, path=f"{path}.{index}"))
        except ValidationError as error:
            details.update(error.details)
    if details:
        raise ValidationError("The input is invalid.", details)
    return clean


def validate_class(name: str) -> str:
    """A class of the model, as given: the true class of a prediction's feedback. Raises
    ValueError for any other name (the forms offer only the classes)."""
    if name not in CLASSES:
        raise ValueError(f"Unknown class {name!r}; expected one of {', '.join(CLASSES)}.")
    return name


def split_prediction_request(body: Any) -> tuple[str, Any]:
    """Check an API body's shape: `{"features": ...}` or `{"instances": ...}`, not both.

    Returns ("single", features) or ("batch", instances) as sent, for the create services'
    `validate_features` / `validate_instances` to check: each value is validated once.
    """
    if not isinstance(body, Mapping):
        raise ValidationError("The body must be a JSON object.", {"body": NOT_AN_OBJECT})
    unknown = {key: UNKNOWN for key in body if key not in ("features", "instances")}
    if unknown:
        raise ValidationError("The body has unknown fields.", unknown)
    if ("features" in body) == ("instances" in body):
        raise ValidationError(
            "Send exactly one of `features` and `instances`.",
            {"body": "Send exactly one of `features` and `instances`."},
        )
    if "features" in body:
        return "single", body["features"]
    return "batch", body["instances"]
