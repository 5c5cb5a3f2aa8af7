"""The selectors: a user's own predictions and uploads, their history and its pages, the
service-wide dashboard numbers, and the reads of the users that Django's auth does itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, update

from flask_app import selectors, services
from flask_app.extensions import db
from flask_app.models import Prediction, User
from tools.harness.samples import upload_rows

pytestmark = pytest.mark.usefixtures("app_context")


def move(prediction, *, days_ago: float) -> None:
    moment = datetime.now(UTC) - timedelta(days=days_ago)
    db.session.execute(
        update(Prediction).where(Prediction.id == prediction.id).values(created_at=moment)
    )
    db.session.commit()


def test_a_users_prediction_is_found_by_its_id(user, make_prediction):
    prediction = make_prediction(user)

    found = selectors.prediction_get_for_user(user=user, prediction_id=prediction.id)

    assert found.id == prediction.id


def test_another_users_prediction_is_not_found(user, make_user, make_prediction):
    theirs = make_prediction(make_user("bob"))

    assert selectors.prediction_get_for_user(user=user, prediction_id=theirs.id) is None
    assert selectors.prediction_get_for_user(user=user, prediction_id=theirs.id + 1) is None


def test_a_users_upload_is_found_and_another_users_is_not(user, make_user):
    mine = services.upload_create(user=user, file_name="mine.csv", rows=upload_rows("5,3,1,0.2"))
    theirs = services.upload_create(
        user=make_user("bob"), file_name="theirs.csv", rows=upload_rows("5,3,1,0.2")
    )

    assert selectors.upload_get_for_user(user=user, upload_id=mine.id).id == mine.id
    assert selectors.upload_get_for_user(user=user, upload_id=theirs.id) is None


def test_a_user_is_found_by_username_in_its_exact_case(user):
    assert selectors.user_get_by_username(username="alice").id == user.id
    assert selectors.user_get_by_username(username="Alice") is None


def test_a_username_is_taken_in_any_case(user):
    assert selectors.username_taken(username="ALICE")
    assert not selectors.username_taken(username="bob")


def test_only_an_active_user_is_found_by_session_token(user):
    session_token = user.session_token

    assert selectors.user_get_by_session_token(session_token=session_token).id == user.id
    # One UPDATE, past the model: the session token stays, only the flag changes.
    db.session.execute(update(User).where(User.id == user.id).values(is_active=False))
    db.session.commit()
    assert selectors.user_get_by_session_token(session_token=session_token) is None


def test_history_holds_only_the_users_own_predictions_newest_first(
    user, make_user, make_prediction
):
    first = make_prediction(user)
    make_prediction(make_user("bob"))
    second = make_prediction(user)

    history = db.session.scalars(selectors.prediction_list_for_user(user=user)).all()

    assert [prediction.id for prediction in history] == [second.id, first.id]


@pytest.mark.parametrize(
    ("raw", "number"), [(None, 1), ("2", 2), ("99", 2), ("0", 2), ("-3", 2), ("two", 1)]
)
def test_history_page_number_is_read_as_django_get_page_reads_it(user, setosa, raw, number):
    services.prediction_batch_create(user=user, instances=[setosa] * 21)

    page = selectors.prediction_page_for_user(user=user, page=raw)

    assert page.page == number
    assert page.pages == 2
    assert len(page.items) == (20 if number == 1 else 1)


def test_empty_history_has_one_empty_page(user):
    page = selectors.prediction_page_for_user(user=user, page="5")

    assert page.page == 1 and page.items == []


def test_dashboard_counts_every_users_predictions_per_class(user, make_user, make_prediction):
    make_prediction(user)
    make_prediction(make_user("bob"))
    make_prediction(user, petal_length=6.0, petal_width=2.5, sepal_length=6.3)

    stats = selectors.dashboard_stats()

    assert stats.total == 3
    assert stats.per_class == {"setosa": 2, "versicolor": 0, "virginica": 1}


def test_dashboard_counts_per_day_over_the_last_30_days_with_empty_days(user, make_prediction):
    make_prediction(user)
    move(make_prediction(user), days_ago=3)
    move(make_prediction(user), days_ago=45)

    per_day = selectors.dashboard_stats().per_day

    assert len(per_day) == 30
    assert per_day[-1] == (datetime.now(UTC).date().isoformat(), 1)
    assert per_day[-4][1] == 1
    assert sum(count for _, count in per_day) == 2


def test_live_accuracy_is_the_share_of_feedback_that_agrees(user, make_prediction):
    for true_label in ("setosa", "setosa", "setosa", "virginica"):
        services.prediction_feedback_record(prediction=make_prediction(user), true_label=true_label)
    make_prediction(user)

    stats = selectors.dashboard_stats()

    assert stats.feedback_count == 4
    assert stats.live_accuracy == pytest.approx(0.75)


def test_live_accuracy_is_none_without_feedback(user, make_prediction):
    make_prediction(user)

    assert selectors.dashboard_stats().live_accuracy is None


def test_dashboard_numbers_take_three_queries(user, make_prediction):
    make_prediction(user)
    statements = []

    def listener(connection, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        selectors.dashboard_stats()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)

    assert len([statement for statement in statements if statement.startswith("SELECT")]) == 3
