"""The HTML forms: predict, upload a CSV file, feedback, sign-up and login.

The prediction form's fields come from `shared_model.model.schema` and check their values with
`shared_model.model.validation`, so a form and the API refuse the same input with the same words.
Flask has no password rules of its own: the sign-up form checks Django's four defaults
(not like the username, length, not a common password, not all digits) with Django's
messages, through `shared_model.web.passwords`.

Django counterpart: django_app/predictions/forms.py
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import Field, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import (
    InputRequired,
    Length,
    Regexp,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import NumberInput

from shared_model.model.schema import CLASSES, FEATURES, Feature
from shared_model.model.validation import REQUIRED, parse_form_number
from shared_model.pages.csv_io import (
    MAX_UPLOAD_BYTES,
    NO_FILE,
    UPLOAD_ACCEPT,
    UploadError,
    read_upload,
)
from shared_model.web.passwords import PASSWORD_HELP, password_errors

from . import selectors
from .models import USERNAME_INVALID, USERNAME_MAX_LENGTH, USERNAME_PATTERN, USERNAME_TAKEN

# The input attributes Django's auth forms render, so browsers and password managers treat
# both apps' forms alike.
USERNAME_INPUT = {
    "autofocus": True,
    "autocapitalize": "none",
    "autocomplete": "username",
    "maxlength": USERNAME_MAX_LENGTH,
}
NEW_PASSWORD_INPUT = {"autocomplete": "new-password"}


class FeatureValue:
    """The shared check of one measurement: required, a number, finite, inside the range."""

    field_flags = {"required": True}

    def __init__(self, feature: Feature):
        self.feature = feature

    def __call__(self, form: FlaskForm, field: Field) -> None:
        text = field.raw_data[0] if field.raw_data else None
        number, error = parse_form_number(self.feature, text)
        if error:
            raise StopValidation(error)
        field.data = number


class FeatureField(Field):
    """One measurement, kept as typed until `FeatureValue` reads it.

    Not WTForms' FloatField: that one turns "nan" and "inf" into floats before any
    validator runs, and words its own messages.
    """

    widget = NumberInput()

    def __init__(self, feature: Feature, **kwargs):
        super().__init__(
            label=feature.label,
            validators=[FeatureValue(feature)],
            description=(
                f"{feature.min:g} to {feature.max:g} {feature.unit} · {feature.description}"
            ),
            render_kw={
                "min": f"{feature.min:g}",
                "max": f"{feature.max:g}",
                "step": f"{feature.step:g}",
            },
            **kwargs,
        )

    def _value(self) -> str:
        return self.raw_data[0] if self.raw_data else ""


class PredictionForm(FlaskForm):
    """One number input per feature of the schema, named after it (added below).

    Unknown fields are refused, as the API refuses unknown keys: WTForms would drop them
    without a word.
    """

    def post_process(self, formdata=None) -> None:
        super().post_process(formdata)
        known = {field.name for field in self}
        self.unknown_fields = [name for name in formdata or () if name not in known]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        self.form_errors.extend(f"Unknown field: {name}." for name in self.unknown_fields)
        return valid and not self.unknown_fields

    @property
    def features(self) -> dict[str, float]:
        return {feature.name: self[feature.name].data for feature in FEATURES}


# The fields come from the schema, so a new feature needs no change here.
for _feature in FEATURES:
    setattr(PredictionForm, _feature.name, FeatureField(_feature))


class UploadForm(FlaskForm):
    """One CSV file; a valid one leaves its checked rows in `rows`.

    Every problem is a form-wide error, so that `#form-errors` lists them with their lines.
    """

    file = FileField(
        "CSV file",
        description="A .csv file of at most 1 MiB and 1000 rows.",
        render_kw={"accept": UPLOAD_ACCEPT},
    )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        file = self.file.data
        if not file:
            self.form_errors.append(NO_FILE)
            return False
        try:
            # One byte past the limit is enough to know the file is too large.
            self.rows = read_upload(file.read(MAX_UPLOAD_BYTES + 1))
        except UploadError as error:
            self.form_errors.extend(error.problems)
            return False
        return True


def known_class(form: FlaskForm, field: Field) -> None:
    if field.data not in CLASSES:
        raise ValidationError(
            f"Select a valid choice. {field.data} is not one of the available choices."
        )


class FeedbackForm(FlaskForm):
    true_label = SelectField(
        "True class",
        choices=[SelectChoice("", "Choose the true class"), *map(SelectChoice, CLASSES)],
        validators=[InputRequired(REQUIRED), known_class],
        # known_class says what Django says; WTForms' own choice check words it differently.
        validate_choice=False,
    )


def password_matches(form: FlaskForm, field: Field) -> None:
    if field.data != form.password.data:
        # Django's words, typographic apostrophe included; the other rules wait for a match.
        raise StopValidation("The two password fields didn’t match.")  # noqa: RUF001


def password_rules(form: FlaskForm, field: Field) -> None:
    """Django's four default password validators, from `shared_model.web.passwords`: every
    broken rule is said at once, as Django says them."""
    username = form.username.data or ""
    field.errors.extend(password_errors(username=username, password=field.data))


class SignupForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[
            InputRequired(REQUIRED),
            Length(
                max=USERNAME_MAX_LENGTH,
                message="Ensure this value has at most %(max)d characters (it has %(length)d).",
            ),
            Regexp(USERNAME_PATTERN, message=USERNAME_INVALID),
        ],
        description="Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.",
        render_kw=USERNAME_INPUT,
    )
    password = PasswordField(
        "Password",
        validators=[InputRequired(REQUIRED)],
        description=PASSWORD_HELP,
        render_kw=NEW_PASSWORD_INPUT,
    )
    # The rules are checked on the confirmation, once both entries agree, and shown beside
    # it: where Django's UserCreationForm shows them.
    password2 = PasswordField(
        "Password confirmation",
        validators=[
            InputRequired(REQUIRED),
            password_matches,
            password_rules,
        ],
        description="Enter the same password as before, for verification.",
        render_kw=NEW_PASSWORD_INPUT,
    )

    def validate_username(self, field: Field) -> None:
        if selectors.username_taken(username=field.data):
            raise ValidationError(USERNAME_TAKEN)


class LoginForm(FlaskForm):
    username = StringField(
        "Username", validators=[InputRequired(REQUIRED)], render_kw=USERNAME_INPUT
    )
    password = PasswordField(
        "Password",
        validators=[InputRequired(REQUIRED)],
        render_kw={"autocomplete": "current-password"},
    )
