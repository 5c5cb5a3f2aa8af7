"""The pages through Flask's test client, where HTTP alone cannot look: what is stored or
not, inactive users and their sessions, an unhandled error, another host. What a page shows
and answers is the contract suite's, checked against both apps.

Counterpart: tests/django_app/test_views.py
"""

from __future__ import annotations

from unittest import mock

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from flask_app.auth import LOGIN_FAILED
from flask_app.extensions import db
from flask_app.models import Prediction, User
from tests.flask_app.conftest import AuthActions
from tools.harness.samples import PASSWORD, SETOSA_FORM


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


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


def test_predict_stores_the_prediction_and_redirects_with_303(app, client, auth, user):
    auth.login()

    response = client.post("/predict/", data=SETOSA_FORM)

    assert response.status_code == 303
    with app.app_context():
        prediction = db.session.scalar(select(Prediction))
    assert response.headers["Location"] == f"/predictions/{prediction.id}/"
    assert prediction.label == "setosa"


@pytest.mark.parametrize("value", ["", "abc", "nan", "inf", "0", "99"])
def test_predict_with_a_bad_value_is_a_400_that_stores_nothing(app, client, auth, user, value):
    auth.login()

    response = client.post("/predict/", data={**SETOSA_FORM, "petal_width": value})

    assert response.status_code == 400
    assert 'id="petal_width-error"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert count(app, Prediction) == 0


def test_predict_with_an_unknown_field_is_a_400_that_stores_nothing(app, client, auth, user):
    auth.login()

    response = client.post("/predict/", data={**SETOSA_FORM, "colour": "blue"})

    assert response.status_code == 400
    assert '<div id="form-errors" role="alert">Unknown field: colour.</div>' in response.text
    assert count(app, Prediction) == 0


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


# No row has id 2**31 (past a 32-bit id); 2**63 and 10**23 are past both databases' 64-bit
# integers, which they refuse rather than find nothing.
@pytest.mark.parametrize(
    "prediction_id", ["2147483648", "9223372036854775808", "99999999999999999999999"]
)
def test_an_id_no_row_can_have_is_a_404_to_read_and_to_give_feedback(
    client, auth, user, prediction_id
):
    auth.login()
    path = f"/predictions/{prediction_id}/"

    assert client.get(path).status_code == 404
    assert client.post(path, data={"true_label": "setosa"}).status_code == 404


def test_source_static_files_are_served_and_refuse_options(client):
    # Without collected files (DEBUG on, or here), Flask's own static route serves them. It is
    # added once the configuration is read, so it takes no OPTIONS either, like every route.
    assert client.get("/static/iris/site.css").status_code == 200

    response = client.options("/static/iris/site.css")

    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD"


def test_login_page_is_never_cached(client, user):
    assert client.get("/accounts/login/").headers["Cache-Control"] == "no-store"
    assert client.post("/accounts/login/", data={}).headers["Cache-Control"] == "no-store"


def test_an_unhandled_error_on_a_page_is_the_500_page_without_traceback(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom/")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom/")

    assert response.status_code == 500
    assert "<h1>500 Server error</h1>" in response.text
    assert "boom" not in response.text and "Traceback" not in response.text


# The database fails while the signed-in user is loaded, or later, in the view.
@pytest.mark.parametrize(
    "failing",
    ["flask_app.selectors.user_get_by_session_token", "flask_app.selectors.dashboard_stats"],
)
def test_a_database_outage_on_a_page_is_the_503_page_of_an_anonymous_visitor(
    make_app, make_user, failing
):
    app = make_app(WTF_CSRF_ENABLED=False)
    make_user("alice")
    client = app.test_client()
    AuthActions(client).login()
    outage = OperationalError("SELECT", {}, Exception("server closed the connection"))

    with mock.patch(failing, side_effect=outage):
        response = client.get("/dashboard/")

    assert response.status_code == 503
    assert "<h1>503 Service unavailable</h1>" in response.text
    assert ">Log in</a>" in response.text and "alice" not in response.text


@pytest.mark.parametrize("path", ["/", "/api/v1/health"])
def test_a_request_for_another_host_is_a_400(client, path):
    response = client.get(path, headers={"Host": "evil.example"})

    assert response.status_code == 400
    assert "is not trusted" in response.text and "Traceback" not in response.text
