"""The forms: the shared schema's limits, the shared messages, the shared field names."""

from __future__ import annotations

import pytest

from django_app.predictions.forms import (
    CSRF_FIELD_NAME,
    FeedbackForm,
    LoginForm,
    PredictionForm,
    SignupForm,
)
from shared_model.model.schema import FEATURES, FEATURES_BY_NAME
from shared_model.model.validation import NOT_A_NUMBER, NOT_FINITE, REQUIRED, range_message
from tools.harness.samples import PASSWORD, SETOSA_FORM


def test_prediction_form_cleans_text_to_floats():
    form = PredictionForm(data=SETOSA_FORM)

    assert form.is_valid()
    assert form.cleaned_data == {
        "sepal_length": 5.1,
        "sepal_width": 3.5,
        "petal_length": 1.4,
        "petal_width": 0.2,
    }


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", REQUIRED),
        ("abc", NOT_A_NUMBER),
        ("nan", NOT_FINITE),
        ("inf", NOT_FINITE),
        ("-Infinity", NOT_FINITE),
        ("1e999", NOT_FINITE),
        ("0", range_message(FEATURES_BY_NAME["sepal_width"])),
        ("10.01", range_message(FEATURES_BY_NAME["sepal_width"])),
    ],
)
def test_prediction_form_refuses_a_bad_value_with_the_shared_message(value, message):
    form = PredictionForm(data={**SETOSA_FORM, "sepal_width": value})

    assert not form.is_valid()
    assert form.errors == {"sepal_width": [message]}


@pytest.mark.parametrize("value", ["0.1", "10", "10.0"])
def test_prediction_form_accepts_the_range_bounds(value):
    assert PredictionForm(data={**SETOSA_FORM, "sepal_width": value}).is_valid()


def test_prediction_form_refuses_a_missing_field():
    data = {key: value for key, value in SETOSA_FORM.items() if key != "petal_width"}

    form = PredictionForm(data=data)

    assert form.errors == {"petal_width": [REQUIRED]}


def test_prediction_form_refuses_unknown_fields_naming_each():
    form = PredictionForm(data={**SETOSA_FORM, "colour": "blue", "age": "3"})

    assert form.non_field_errors() == ["Unknown field: age.", "Unknown field: colour."]


def test_prediction_form_accepts_the_csrf_token_field():
    assert PredictionForm(data={**SETOSA_FORM, CSRF_FIELD_NAME: "token"}).is_valid()


@pytest.mark.parametrize("feature", FEATURES, ids=lambda feature: feature.name)
def test_prediction_inputs_carry_the_schema_limits_and_hint(feature):
    html = str(PredictionForm()[feature.name])

    assert 'type="number"' in html
    assert f'min="{feature.min:g}"' in html and f'max="{feature.max:g}"' in html
    assert f'step="{feature.step:g}"' in html
    assert f'aria-describedby="{feature.name}-hint"' in html


def test_a_field_with_an_error_points_at_its_error_and_is_marked_invalid():
    html = str(PredictionForm(data={**SETOSA_FORM, "sepal_length": "x"})["sepal_length"])

    assert 'aria-describedby="sepal_length-hint sepal_length-error"' in html
    assert 'aria-invalid="true"' in html


def test_signup_form_uses_the_shared_field_names():
    assert list(SignupForm().fields) == ["username", "password", "password2"]


@pytest.mark.django_db
def test_signup_form_refuses_mismatched_passwords():
    form = SignupForm(
        data={"username": "alice", "password": PASSWORD, "password2": "plum-orchard-43"}
    )

    assert not form.is_valid()
    assert "match" in form.errors["password2"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "message"),
    [("Ab3$xyz", "too short"), ("48213975301", "entirely numeric"), ("password123", "common")],
)
def test_signup_form_applies_djangos_password_rules(password, message):
    form = SignupForm(data={"username": "alice", "password": password, "password2": password})

    assert not form.is_valid()
    assert message in " ".join(form.errors["password2"])


@pytest.mark.django_db
def test_signup_form_accepts_a_good_password():
    form = SignupForm(data={"username": "alice", "password": PASSWORD, "password2": PASSWORD})

    assert form.is_valid(), form.errors


def test_login_form_uses_the_shared_field_names():
    assert list(LoginForm().fields) == ["username", "password"]


def test_feedback_form_offers_the_classes():
    values = [value for value, _ in FeedbackForm().fields["true_label"].choices if value]

    assert values == ["setosa", "versicolor", "virginica"]


def test_feedback_form_refuses_an_unknown_class():
    assert not FeedbackForm(data={"true_label": "rose"}).is_valid()
