"""What each page is called and how it describes itself: its `<title>` and its
`<meta name="description">`, the same words in both apps.

Both apps put `PAGES` in every template's context (Django: a context processor in
django_app/predictions/context_processors.py; Flask: one registered in flask_app/__init__.py),
and each template fills its base template's `title` and `description` blocks from it.
The base templates add the service's name to every title.
"""

from __future__ import annotations

from dataclasses import dataclass

SERVICE_NAME = "Iris predictor"


@dataclass(frozen=True)
class PageText:
    title: str
    description: str


PAGES: dict[str, PageText] = {
    "home": PageText(
        "Home",
        "Name the species of an iris flower (setosa, versicolor or virginica) from four "
        "measurements, with a history, a dashboard of the model and a JSON API.",
    ),
    "login": PageText(
        "Log in",
        "Log in to the iris predictor to classify flowers, see your predictions and manage "
        "your API token.",
    ),
    "signup": PageText(
        "Sign up",
        "Create an account on the iris predictor: a username and a password are all it takes.",
    ),
    "predict": PageText(
        "Predict",
        "Enter a flower's sepal and petal measurements in centimetres, and the model names "
        "its species with the probability of each.",
    ),
    "prediction_list": PageText(
        "History",
        "Your predictions, newest first: the measurements, the species the model named and "
        "your feedback.",
    ),
    "prediction_detail": PageText(
        "Prediction",
        "One prediction: the measurements, the species the model named, the probability of "
        "each species, and whether it was right.",
    ),
    "dashboard": PageText(
        "Dashboard",
        "How the model does across the service: predictions per species and per day, live "
        "accuracy from users' feedback, and the held-out metrics.",
    ),
    "upload": PageText(
        "Predict a CSV file",
        "Upload a CSV file of iris flowers: every row is checked, predicted at once and "
        "stored, with its results to download as CSV.",
    ),
    "upload_detail": PageText(
        "Upload",
        "One uploaded CSV file: its species counts, and each line's measurements, species, "
        "probability and warnings, with the results as a CSV download.",
    ),
    "api_docs": PageText(
        "API documentation",
        "The iris predictor's JSON API: every operation, its authentication, its answers and "
        "their schemas, from the OpenAPI document.",
    ),
    "token": PageText(
        "API token",
        "Your token for the iris predictor's JSON API: create one, or replace it with a new one.",
    ),
}


def title(page: PageText) -> str:
    """A page's full `<title>`, as the base templates write it."""
    return f"{page.title} · {SERVICE_NAME}"
