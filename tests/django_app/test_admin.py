"""The data admin: who gets in, what staff see, the filters, the CSV export, the user actions."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from axes.models import AccessAttempt

from django_app.predictions import services
from django_app.predictions.models import Prediction, Upload
from shared_model.pages.csv_io import read_upload
from shared_model.pages.presentation import EXPORT_COLUMNS
from shared_model.web.throttling import FAILURE_LIMIT

pytestmark = pytest.mark.django_db

PREDICTIONS = "/admin/predictions/prediction/"
USERS = "/admin/auth/user/"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def two_predictions(user, make_user, make_prediction):
    """alice's setosa with feedback, and bob's virginica without."""
    setosa = make_prediction(user)
    services.prediction_feedback_record(prediction=setosa, true_label="setosa")
    virginica = make_prediction(
        make_user("bob"), sepal_length=6.3, sepal_width=3.3, petal_length=6.0, petal_width=2.5
    )
    return setosa, virginica


def shown(response):
    return [prediction.pk for prediction in response.context["cl"].result_list]


def test_anonymous_visitor_is_sent_to_the_site_login(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_the_admin_login_page_sends_to_the_site_login(client):
    response = client.get("/admin/login/", query_params={"next": "/admin/auth/user/"})

    assert response["Location"] == "/accounts/login/?next=/admin/auth/user/"


def test_signed_in_member_who_is_not_staff_is_refused(client, user):
    client.force_login(user)

    response = client.get(PREDICTIONS)

    assert response.status_code == 403
    assert "<h1>403 Forbidden</h1>" in response.text


def test_staff_see_every_users_predictions_with_username(staff_client, two_predictions):
    response = staff_client.get(PREDICTIONS)

    assert response.status_code == 200
    assert sorted(shown(response)) == sorted(prediction.pk for prediction in two_predictions)
    assert "bob" in response.text and "alice" in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"label__exact": "virginica"}, [1]),
        ({"has_feedback": "yes"}, [0]),
        ({"has_feedback": "no"}, [1]),
        ({"q": "bob"}, [1]),
    ],
    ids=["label", "has-feedback", "no-feedback", "search-username"],
)
def test_prediction_filters_and_search(staff_client, two_predictions, query, expected):
    response = staff_client.get(PREDICTIONS, query)

    assert shown(response) == [two_predictions[index].pk for index in expected]


def test_model_version_and_date_filters_keep_matching_predictions(staff_client, two_predictions):
    setosa, _ = two_predictions
    # The "Today" link of the date filter.
    midnight = setosa.created_at.replace(hour=0, minute=0, second=0, microsecond=0)
    today = {"created_at__gte": str(midnight), "created_at__lt": str(midnight + timedelta(days=1))}

    by_version = staff_client.get(PREDICTIONS, {"model_version__exact": setosa.model_version})
    by_date = staff_client.get(PREDICTIONS, today)
    no_version = staff_client.get(PREDICTIONS, {"model_version__exact": "0000"})

    assert len(shown(by_version)) == 2
    assert len(shown(by_date)) == 2
    assert shown(no_version) == []


def test_predictions_cannot_be_added_or_edited(staff_client, two_predictions):
    setosa, _ = two_predictions

    assert staff_client.get(f"{PREDICTIONS}add/").status_code == 403
    response = staff_client.post(f"{PREDICTIONS}{setosa.pk}/change/", {"label": "virginica"})
    setosa.refresh_from_db()
    assert response.status_code == 403
    assert setosa.label == "setosa"


def test_csv_export_returns_the_selected_rows(staff_client, two_predictions):
    setosa, _ = two_predictions

    response = staff_client.post(
        PREDICTIONS, {"action": "export_csv", "index": 0, "_selected_action": [setosa.pk]}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert rows[0] == list(EXPORT_COLUMNS)
    assert rows[1][:3] == [str(setosa.pk), "alice", "5.1"]
    assert rows[1][-4:-2] == ["setosa", setosa.model_version]
    assert rows[1][-1] == "setosa"
    assert len(rows) == 2


def test_deactivate_and_activate_actions(staff_client, user):
    staff_client.post(USERS, {"action": "deactivate", "index": 0, "_selected_action": [user.pk]})
    user.refresh_from_db()
    assert not user.is_active

    staff_client.post(USERS, {"action": "activate", "index": 0, "_selected_action": [user.pk]})
    user.refresh_from_db()
    assert user.is_active


def test_staff_search_users_by_username(staff_client, user, make_user):
    make_user("bob")

    response = staff_client.get(USERS, {"q": "ali"})

    assert [shown_user.username for shown_user in response.context["cl"].result_list] == ["alice"]


def test_a_data_admin_cannot_change_a_superuser(staff_client, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="root-password-1")

    staff_client.post(USERS, {"action": "deactivate", "index": 0, "_selected_action": [root.pk]})

    root.refresh_from_db()
    assert root.is_active
    assert staff_client.get(f"{USERS}{root.pk}/change/").status_code == 200
    assert staff_client.post(f"{USERS}{root.pk}/change/", {}).status_code == 403


def test_a_data_admin_sees_no_superuser_or_permission_fields(staff_client, user):
    response = staff_client.get(f"{USERS}{user.pk}/change/")

    assert 'name="is_staff"' in response.text
    assert 'name="is_superuser"' not in response.text
    assert 'name="user_permissions"' not in response.text


def test_csv_export_escapes_formula_looking_cells(staff_client, make_user, make_prediction):
    prediction = make_prediction(make_user("@SUM"))

    response = staff_client.post(
        PREDICTIONS, {"action": "export_csv", "index": 0, "_selected_action": [prediction.pk]}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][1] == "'@SUM"


UPLOADS = "/admin/predictions/upload/"


@pytest.fixture
def two_uploads(user, make_user):
    rows = read_upload(b"sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n")
    mine = services.upload_create(user=user, file_name="mine.csv", rows=rows)
    theirs = services.upload_create(user=make_user("bob"), file_name="theirs.csv", rows=rows * 2)
    return mine, theirs


def test_staff_see_every_users_uploads_read_only(staff_client, two_uploads):
    mine, theirs = two_uploads

    response = staff_client.get(UPLOADS)

    assert response.status_code == 200
    assert [upload.pk for upload in response.context["cl"].result_list] == [theirs.pk, mine.pk]
    page = response.content.decode()
    for text in ("alice", "bob", "mine.csv", "theirs.csv"):
        assert text in page
    assert staff_client.get(f"{UPLOADS}add/").status_code == 403
    assert staff_client.post(f"{UPLOADS}{mine.pk}/change/", {"name": "x"}).status_code == 403


@pytest.mark.parametrize(
    ("query", "expected"), [("q=bob", 1), ("created_at__gte=2000-01-01T00:00:00%2B00:00", 2)]
)
def test_uploads_are_searched_by_username_and_filtered_by_date(
    staff_client, two_uploads, query, expected
):
    response = staff_client.get(f"{UPLOADS}?{query}")

    assert len(response.context["cl"].result_list) == expected


def test_predictions_and_uploads_cannot_be_deleted_even_by_a_superuser(
    client, django_user_model, two_uploads
):
    client.force_login(django_user_model.objects.create_superuser("root", password="root-pw-1"))
    mine, _ = two_uploads
    prediction = mine.predictions.get()

    deleted = client.post(f"{PREDICTIONS}{prediction.pk}/delete/", {"post": "yes"})
    upload_deleted = client.post(f"{UPLOADS}{mine.pk}/delete/", {"post": "yes"})
    listed = client.get(PREDICTIONS)

    assert (deleted.status_code, upload_deleted.status_code) == (403, 403)
    assert "delete_selected" not in listed.content.decode()
    assert Prediction.objects.filter(pk=prediction.pk).exists()
    assert Upload.objects.filter(pk=mine.pk).exists()


LOCKOUTS = "/admin/axes/accessattempt/"


def test_staff_see_a_lockout_and_clear_it(staff_client):
    attempt = AccessAttempt.objects.create(
        username="mallory",
        ip_address="203.0.113.9",
        user_agent="",
        failures_since_start=FAILURE_LIMIT,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
    )

    listed = staff_client.get(LOCKOUTS)
    assert listed.status_code == 200
    assert "mallory" in listed.content.decode()

    staff_client.post(
        LOCKOUTS,
        {"action": "delete_selected", "index": 0, "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert not AccessAttempt.objects.exists()
