"""Predicting through the pages: the form, the prediction page, feedback, history, ownership."""

from __future__ import annotations

import re

import pytest

from shared_model.model.schema import CLASSES, FEATURES
from tools.harness.web import field_error, history_ids, html

# Pages, sessions and forms: not for an API-only app (deselected, see conftest.py).
pytestmark = pytest.mark.pages

PREDICTION_PAGE = re.compile(r"^/predictions/(\d+)/$")


def as_form(features: dict[str, float]) -> dict[str, str]:
    return {name: str(value) for name, value in features.items()}


def predict(member, features: dict) -> int:
    """Predict through the form; the id of the stored prediction."""
    response = member.client.submit("/predict/", features, field=FEATURES[0].name)
    assert response.status_code == 303, f"predict answered {response.status_code}"
    match = PREDICTION_PAGE.match(member.client.location(response))
    assert match, f"predict redirected to {response.headers['Location']}"
    return int(match[1])


def test_valid_prediction_redirects_to_its_page(member, api, setosa):
    response = member.client.submit("/predict/", as_form(setosa), field="sepal_length")

    assert response.status_code == 303
    newest = api.page()["results"][0]["id"]
    assert member.client.location(response) == f"/predictions/{newest}/"


def test_prediction_page_shows_label_and_every_class_probability(member, setosa):
    prediction_id = predict(member, as_form(setosa))

    response = member.client.get(f"/predictions/{prediction_id}/")

    assert response.status_code == 200
    soup = html(response)
    assert soup.find(id="prediction-label").get_text(strip=True) == "setosa"
    probabilities = soup.find(id="prediction-probabilities").get_text(" ")
    assert all(name in probabilities for name in CLASSES)


def test_prediction_page_has_no_warnings_inside_the_training_range(member, setosa):
    prediction_id = predict(member, as_form(setosa))

    soup = html(member.client.get(f"/predictions/{prediction_id}/"))

    assert soup.find(id="prediction-warnings") is None


def test_prediction_page_warns_about_a_value_outside_the_training_range(member, setosa, model_card):
    training = next(f for f in model_card["features"] if f["name"] == "sepal_length")
    prediction_id = predict(member, as_form({**setosa, "sepal_length": 9.0}))

    soup = html(member.client.get(f"/predictions/{prediction_id}/"))

    warnings = soup.find(id="prediction-warnings").get_text(" ")
    assert "sepal_length" in warnings
    assert f"{training['training_min']:g}" in warnings
    assert f"{training['training_max']:g}" in warnings


BAD_FORM_VALUES = {
    "empty": "",
    "text": "abc",
    "nan": "nan",
    "inf": "inf",
    "below-min": "0",
    "above-max": "99",
}


@pytest.mark.parametrize("value", BAD_FORM_VALUES.values(), ids=BAD_FORM_VALUES.keys())
@pytest.mark.parametrize("feature", FEATURES, ids=lambda feature: feature.name)
def test_predict_form_refuses_a_bad_value_beside_its_field(member, api, setosa, feature, value):
    before = api.count()

    response = member.client.submit(
        "/predict/", {**as_form(setosa), feature.name: value}, field=feature.name
    )

    assert response.status_code == 400
    soup = html(response)
    assert field_error(soup, feature.name)
    assert all(field_error(soup, other.name) is None for other in FEATURES if other != feature)
    assert api.count() == before


@pytest.mark.parametrize("bound", ["min", "max"])
def test_predict_form_accepts_the_bounds_of_the_valid_range(member, bound):
    values = {feature.name: str(getattr(feature, bound)) for feature in FEATURES}

    response = member.client.submit("/predict/", values, field=FEATURES[0].name)

    assert response.status_code == 303


