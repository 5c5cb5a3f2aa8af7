"""The pages through Django's test client: sign-up, login, predict, feedback, token, errors."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from django_app.predictions.models import ApiToken, Prediction
from shared_model.predictor import get_predictor
from tests.django_app.conftest import PASSWORD

pytestmark = pytest.mark.django_db

FORM = {"sepal_length": "5.1", "sepal_width": "3.5", "petal_length": "1.4", "petal_width": "0.2"}


@pytest.mark.parametrize(
    "path", ["/predict/", "/predictions/", "/predictions/1/", "/dashboard/", "/accounts/token/"]
)
def test_signed_in_pages_send_anonymous_visitors_to_login(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


def test_home_shows_the_model_version(client):
    assert get_predictor().version in client.get("/").text


def test_signup_logs_the_new_user_in(client):
    response = client.post(
        "/accounts/signup/", {"username": "alice", "password": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/predict/"
    assert client.get("/predict/").status_code == 200


def test_signup_with_errors_is_a_400_and_creates_nobody(client, django_user_model):
    response = client.post(
        "/accounts/signup/", {"username": "alice", "password": "1", "password2": "1"}
    )

    assert response.status_code == 400
    assert not django_user_model.objects.exists()


def test_login_follows_a_local_next(auth, user):
    response = auth.login(next="/dashboard/")

    assert response["Location"] == "/dashboard/"


@pytest.mark.parametrize("target", ["//evil.com", "https://evil.com", "/\\evil.com", "predict/"])
def test_login_ignores_a_next_that_is_not_a_local_path(auth, user, target):
    response = auth.login(next=target)

    assert response["Location"] == "/predict/"


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


def test_logout_by_post_goes_home(client, auth, user):
    auth.login()

    response = auth.logout()

    assert response["Location"] == "/"
    assert client.get("/predict/").status_code == 302


def test_logout_by_get_is_a_405_error_page(client, auth, user):
    auth.login()

    response = client.get("/accounts/logout/")

    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert "<h1>405 Method not allowed</h1>" in response.text
    assert client.get("/predict/").status_code == 200


def test_predict_stores_the_prediction_and_redirects_with_303(client, auth, user):
    auth.login()

    response = client.post("/predict/", FORM)

    prediction = Prediction.objects.get(user=user)
    assert response.status_code == 303
    assert response["Location"] == f"/predictions/{prediction.pk}/"


def test_predict_with_a_bad_value_is_a_400_that_stores_nothing(client, auth, user):
    auth.login()

    response = client.post("/predict/", {**FORM, "petal_width": "nan"})

    assert response.status_code == 400
    assert 'id="petal_width-error"' in response.text
    assert not Prediction.objects.exists()


def test_predict_with_an_unknown_field_is_a_400_that_names_it_and_stores_nothing(
    client, auth, user
):
    auth.login()

    response = client.post("/predict/", {**FORM, "colour": "blue"})

    assert response.status_code == 400
    assert '<div id="form-errors" role="alert">Unknown field: colour.</div>' in response.text
    assert not Prediction.objects.exists()


def test_prediction_page_shows_label_and_probability_bars(client, auth, user, make_prediction):
    prediction = make_prediction(user)
    auth.login()

    text = client.get(f"/predictions/{prediction.pk}/").text

    assert '<p id="prediction-label" class="result-label">setosa</p>' in text
    assert text.count('<progress max="100"') == 3


def test_feedback_is_saved_and_redirects_back_with_303(client, auth, user, make_prediction):
    prediction = make_prediction(user)
    auth.login()

    response = client.post(f"/predictions/{prediction.pk}/", {"true_label": "setosa"})

    prediction.refresh_from_db()
    assert response.status_code == 303
    assert response["Location"] == f"/predictions/{prediction.pk}/"
    assert prediction.true_label == "setosa"


def test_feedback_with_an_unknown_class_is_a_400(client, auth, user, make_prediction):
    prediction = make_prediction(user)
    auth.login()

    response = client.post(f"/predictions/{prediction.pk}/", {"true_label": "rose"})

    prediction.refresh_from_db()
    assert response.status_code == 400
    assert prediction.true_label is None


def test_another_users_prediction_is_a_404_to_read_and_to_give_feedback(
    client, auth, user, make_user, make_prediction
):
    theirs = make_prediction(make_user("bob"))
    auth.login()

    assert client.get(f"/predictions/{theirs.pk}/").status_code == 404
    assert client.post(f"/predictions/{theirs.pk}/", {"true_label": "setosa"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.true_label is None


def test_token_page_post_shows_a_new_token_once(client, auth, user):
    auth.login()

    response = client.post("/accounts/token/")

    assert response.status_code == 200
    assert 'id="api-token"' in response.text
    assert ApiToken.objects.filter(user=user).exists()
    assert 'id="api-token"' not in client.get("/accounts/token/").text


def test_token_page_says_when_the_token_was_made_with_no_space_before_the_full_stop(
    client, auth, user, token
):
    auth.login()

    text = client.get("/accounts/token/").text

    assert " UTC</time>.</p>" in text


def test_token_page_is_never_cached(client, auth, user):
    auth.login()

    for response in (client.post("/accounts/token/"), client.get("/accounts/token/")):
        assert "no-store" in response["Cache-Control"]


def test_pages_need_a_csrf_token(user):
    strict = Client(enforce_csrf_checks=True)

    response = strict.post("/accounts/login/", {"username": "alice", "password": PASSWORD})

    assert response.status_code == 403
    assert "<h1>403 Forbidden</h1>" in response.text


def test_unknown_page_is_the_html_error_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "<h1>404 Not found</h1>" in response.text


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


def test_a_request_for_another_host_is_a_400_page(client):
    response = client.get("/", headers={"Host": "evil.example"})

    assert response.status_code == 400
    assert "<h1>400 Bad request</h1>" in response.text


def test_dashboard_draws_four_charts(client, auth, user, make_prediction):
    make_prediction(user)
    auth.login()

    response = client.get("/dashboard/")

    assert response.status_code == 200
    assert response.text.count("<svg") == 4
