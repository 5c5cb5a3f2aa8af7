"""The HTML forms: predict, upload a CSV file, feedback, sign-up and login.

The prediction form's fields come from `shared_model.model.schema` and check their values with
`shared_model.model.validation`, so a form and the API refuse the same input with the same words.
Every field renders the markup of docs/pages.md: `aria-describedby` names the hint and,
once there is one, the error.

Flask counterpart: flask_app/forms.py
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordMixin, UserCreationForm
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField

from shared_model.model.schema import CLASSES, FEATURES, Feature
from shared_model.model.validation import parse_form_number
from shared_model.pages.csv_io import (
    MAX_UPLOAD_BYTES,
    NO_FILE,
    UPLOAD_ACCEPT,
    UploadError,
    read_upload,
)
from shared_model.web.passwords import PASSWORD_HELP


class SharedMarkupBoundField(BoundField):
    """Points `aria-describedby` at `{name}-hint` and `{name}-error`, the ids both apps use."""

    @property
    def aria_describedby(self) -> str:
        ids = []
        if self.help_text:
            ids.append(f"{self.html_name}-hint")
        if self.errors:
            ids.append(f"{self.html_name}-error")
        return " ".join(ids)


class SharedMarkup:
    """Mixed into every form of the app: its fields render with SharedMarkupBoundField."""

    bound_field_class = SharedMarkupBoundField


class FeatureField(forms.FloatField):
    """One measurement: a number input whose limits and messages come from the schema."""

    def __init__(self, feature: Feature, **kwargs):
        self.feature = feature
        attrs = {"min": f"{feature.min:g}", "max": f"{feature.max:g}", "step": f"{feature.step:g}"}
        super().__init__(
            label=feature.label,
            help_text=f"{feature.min:g} to {feature.max:g} {feature.unit} · {feature.description}",
            widget=forms.NumberInput(attrs=attrs),
            **kwargs,
        )

    def to_python(self, value: str | None) -> float:
        # The shared check: required, a number, finite (no NaN or inf), inside the range.
        number, error = parse_form_number(self.feature, value)
        if error:
            raise ValidationError(error, code="invalid")
        return number


# The name of the hidden field that `{% csrf_token %}` adds to every form.
CSRF_FIELD_NAME = "csrfmiddlewaretoken"


class PredictionForm(SharedMarkup, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for feature in FEATURES:
            self.fields[feature.name] = FeatureField(feature)

    def clean(self) -> dict:
        # Django ignores fields a form does not declare; the contract refuses them, as the
        # API refuses unknown keys.
        for name in sorted(set(self.data) - set(self.fields) - {CSRF_FIELD_NAME}):
            error = ValidationError(
                "Unknown field: %(name)s.", code="unknown", params={"name": name}
            )
            self.add_error(None, error)
        return super().clean()


class UploadForm(SharedMarkup, forms.Form):
    """One CSV file; a valid one leaves its checked rows in `cleaned_data["rows"]`.

    Every problem is a form-wide error, so that `#form-errors` lists them with their lines.
    """

    file = forms.FileField(
        label="CSV file",
        help_text="A .csv file of at most 1 MiB and 1000 rows.",
        required=False,
        # An empty file gets the shared message, not Django's own.
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": UPLOAD_ACCEPT}),
    )

    def clean(self):
        file = self.cleaned_data.get("file")
        if not file:
            raise ValidationError(NO_FILE, code="required")
        try:
            # One byte past the limit is enough to know the file is too large.
            self.cleaned_data["rows"] = read_upload(file.read(MAX_UPLOAD_BYTES + 1))
        except UploadError as error:
            raise ValidationError(error.problems, code="invalid") from None
        return self.cleaned_data


class FeedbackForm(SharedMarkup, forms.Form):
    true_label = forms.ChoiceField(
        label="True class",
        choices=[("", "Choose the true class"), *((name, name) for name in CLASSES)],
    )


class SignupForm(SharedMarkup, UserCreationForm):
    """Django's sign-up form, with the first password named `password` as in both apps."""

    field_order = ["username", "password", "password2"]

    password, password2 = SetPasswordMixin.create_password_fields()
    password1 = None
    # A plain sentence: Django's default is an HTML list, which a hint `<span>` cannot hold.
    password.help_text = PASSWORD_HELP

    def validate_passwords(self, password1_field_name="password", password2_field_name="password2"):
        super().validate_passwords(password1_field_name, password2_field_name)

    def set_password_and_save(self, user, password_field_name="password", commit=True):
        return super().set_password_and_save(user, password_field_name, commit)


class LoginForm(SharedMarkup, AuthenticationForm):
    """Django's login form, its fields rendered as in both apps."""
