"""Check of exercise 02 in Django: the quick-predict page, /predict/quick/."""

from __future__ import annotations

import pytest

from shared_model.model.schema import FEATURES
from shared_model.model.validation import range_message
from workshop.support import SETOSA, html, send_with_token, shown, submit

from .shared_checks import BAD_LINES, URL, check_the_page_names_itself, the_error

LINE = ", ".join(str(SETOSA[feature.name]) for feature in FEATURES)
MISSING = f"{URL} answers 404: add the page to django_app/predictions/urls.py with its view."


def _count():
    from django_app.predictions.models import Prediction

    return Prediction.objects.count()


def _signed_in(django_client_for, django_user):
    client = django_client_for(django_user())
    response = client.get(URL)
    assert response.status_code != 404, MISSING
    return client, response


def test_anonymous_visitor_is_sent_to_login(django_client_for):
    response = django_client_for().get(URL)
    assert response.status_code != 404, MISSING
    assert response.status_code == 302 and "/accounts/login/" in response.headers["Location"], (
        "The page is for signed-in users only (login_required): an anonymous visitor is "
        f"redirected to the login page; it answered {response.status_code}."
    )


def test_page_shows_one_measurements_field_and_names_itself(django_client_for, django_user):
    client, response = _signed_in(django_client_for, django_user)
    assert response.status_code == 200, f"GET {URL} answered {response.status_code}."
    assert 'name="measurements"' in response.text, "The form needs one field named `measurements`."
    check_the_page_names_itself(html(response), html(client.get("/predict/")))


def test_four_numbers_make_a_prediction(django_client_for, django_user):
    from django_app.predictions.models import Prediction

    client, _ = _signed_in(django_client_for, django_user)
    response = submit(client, URL, {"measurements": LINE})
    assert response.status_code == 303, (
        f"A valid line stores a prediction and answers 303 (see other), as /predict/ does; "
        f"it answered {response.status_code}."
    )
    prediction = Prediction.objects.get()
    assert response.headers["Location"] == f"/predictions/{prediction.pk}/", (
        f"The 303 leads to the prediction's page; it leads to {response.headers['Location']}."
    )
    assert prediction.features == SETOSA, (
        f"The four numbers go to the four features, in order: {LINE} was stored as "
        f"{shown(prediction.features)}."
    )


def test_not_four_numbers_is_refused_beside_the_field(django_client_for, django_user):
    client, _ = _signed_in(django_client_for, django_user)
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


def test_a_value_out_of_range_gets_the_shared_message(django_client_for, django_user):
    client, _ = _signed_in(django_client_for, django_user)
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


def test_other_methods_are_refused_with_405(django_client_for, django_user):
    client, _ = _signed_in(django_client_for, django_user)
    response = send_with_token(client, "PUT", URL)
    assert response.status_code == 405, (
        "The page takes GET and POST only: PUT answers 405 with an Allow header "
        f"(django.views.decorators.http); it answered {response.status_code}."
    )
    assert {"GET", "POST"} <= set(response.headers.get("Allow", "").replace(" ", "").split(",")), (
        f"The 405's Allow header names GET and POST; it is {response.headers.get('Allow')!r}."
    )
