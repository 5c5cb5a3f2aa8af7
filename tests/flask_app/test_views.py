"""The pages through Flask's test client: sign-up, login, predict, feedback, token, errors."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from flask_app.auth import LOGIN_FAILED, local_path
from flask_app.extensions import db, get_predictor
from flask_app.models import ApiToken, Prediction, User
from tests.flask_app.conftest import PASSWORD, csrf_token

FORM = {"sepal_length": "5.1", "sepal_width": "3.5", "petal_length": "1.4", "petal_width": "0.2"}


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.mark.parametrize(
    "path", ["/predict/", "/predictions/", "/predictions/1/", "/dashboard/", "/accounts/token/"]
)
def test_signed_in_pages_send_anonymous_visitors_to_login(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"] == f"/accounts/login/?next={path.replace('/', '%2F')}"


def test_home_shows_the_model_version(app, client):
    with app.app_context():
        version = get_predictor().version

    assert version in client.get("/").text


def test_signup_logs_the_new_user_in(client):
    response = client.post(
        "/accounts/signup/", data={"username": "alice", "password": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/predict/"
    assert client.get("/predict/").status_code == 200


def test_signup_with_errors_is_a_400_and_creates_nobody(app, client):
    response = client.post(
        "/accounts/signup/", data={"username": "alice", "password": "1", "password2": "1"}
    )

    assert response.status_code == 400
    assert count(app, User) == 0


def test_signup_refuses_a_username_that_differs_only_in_case(client, user):
    response = client.post(
        "/accounts/signup/", data={"username": "ALICE", "password": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 400
    assert "A user with that username already exists." in response.text


def test_login_follows_a_local_next(auth, user):
    response = auth.login(next="/dashboard/")

    assert response.headers["Location"] == "/dashboard/"


@pytest.mark.parametrize(
    "target", ["//evil.com", "https://evil.com", "/\\evil.com", "predict/", "/\tevil", ""]
)
def test_login_ignores_a_next_that_is_not_a_local_path(auth, user, target):
    response = auth.login(next=target)

    assert response.headers["Location"] == "/predict/"
    assert local_path(target) is None


def test_login_failure_is_a_400_that_does_not_say_why(client, auth, user):
    wrong_password = auth.login(password="not-the-password")
    unknown_user = auth.login(username="nobody", password="not-the-password")

    for response in (wrong_password, unknown_user):
        assert response.status_code == 400
        assert f'<div id="form-errors" role="alert">{LOGIN_FAILED}</div>' in response.text
    assert client.get("/predict/").status_code == 302


def test_signup_and_login_note_the_last_login(app, client, auth, user):
    client.post(
        "/accounts/signup/",
        data={"username": "bob", "password": PASSWORD, "password2": PASSWORD},
    )
    auth.login()

    with app.app_context():
        for username in ("alice", "bob"):
            assert db.session.scalar(select(User).filter_by(username=username)).last_login


def test_login_of_an_inactive_user_fails_like_a_wrong_password(app, auth, user):
    with app.app_context():
        db.session.get(User, user.id).is_active = False
        db.session.commit()

    response = auth.login()

    assert response.status_code == 400
    assert LOGIN_FAILED in response.text


def test_login_notes_the_time(app, auth, user):
    auth.login()

    with app.app_context():
        assert db.session.get(User, user.id).last_login is not None


def test_a_deactivated_users_session_stops_working(app, client, auth, user):
    auth.login()
    with app.app_context():
        db.session.get(User, user.id).is_active = False
        db.session.commit()

    assert client.get("/predict/").status_code == 302


def test_logout_by_post_goes_home(client, auth, user):
    auth.login()

    response = auth.logout()

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/predict/").status_code == 302


def test_a_session_cookie_copied_before_logout_no_longer_signs_in(app, client, auth, user):
    auth.login()
    copied = app.test_client()
    copied.set_cookie("session", client.get_cookie("session").value)
    assert copied.get("/predict/").status_code == 200

    auth.logout()
    response = copied.get("/predict/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/login/?next=%2Fpredict%2F"


def test_a_new_password_ends_the_sessions_made_before(app, client, auth, user):
    auth.login()
    with app.app_context():
        db.session.get(User, user.id).set_password("a-brand-new-secret-9")
        db.session.commit()

    assert client.get("/predict/").status_code == 302


def test_reactivating_a_user_does_not_revive_the_sessions_made_before(app, client, auth, user):
    auth.login()
    for is_active in (False, True):
        with app.app_context():
            db.session.get(User, user.id).is_active = is_active
            db.session.commit()

    assert client.get("/predict/").status_code == 302
    assert auth.login().status_code == 302
    assert client.get("/predict/").status_code == 200


def test_logout_by_get_is_a_405_error_page(client, auth, user):
    auth.login()

    response = client.get("/accounts/logout/")

    assert response.status_code == 405
    assert "<h1>405 Method not allowed</h1>" in response.text
    assert "POST" in response.headers["Allow"]
    assert client.get("/predict/").status_code == 200


def test_predict_stores_the_prediction_and_redirects_with_303(app, client, auth, user):
    auth.login()

    response = client.post("/predict/", data=FORM)

    assert response.status_code == 303
    with app.app_context():
        prediction = db.session.scalar(select(Prediction))
    assert response.headers["Location"] == f"/predictions/{prediction.id}/"
    assert prediction.label == "setosa"


@pytest.mark.parametrize("value", ["", "abc", "nan", "inf", "0", "99"])
def test_predict_with_a_bad_value_is_a_400_that_stores_nothing(app, client, auth, user, value):
    auth.login()

    response = client.post("/predict/", data={**FORM, "petal_width": value})

    assert response.status_code == 400
    assert 'id="petal_width-error"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert count(app, Prediction) == 0


def test_predict_with_an_unknown_field_is_a_400_that_stores_nothing(app, client, auth, user):
    auth.login()

    response = client.post("/predict/", data={**FORM, "colour": "blue"})

    assert response.status_code == 400
    assert '<div id="form-errors" role="alert">Unknown field: colour.</div>' in response.text
    assert count(app, Prediction) == 0


def test_prediction_page_shows_label_and_probability_bars(client, auth, user, make_prediction):
    prediction = make_prediction(user)
    auth.login()

    response = client.get(f"/predictions/{prediction.id}/")

    assert response.status_code == 200
    assert '<p id="prediction-label" class="result-label">setosa</p>' in response.text
    assert response.text.count("<progress") == 3


def test_feedback_is_saved_and_redirects_back_with_303(app, client, auth, user, make_prediction):
    prediction = make_prediction(user)
    auth.login()
    path = f"/predictions/{prediction.id}/"

    response = client.post(path, data={"true_label": "versicolor"})

    assert response.status_code == 303
    assert response.headers["Location"] == path
    page = client.get(path).text
    assert "Feedback saved. Thank you." in page
    assert '<span class="badge wrong">versicolor</span>' in page


def test_feedback_with_an_unknown_class_is_a_400(app, client, auth, user, make_prediction):
    prediction = make_prediction(user)
    auth.login()

    response = client.post(f"/predictions/{prediction.id}/", data={"true_label": "daisy"})

    assert response.status_code == 400
    assert "Select a valid choice. daisy is not one of the available choices." in response.text
    assert count(app, Prediction, Prediction.true_label.is_not(None)) == 0


def test_another_users_prediction_is_a_404_to_read_and_to_give_feedback(
    app, client, auth, user, make_user, make_prediction
):
    theirs = make_prediction(make_user("bob"))
    auth.login()

    assert client.get(f"/predictions/{theirs.id}/").status_code == 404
    response = client.post(f"/predictions/{theirs.id}/", data={"true_label": "setosa"})
    assert response.status_code == 404
    assert count(app, Prediction, Prediction.true_label.is_not(None)) == 0


# 2**31 is past PostgreSQL's INTEGER, 10**23 past SQLite's: both databases refuse the number.
@pytest.mark.parametrize("prediction_id", ["2147483648", "99999999999999999999999"])
def test_an_id_no_row_can_have_is_a_404_to_read_and_to_give_feedback(
    client, auth, user, prediction_id
):
    auth.login()
    path = f"/predictions/{prediction_id}/"

    assert client.get(path).status_code == 404
    assert client.post(path, data={"true_label": "setosa"}).status_code == 404


@pytest.mark.parametrize(("page", "shown"), [("1", "Page 1 of 2"), ("9", "Page 2 of 2")])
def test_history_pages_twenty_at_a_time(app, client, auth, user, setosa, page, shown):
    from flask_app import services

    with app.app_context():
        services.prediction_batch_create(user=user, instances=[setosa] * 21)
    auth.login()

    response = client.get(f"/predictions/?page={page}")

    assert shown in response.text
    assert response.text.count("<tr>") - 1 == (20 if page == "1" else 1)


def test_token_page_post_shows_a_new_token_once(app, client, auth, user):
    auth.login()

    response = client.post("/accounts/token/")

    assert response.status_code == 200
    assert 'id="api-token"' in response.text
    assert count(app, ApiToken, ApiToken.user_id == user.id) == 1
    again = client.get("/accounts/token/").text
    assert 'id="api-token"' not in again
    assert "You have an API token, created" in again


def test_token_page_is_never_cached(client, auth, user):
    auth.login()

    for response in (client.get("/accounts/token/"), client.post("/accounts/token/")):
        assert response.headers["Cache-Control"] == "no-store"


def test_login_page_is_never_cached(client, user):
    assert client.get("/accounts/login/").headers["Cache-Control"] == "no-store"
    assert client.post("/accounts/login/", data={}).headers["Cache-Control"] == "no-store"


def test_pages_need_a_csrf_token(csrf_app, make_user):
    make_user("alice")
    client = csrf_app.test_client()
    credentials = {"username": "alice", "password": PASSWORD}

    refused = client.post("/accounts/login/", data=credentials)
    token = csrf_token(client.get("/accounts/login/"))
    accepted = client.post("/accounts/login/", data={**credentials, "csrf_token": token})

    assert refused.status_code == 403
    assert "<h1>403 Forbidden</h1>" in refused.text
    assert accepted.status_code == 302


def test_unknown_page_is_the_html_error_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "<h1>404 Not found</h1>" in response.text


def test_an_unhandled_error_on_a_page_is_the_500_page_without_traceback(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom/")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom/")

    assert response.status_code == 500
    assert "<h1>500 Server error</h1>" in response.text
    assert "boom" not in response.text and "Traceback" not in response.text


@pytest.mark.parametrize("path", ["/", "/api/v1/health"])
def test_a_request_for_another_host_is_a_400(client, path):
    response = client.get(path, headers={"Host": "evil.example"})

    assert response.status_code == 400
    assert "is not trusted" in response.text and "Traceback" not in response.text


def test_dashboard_draws_four_charts(client, auth, user, make_prediction):
    make_prediction(user)
    auth.login()

    response = client.get("/dashboard/")

    assert response.status_code == 200
    assert response.text.count("<svg") == 4
