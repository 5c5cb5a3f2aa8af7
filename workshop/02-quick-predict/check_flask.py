"""Check of exercise 02 in Flask: the quick-predict page, /predict/quick/."""

from __future__ import annotations

import pytest

from shared_model.model.schema import FEATURES
from shared_model.model.validation import range_message
from workshop.support import SETOSA, html, send_with_token, shown, submit

from .shared_checks import BAD_LINES, URL, check_the_page_names_itself, the_error

LINE = ", ".join(str(SETOSA[feature.name]) for feature in FEATURES)
MISSING = f"{URL} answers 404: add the page to a blueprint in flask_app/views.py."


def _count():
    from sqlalchemy import func, select

    from flask_app.extensions import db
    from flask_app.models import Prediction

    return db.session.scalar(select(func.count()).select_from(Prediction))


def _signed_in(flask_client_for, flask_user):
    client = flask_client_for(flask_user())
    response = client.get(URL)
    assert response.status_code != 404, MISSING
    return client, response


def test_anonymous_visitor_is_sent_to_login(flask_client_for):
    response = flask_client_for().get(URL)
    assert response.status_code != 404, MISSING
    assert response.status_code == 302 and "/accounts/login/" in response.headers["Location"], (
        "The page is for signed-in users only (Flask-Login's login_required): an anonymous "
        f"visitor is redirected to the login page; it answered {response.status_code}."
    )


def test_page_shows_one_measurements_field_and_names_itself(flask_client_for, flask_user):
    client, response = _signed_in(flask_client_for, flask_user)
    assert response.status_code == 200, f"GET {URL} answered {response.status_code}."
    assert 'name="measurements"' in response.text, "The form needs one field named `measurements`."
    check_the_page_names_itself(html(response), html(client.get("/predict/")))


def test_four_numbers_make_a_prediction(flask_client_for, flask_user):
    from sqlalchemy import select

    from flask_app.extensions import db
    from flask_app.models import Prediction

    client, _ = _signed_in(flask_client_for, flask_user)
    response = submit(client, URL, {"measurements": LINE})
    assert response.status_code == 303, (
        f"A valid line stores a prediction and answers 303 (see other), as /predict/ does; "
        f"it answered {response.status_code}."
    )
    prediction = db.session.scalars(select(Prediction)).one()
    assert response.headers["Location"] == f"/predictions/{prediction.id}/", (
        f"The 303 leads to the prediction's page; it leads to {response.headers['Location']}."
    )
    assert prediction.features == SETOSA, (
        f"The four numbers go to the four features, in order: {LINE} was stored as "
        f"{shown(prediction.features)}."
    )


def test_not_four_numbers_is_refused_beside_the_field(flask_client_for, flask_user):
    client, _ = _signed_in(flask_client_for, flask_user)
    for text, expected in BAD_LINES:
        response = submit(client, URL, {"measurements": text})
        assert response.status_code == 400, (
            f"{text!r} is refused with 400; it answered {response.status_code}."
        )
        assert _count() == 0, f"{text!r} must not store anything."
        error = the_error(response)
        assert expected is None or error == expected, (
            f"{text!r}: beside the field, `{expected}`; it says {shown(error)}."
        )


def test_a_value_out_of_range_gets_the_shared_message(flask_client_for, flask_user):
    client, _ = _signed_in(flask_client_for, flask_user)
    try:
        response = submit(client, URL, {"measurements": "5.1, 3.5, 1.4, 99"})
    except Exception as error:  # the form let it through, and the service refused it
        pytest.fail(
            f"A petal width of 99 got past the form to prediction_create, which raised "
            f"{type(error).__name__}: check each number in the form with parse_form_number "
            "(shared_model.model.validation) and answer 400."
        )
    assert response.status_code == 400, f"A petal width of 99 is a 400; got {response.status_code}."
    error = the_error(response)
    assert range_message(FEATURES[3]) in error, (
        f"A number out of its range gets the same words as on /predict/ and in the API "
        f"({range_message(FEATURES[3])!r}, from shared_model.model.validation); it says "
        f"{shown(error)}."
    )
    assert _count() == 0, "A refused line stores nothing."


def test_other_methods_are_refused_with_405(flask_client_for, flask_user):
    client, _ = _signed_in(flask_client_for, flask_user)
    response = send_with_token(client, "PUT", URL)
    assert response.status_code == 405, (
        "The page takes GET and POST only: PUT answers 405 with an Allow header (the "
        f"route's `methods`); it answered {response.status_code}."
    )
    assert {"GET", "POST"} <= set(response.headers.get("Allow", "").replace(" ", "").split(",")), (
        f"The 405's Allow header names GET and POST; it is {response.headers.get('Allow')!r}."
    )
