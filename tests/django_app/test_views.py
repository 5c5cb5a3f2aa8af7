"""The pages through Django's test client, where HTTP alone cannot look: what is stored or
not, inactive users and their sessions, an unhandled error, another host. What a page shows
and answers is the contract suite's, checked against both apps.

Counterpart: tests/flask_app/test_views.py
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.test import Client

from django_app.predictions.models import Prediction
from tools.harness.samples import PASSWORD, SETOSA_FORM

pytestmark = pytest.mark.django_db


def test_signup_with_errors_is_a_400_and_creates_nobody(client, django_user_model):
    response = client.post(
        "/accounts/signup/", {"username": "alice", "password": "1", "password2": "1"}
    )

    assert response.status_code == 400
    assert not django_user_model.objects.exists()


def test_login_failure_is_a_400_that_does_not_say_why(auth, user):
    response = auth.login(password="wrong")

    assert response.status_code == 400
    assert "Please enter a correct username and password." in response.text


def test_signup_and_login_note_the_last_login(client, auth, user):
    client.post(
        "/accounts/signup/",
        {"username": "bob", "password": PASSWORD, "password2": PASSWORD},
    )
    auth.login()

    for username in ("alice", "bob"):
        assert get_user_model().objects.get(username=username).last_login


def test_login_of_an_inactive_user_fails_like_a_wrong_password(auth, user):
    user.is_active = False
    user.save()

    response = auth.login()

    assert response.status_code == 400
    assert "Please enter a correct username and password." in response.text


def test_predict_stores_the_prediction_and_redirects_with_303(client, auth, user):
    auth.login()

    response = client.post("/predict/", SETOSA_FORM)

    prediction = Prediction.objects.get(user=user)
    assert response.status_code == 303
    assert response["Location"] == f"/predictions/{prediction.pk}/"


def test_predict_with_a_bad_value_is_a_400_that_stores_nothing(client, auth, user):
    auth.login()

    response = client.post("/predict/", {**SETOSA_FORM, "petal_width": "nan"})

    assert response.status_code == 400
    assert 'id="petal_width-error"' in response.text
    assert not Prediction.objects.exists()


def test_predict_with_an_unknown_field_is_a_400_that_names_it_and_stores_nothing(
    client, auth, user
):
    auth.login()

    response = client.post("/predict/", {**SETOSA_FORM, "colour": "blue"})

    assert response.status_code == 400
    assert '<div id="form-errors" role="alert">Unknown field: colour.</div>' in response.text
    assert not Prediction.objects.exists()


def test_feedback_is_saved_and_redirects_back_with_303(client, auth, user, make_prediction):
    prediction = make_prediction(user)
    auth.login()

    response = client.post(f"/predictions/{prediction.pk}/", {"true_label": "setosa"})

    prediction.refresh_from_db()
    assert response.status_code == 303
    assert response["Location"] == f"/predictions/{prediction.pk}/"
    assert prediction.true_label == "setosa"


def test_token_page_says_when_the_token_was_made_with_no_space_before_the_full_stop(
    client, auth, user, token
):
    auth.login()

    text = client.get("/accounts/token/").text

    assert " UTC</time>.</p>" in text


def test_an_unhandled_error_on_a_page_is_the_500_page_without_traceback(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)

    with mock.patch(
        "django_app.predictions.selectors.dashboard_stats", side_effect=RuntimeError("boom")
    ):
        response = client.get("/dashboard/")

    assert response.status_code == 500
    assert "<h1>500 Server error</h1>" in response.text
    assert "boom" not in response.text and "Traceback" not in response.text


def test_a_database_outage_on_a_page_is_the_503_page_of_an_anonymous_visitor(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)

    with mock.patch(
        "django_app.predictions.selectors.dashboard_stats",
        side_effect=OperationalError("server closed the connection"),
    ):
        response = client.get("/dashboard/")

    assert response.status_code == 503
    assert "<h1>503 Service unavailable</h1>" in response.text
    assert ">Log in</a>" in response.text and "alice" not in response.text


def test_a_request_for_another_host_is_a_400_page(client):
    response = client.get("/", headers={"Host": "evil.example"})

    assert response.status_code == 400
    assert "<h1>400 Bad request</h1>" in response.text