def test_feedback_is_recorded_and_shown(member, setosa):
    prediction_id = predict(member, as_form(setosa))
    path = f"/predictions/{prediction_id}/"

    response = member.client.submit(path, {"true_label": "versicolor"}, field="true_label")

    assert response.status_code == 303
    assert member.client.location(response) == path
    soup = html(member.client.get(path))
    assert soup.find(attrs={"name": "true_label"}) is None
    assert soup.select_one(".badge").get_text(strip=True) == "versicolor"


def test_feedback_form_offers_every_class(member, setosa):
    prediction_id = predict(member, as_form(setosa))

    soup = html(member.client.get(f"/predictions/{prediction_id}/"))

    select = soup.find("select", attrs={"name": "true_label"})
    offered = {option.get("value") for option in select.find_all("option")}
    assert set(CLASSES) <= offered


def test_feedback_with_an_unknown_class_is_refused(member, setosa):
    prediction_id = predict(member, as_form(setosa))
    path = f"/predictions/{prediction_id}/"

    response = member.client.submit(path, {"true_label": "daisy"}, field="true_label")

    assert response.status_code == 400
    assert field_error(html(response), "true_label")
    assert html(member.client.get(path)).find(attrs={"name": "true_label"}) is not None


@pytest.mark.security
def test_another_users_prediction_is_not_found(member, other_member, setosa):
    prediction_id = predict(other_member, as_form(setosa))

    response = member.client.get(f"/predictions/{prediction_id}/")

    assert response.status_code == 404


@pytest.mark.security
def test_feedback_on_another_users_prediction_is_not_found(member, other_member, setosa):
    prediction_id = predict(other_member, as_form(setosa))
    csrf_name, csrf_value = member.client.csrf_token("/predict/")

    response = member.client.post(
        f"/predictions/{prediction_id}/", data={csrf_name: csrf_value, "true_label": "setosa"}
    )

    assert response.status_code == 404
    owner_page = html(other_member.client.get(f"/predictions/{prediction_id}/"))
    assert owner_page.find(attrs={"name": "true_label"}) is not None


def test_history_shows_newest_first_twenty_a_page(busy_member):
    soup = html(busy_member.client.get("/predictions/"))

    assert history_ids(soup) == busy_member.predictions[::-1][:20]
    assert "Page 1 of 2" in soup.select_one("nav.pagination").get_text(" ")


def test_history_second_page_holds_the_rest(busy_member):
    soup = html(busy_member.client.get("/predictions/?page=2"))

    assert history_ids(soup) == busy_member.predictions[::-1][20:]
    assert "Page 2 of 2" in soup.select_one("nav.pagination").get_text(" ")


@pytest.mark.parametrize(
    ("asked", "shown"), [("x", 1), ("1.5", 1), ("", 1), ("999", 2), ("0", 2), ("-1", 2)]
)
def test_history_reads_a_page_as_djangos_get_page_does(busy_member, asked, shown):
    response = busy_member.client.get("/predictions/", params={"page": asked})

    assert response.status_code == 200
    pagination = html(response).select_one("nav.pagination").get_text(" ")
    assert f"Page {shown} of 2" in pagination


@pytest.mark.security
def test_history_shows_only_own_predictions(busy_member, member, setosa):
    newer = predict(member, as_form(setosa))

    ids = history_ids(html(busy_member.client.get("/predictions/")))

    assert newer not in ids
    assert ids[0] == busy_member.predictions[-1]


def test_predict_form_refuses_an_unknown_field(member, api, setosa):
    before = api.count()

    response = member.client.submit(
        "/predict/", {**as_form(setosa), "colour": "blue"}, field="sepal_length"
    )

    assert response.status_code == 400
    assert "Unknown field: colour." in html(response).find(id="form-errors").get_text(" ")
    assert api.count() == before


@pytest.mark.parametrize("prediction_id", ["0", "9223372036854775807", "99999999999999999999999"])
@pytest.mark.security
def test_an_id_that_cannot_exist_is_not_found(member, prediction_id):
    assert member.client.get(f"/predictions/{prediction_id}/").status_code == 404
