"""Check of exercise 03 in Flask: a "Has warnings" filter in the predictions admin."""

from __future__ import annotations

import re

import pytest

from workshop.support import SETOSA

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


def _shown(client, value) -> list[int]:
    response = client.get(LIST, query_string={ARG: value})
    assert response.status_code == 200
    page = response.text
    assert "Has warnings" in page, (
        "PredictionAdmin.column_filters has no filter named `Has warnings` yet "
        "(with the operation `is`, its URL argument is `flt0_has_warnings_is`)."
    )
    return sorted({int(found) for found in re.findall(r"details/\?id=(\d+)", page)})


def test_filter_keeps_the_predictions_with_warnings(flask_client_for, flask_user, two_predictions):
    plain, odd = two_predictions
    client = flask_client_for(flask_user("sam", is_staff=True))
    assert _shown(client, "yes") == [odd], f"{ARG}=yes keeps only the odd flower."
    assert _shown(client, "no") == [plain], f"{ARG}=no keeps only the plain flower."
