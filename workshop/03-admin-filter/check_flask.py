"""Check of exercise 03 in Flask: a "Has warnings" filter in the predictions admin."""

from __future__ import annotations

import json
import re

import pytest

from workshop.support import SETOSA, load_exercise_module

portability = load_exercise_module(__file__, "portability")

LIST = "/admin/prediction/"
ARG = "flt0_has_warnings_is"
# Inside the valid range, outside what the model was trained on: stored with a warning.
ODD = {**SETOSA, "petal_width": 4.0}


@pytest.fixture
def two_predictions(flask_user):
    from flask_app import services

    alice = flask_user("alice")
    plain = services.prediction_create(user=alice, features=SETOSA)
    odd = services.prediction_create(user=alice, features=ODD)
    assert odd.warnings and not plain.warnings
    return plain.id, odd.id


@pytest.fixture
def staff(flask_client_for, flask_user):
    return flask_client_for(flask_user("sam", is_staff=True))


def _filtered(client, value) -> str:
    response = client.get(LIST, query_string={ARG: value})
    assert response.status_code == 200, f"{LIST}?{ARG}={value} answered {response.status_code}."
    page = response.text
    assert "Has warnings" in page, (
        "PredictionAdmin.column_filters has no filter named `Has warnings` yet "
        f"(with the operation `is`, its URL argument is `{ARG}`)."
    )
    return page


def _shown(client, value) -> list[int]:
    page = _filtered(client, value)
    return sorted({int(found) for found in re.findall(r"details/\?id=(\d+)", page)})


def test_filter_keeps_the_predictions_with_warnings(staff, two_predictions):
    plain, odd = two_predictions
    shown = _shown(staff, "yes")
    assert shown == [odd], (
        f"{ARG}=yes keeps only the prediction with a warning (#{odd}); the list shows {shown}."
    )
    shown = _shown(staff, "no")
    assert shown == [plain], (
        f"{ARG}=no keeps only the prediction without warnings (#{plain}); the list shows {shown}."
    )


def test_filter_offers_yes_and_no(staff, two_predictions):
    page = staff.get(LIST).text
    # Flask-Admin lists its filters as JSON in the page, for the filter form's script.
    found = re.search(r'"Has warnings": ', page)
    filters = json.JSONDecoder().raw_decode(page, found.end())[0] if found else []
    offered = {(f["arg"], f["operation"], tuple(v for v, _ in f["options"])) for f in filters}
    assert ("has_warnings_is", "is", ("yes", "no")) in offered, (
        "The filter `Has warnings` has the operation `is` and the options yes and no "
        f'(options=[("yes", ...), ("no", ...)]); the admin offers {offered or "none"}.'
    )


def test_filter_works_on_postgresql_too(staff, two_predictions):
    from sqlalchemy import event
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.orm import Session

    statements = []

    def capture(state):
        statements.append(state.statement)

    event.listen(Session, "do_orm_execute", capture)
    try:
        _filtered(staff, "yes")
    finally:
        event.remove(Session, "do_orm_execute", capture)
    found = sorted(
        {
            problem
            for statement in statements
            for problem in portability.problems(
                str(statement.compile(dialect=postgresql.dialect())),
                column="prediction.warnings",
                stored_as="json",
            )
        }
    )
    assert not found, (
        f"The filter works on SQLite only: {'; '.join(found)}. Use a SQL function both "
        "databases have for a JSON list (sqlalchemy.func calls one by name)."
    )
