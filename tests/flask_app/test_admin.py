"""The data admin: who gets in, what staff see, the filters, the CSV export, the user actions."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from flask_app import services
from flask_app.extensions import db
from flask_app.models import LoginFailure, Prediction, User
from shared_model.pages.csv_io import read_upload
from shared_model.pages.presentation import EXPORT_COLUMNS
from shared_model.web.throttling import FAILURE_LIMIT
from tests.flask_app.conftest import AuthActions, csrf_token
from tools.harness.samples import PASSWORD

PREDICTIONS = "/admin/prediction/"
USERS = "/admin/user/"


@pytest.fixture
def staff_client(client, auth, staff):
    auth.login("sam")
    return client


@pytest.fixture
def two_predictions(app, user, make_user, make_prediction):
    """alice's setosa with feedback, and bob's virginica without."""
    setosa = make_prediction(user)
    with app.app_context():
        services.prediction_feedback_record(prediction=setosa, true_label="setosa")
    virginica = make_prediction(
        make_user("bob"), sepal_length=6.3, sepal_width=3.3, petal_length=6.0, petal_width=2.5
    )
    return setosa, virginica


def shown(response, column="id") -> list[str]:
    cells = BeautifulSoup(response.text, "html.parser").select(f'td[class~="col-{column}"]')
    return [cell.get_text(strip=True) for cell in cells]


def ids(*predictions) -> list[str]:
    return [str(prediction.id) for prediction in predictions]


def test_anonymous_visitor_is_sent_to_the_site_login(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_anonymous_visitor_of_an_admin_list_comes_back_to_it_after_login(client):
    response = client.get(PREDICTIONS)

    assert response.headers["Location"] == "/accounts/login/?next=%2Fadmin%2Fprediction%2F"


@pytest.mark.parametrize("path", ["/admin/", PREDICTIONS, USERS])
def test_signed_in_member_who_is_not_staff_is_refused(client, auth, user, path):
    auth.login()

    response = client.get(path)

    assert response.status_code == 403
    assert "<h1>403 Forbidden</h1>" in response.text


def test_staff_see_every_users_predictions_with_username(staff_client, two_predictions):
    response = staff_client.get(PREDICTIONS)

    assert response.status_code == 200
    assert sorted(shown(response)) == sorted(ids(*two_predictions))
    assert shown(response, "user.username") == ["bob", "alice"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"flt0_label_equals": "virginica"}, [1]),
        ({"flt0_has_feedback_is": "yes"}, [0]),
        ({"flt0_has_feedback_is": "no"}, [1]),
        ({"search": "bob"}, [1]),
    ],
    ids=["label", "has-feedback", "no-feedback", "search-username"],
)
def test_prediction_filters_and_search(staff_client, two_predictions, query, expected):
    response = staff_client.get(PREDICTIONS, query_string=query)

    assert shown(response) == ids(*(two_predictions[index] for index in expected))


def test_model_version_and_date_filters_keep_matching_predictions(staff_client, two_predictions):
    setosa, _ = two_predictions
    yesterday = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")

    by_version = staff_client.get(
        PREDICTIONS, query_string={"flt0_model_version_equals": setosa.model_version}
    )
    since_yesterday = staff_client.get(
        PREDICTIONS, query_string={"flt0_created_at_greater_than": yesterday}
    )
    since_tomorrow = staff_client.get(
        PREDICTIONS, query_string={"flt0_created_at_greater_than": tomorrow}
    )
    no_version = staff_client.get(PREDICTIONS, query_string={"flt0_model_version_equals": "0000"})

    assert len(shown(by_version)) == 2
    assert len(shown(since_yesterday)) == 2
    assert shown(since_tomorrow) == []
    assert shown(no_version) == []


# A batch shares one created_at; filtered or not, the list must not fall back on the
# database's own order for the tie.
@pytest.mark.parametrize("query", [{}, {"flt0_label_equals": "setosa"}, {"search": "alice"}])
def test_predictions_of_one_batch_are_listed_newest_first(app, staff_client, user, setosa, query):
    with app.app_context():
        batch = services.prediction_batch_create(user=user, instances=[setosa] * 3)

    response = staff_client.get(PREDICTIONS, query_string=query)

    assert shown(response) == ids(*reversed(batch))


def test_a_page_past_any_table_is_an_empty_list(staff_client, two_predictions):
    response = staff_client.get(PREDICTIONS, query_string={"page": "99999999999999999999999"})

    assert response.status_code == 200
    assert shown(response) == []


def test_a_negative_page_is_the_first_page(staff_client, two_predictions):
    response = staff_client.get(PREDICTIONS, query_string={"page": "-1"})

    assert response.status_code == 200
    assert shown(response) == ids(*reversed(two_predictions))


# No row has id 2**31 (past a 32-bit id); 2**63 and 10**23 are past both databases' 64-bit
# integers, which they refuse rather than find nothing.
@pytest.mark.parametrize(
    "record_id", ["2147483648", "9223372036854775808", "99999999999999999999999", "abc"]
)
@pytest.mark.parametrize("path", [f"{PREDICTIONS}details/", f"{USERS}edit/"])
def test_an_id_no_row_can_have_is_a_record_that_does_not_exist(staff_client, path, record_id):
    response = staff_client.get(path, query_string={"id": record_id})

    assert response.status_code == 302
    assert "Record does not exist." in staff_client.get(response.headers["Location"]).text


def test_prediction_details_are_shown_read_only(staff_client, two_predictions):
    setosa, _ = two_predictions

    response = staff_client.get(f"{PREDICTIONS}details/", query_string={"id": setosa.id})

    assert response.status_code == 200
    assert "alice" in response.text and setosa.model_version in response.text
    assert "<form" not in BeautifulSoup(response.text, "html.parser").select_one("table").decode()


def test_predictions_cannot_be_added_edited_or_deleted(app, staff_client, two_predictions):
    setosa, _ = two_predictions

    created = staff_client.post(f"{PREDICTIONS}new/", data={"label": "virginica"})
    edited = staff_client.post(
        f"{PREDICTIONS}edit/", query_string={"id": setosa.id}, data={"label": "virginica"}
    )
    deleted = staff_client.post(f"{PREDICTIONS}delete/", data={"id": setosa.id})

    assert {created.status_code, edited.status_code, deleted.status_code} == {302}
    with app.app_context():
        assert db.session.get(Prediction, setosa.id).label == "setosa"
        assert len(db.session.scalars(select(Prediction)).all()) == 2


def test_csv_export_returns_the_filtered_rows(staff_client, two_predictions):
    setosa, _ = two_predictions

    response = staff_client.get(
        f"{PREDICTIONS}export/csv/", query_string={"flt0_label_equals": "setosa"}
    )

    rows = list(csv.reader(io.StringIO(response.text)))
    assert response.headers["Content-Type"].startswith("text/csv")
    assert rows[0] == list(EXPORT_COLUMNS)
    assert rows[0][:2] == ["id", "username"]
    assert rows[1][:3] == [str(setosa.id), "alice", "5.1"]
    assert rows[1][-4:-2] == ["setosa", setosa.model_version]
    assert datetime.fromisoformat(rows[1][-2]).utcoffset() == timedelta(0)
    assert rows[1][-1] == "setosa"
    assert len(rows) == 2


def test_csv_export_writes_an_empty_true_label_without_feedback(staff_client, two_predictions):
    response = staff_client.get(
        f"{PREDICTIONS}export/csv/", query_string={"flt0_has_feedback_is": "no"}
    )

    rows = list(csv.reader(io.StringIO(response.text)))
    assert [row[-1] for row in rows[1:]] == [""]


def is_active(app, user) -> bool:
    with app.app_context():
        return db.session.get(User, user.id).is_active


def test_deactivate_and_activate_actions(app, staff_client, user):
    staff_client.post(f"{USERS}action/", data={"action": "deactivate", "rowid": [user.id]})
    assert not is_active(app, user)

    staff_client.post(f"{USERS}action/", data={"action": "activate", "rowid": [user.id]})
    assert is_active(app, user)


def test_user_actions_pass_over_ids_no_row_can_have(app, staff_client, user):
    action = {"action": "deactivate", "rowid": [user.id, "99999999999999999999999"]}

    response = staff_client.post(f"{USERS}action/", data=action)

    assert response.status_code == 302
    assert not is_active(app, user)


def test_deactivating_a_user_ends_their_sessions_for_good(app, staff_client, user):
    member = app.test_client()
    AuthActions(member).login()

    for name in ("deactivate", "activate"):
        staff_client.post(f"{USERS}action/", data={"action": name, "rowid": [user.id]})

    assert member.get("/predict/").status_code == 302


def test_editing_the_staff_flag_keeps_the_users_sessions(app, staff_client, user):
    member = app.test_client()
    AuthActions(member).login()

    staff_client.post(
        f"{USERS}edit/", query_string={"id": user.id}, data={"is_active": "y", "is_staff": "y"}
    )

    assert member.get("/predict/").status_code == 200


def test_admin_posts_need_a_csrf_token(csrf_app, make_user):
    make_user("sam", is_staff=True)
    user = make_user("alice")
    client = csrf_app.test_client()
    token = csrf_token(client.get("/accounts/login/"))
    client.post(
        "/accounts/login/", data={"username": "sam", "password": PASSWORD, "csrf_token": token}
    )
    action = {"action": "deactivate", "rowid": [user.id]}

    refused = client.post(f"{USERS}action/", data=action)
    token = csrf_token(client.get(USERS))
    accepted = client.post(f"{USERS}action/", data={**action, "csrf_token": token})

    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert not is_active(csrf_app, user)


def test_staff_search_users_by_username(staff_client, user, make_user):
    make_user("bob")

    response = staff_client.get(USERS, query_string={"search": "ali"})

    assert shown(response, "username") == ["alice"]


def test_staff_flag_is_edited_and_the_password_hash_never_shown(app, staff_client, user):
    form = staff_client.get(f"{USERS}edit/", query_string={"id": user.id})

    staff_client.post(
        f"{USERS}edit/", query_string={"id": user.id}, data={"is_active": "y", "is_staff": "y"}
    )

    assert 'name="is_staff"' in form.text
    assert "password" not in form.text
    with app.app_context():
        assert db.session.get(User, user.id).is_staff


def test_csv_export_escapes_formula_looking_cells(staff_client, make_user, make_prediction):
    make_prediction(make_user("@SUM"))

    response = staff_client.get(f"{PREDICTIONS}export/csv/", query_string={"search": "@SUM"})

    rows = list(csv.reader(io.StringIO(response.text)))
    assert [row[1] for row in rows[1:]] == ["'@SUM"]


UPLOADS = "/admin/upload/"


@pytest.fixture
def two_uploads(app, user, make_user):
    rows = read_upload(b"sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n")
    bob = make_user("bob")
    with app.app_context():
        mine = services.upload_create(user=db.session.merge(user), file_name="mine.csv", rows=rows)
        theirs = services.upload_create(
            user=db.session.merge(bob), file_name="theirs.csv", rows=rows * 2
        )
        return mine.id, theirs.id


def test_staff_see_every_users_uploads_read_only(staff_client, two_uploads):
    mine, theirs = two_uploads

    response = staff_client.get(UPLOADS)

    assert response.status_code == 200
    assert shown(response) == [str(theirs), str(mine)]
    for text in ("alice", "bob", "mine.csv", "theirs.csv"):
        assert text in response.text
    created = staff_client.post(f"{UPLOADS}new/", data={"name": "x"})
    edited = staff_client.post(f"{UPLOADS}edit/", query_string={"id": mine}, data={"name": "x"})
    deleted = staff_client.post(f"{UPLOADS}delete/", data={"id": mine})
    assert {created.status_code, edited.status_code, deleted.status_code} == {302}
    assert "mine.csv" in staff_client.get(UPLOADS).text


@pytest.mark.parametrize(
    ("query", "expected"),
    [({"search": "bob"}, 1), ({"flt0_created_at_greater_than": "2000-01-01 00:00:00"}, 2)],
)
def test_uploads_are_searched_by_username_and_filtered_by_date(
    staff_client, two_uploads, query, expected
):
    response = staff_client.get(UPLOADS, query_string=query)

    assert len(shown(response)) == expected


LOGIN_FAILURES = "/admin/loginfailure/"


def test_staff_see_a_lockout_and_clear_it(app, staff_client):
    with app.app_context():
        for _ in range(FAILURE_LIMIT):
            services.login_failure_record(username="mallory", address="203.0.113.9")
        failure_id = db.session.scalar(select(LoginFailure.id))

    listed = staff_client.get(LOGIN_FAILURES)
    assert listed.status_code == 200
    assert "mallory" in listed.text

    staff_client.post(f"{LOGIN_FAILURES}delete/", data={"id": failure_id})
    with app.app_context():
        assert db.session.scalar(select(LoginFailure)) is None
