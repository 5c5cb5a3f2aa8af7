"""The forms: the shared schema's limits, the shared messages, the shared field names, and
the password rules Flask has no battery for."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from flask_app.forms import FeedbackForm, LoginForm, PredictionForm, SignupForm
from shared_model.model.schema import FEATURES, FEATURES_BY_NAME
from shared_model.model.validation import NOT_A_NUMBER, NOT_FINITE, REQUIRED, range_message
from tools.harness.samples import PASSWORD, SETOSA_FORM

pytestmark = pytest.mark.usefixtures("app_context")


def form(form_class, **data):
    return form_class(formdata=MultiDict(data), meta={"csrf": False})


def field_names(form_class) -> list[str]:
    return [field.name for field in form_class(meta={"csrf": False})]


def test_prediction_form_cleans_text_to_floats():
    prediction = form(PredictionForm, **SETOSA_FORM)

    assert prediction.validate()
    assert prediction.features == {
        "sepal_length": 5.1,
        "sepal_width": 3.5,
        "petal_length": 1.4,
        "petal_width": 0.2,
    }


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", REQUIRED),
        ("   ", REQUIRED),
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
    prediction = form(PredictionForm, **{**SETOSA_FORM, "sepal_width": value})

    assert not prediction.validate()
    assert prediction.errors == {"sepal_width": [message]}


@pytest.mark.parametrize("value", ["0.1", "10", "10.0"])
def test_prediction_form_accepts_the_range_bounds(value):
    assert form(PredictionForm, **{**SETOSA_FORM, "sepal_width": value}).validate()


def test_prediction_form_refuses_a_missing_field():
    data = {key: value for key, value in SETOSA_FORM.items() if key != "petal_width"}

    prediction = form(PredictionForm, **data)

    assert not prediction.validate()
    assert prediction.errors == {"petal_width": [REQUIRED]}


def test_prediction_form_refuses_an_unknown_field_by_name():
    prediction = form(PredictionForm, **SETOSA_FORM, colour="blue", size="9")

    assert not prediction.validate()
    assert prediction.form_errors == ["Unknown field: colour.", "Unknown field: size."]


@pytest.mark.parametrize("feature", FEATURES, ids=lambda feature: feature.name)
def test_prediction_inputs_carry_the_schema_limits(feature):
    html = str(form(PredictionForm)[feature.name]())

    assert 'type="number"' in html and "required" in html
    assert f'min="{feature.min:g}"' in html and f'max="{feature.max:g}"' in html
    assert f'step="{feature.step:g}"' in html


def test_a_refused_value_is_shown_again_as_typed():
    prediction = form(PredictionForm, **{**SETOSA_FORM, "sepal_length": "nan"})
    prediction.validate()

    assert 'value="nan"' in str(prediction.sepal_length())


def test_signup_form_uses_the_shared_field_names():
    assert field_names(SignupForm) == ["username", "password", "password2"]


def test_signup_form_refuses_mismatched_passwords():
    signup = form(SignupForm, username="alice", password=PASSWORD, password2="plum-orchard-43")

    assert not signup.validate()
    assert signup.errors == {"password2": ["The two password fields didn’t match."]}  # noqa: RUF001


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("alice", "Ab3$xyz", "This password is too short. It must contain at least 8 characters."),
        ("alice", "48213975301", "This password is entirely numeric."),
        ("alice", "Password123", "This password is too common."),
        ("alice", "alice", "The password is too similar to the username."),
        ("margaret.hamilton", "margaret1", "The password is too similar to the username."),
        ("margaret.hamilton", "Hamilton!", "The password is too similar to the username."),
    ],
)
def test_signup_form_applies_djangos_password_rules(username, password, message):
    signup = form(SignupForm, username=username, password=password, password2=password)

    assert not signup.validate()
    assert message in signup.errors["password2"]
    assert "password" not in signup.errors


def test_signup_password_hint_names_every_rule():
    hint = SignupForm(meta={"csrf": False}).password.description

    assert hint == (
        "At least 8 characters, not entirely numeric, not a common password "
        "and not too similar to your username."
    )


def test_a_long_password_that_contains_a_short_username_is_not_too_similar():
    password = "an-orchard-of-plums-for-al"

    assert form(SignupForm, username="al", password=password, password2=password).validate()


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("no spaces", "Enter a valid username."),
        ("a" * 151, "Ensure this value has at most 150 characters (it has 151)."),
    ],
)
def test_signup_form_refuses_a_username_outside_djangos_rules(username, message):
    signup = form(SignupForm, username=username, password=PASSWORD)

    assert not signup.validate()
    assert signup.errors["username"][0].startswith(message)


def test_signup_form_accepts_a_good_password():
    signup = form(SignupForm, username="alice", password=PASSWORD, password2=PASSWORD)

    assert signup.validate(), signup.errors


def test_login_form_uses_the_shared_field_names():
    assert field_names(LoginForm) == ["username", "password"]


def test_feedback_form_offers_the_classes():
    values = [value for value, *_ in form(FeedbackForm).true_label.iter_choices() if value]

    assert values == ["setosa", "versicolor", "virginica"]


@pytest.mark.parametrize("value", ["rose", ""])
def test_feedback_form_refuses_an_unknown_or_missing_class(value):
    assert not form(FeedbackForm, true_label=value).validate()
