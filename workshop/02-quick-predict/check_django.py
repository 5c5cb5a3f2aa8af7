"""Check of exercise 02 in Django: the quick-predict page, /predict/quick/."""

from __future__ import annotations

from shared_model.model.schema import FEATURES
from shared_model.model.validation import range_message
from workshop.support import SETOSA

URL = "/predict/quick/"
LINE = ", ".join(str(SETOSA[feature.name]) for feature in FEATURES)


def _count():
    from django_app.predictions.models import Prediction

    return Prediction.objects.count()


def _page(client, data=None):
    response = client.post(URL, data) if data is not None else client.get(URL)
    assert response.status_code != 404, (
        f"{URL} answers 404: add the page to django_app/predictions/urls.py with its view."
    )
    return response


def test_anonymous_visitor_is_sent_to_login(django_client_for):
    response = _page(django_client_for())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"], (
        "The page is for signed-in users only: an anonymous visitor goes to the login page."
    )


def test_page_shows_one_measurements_field(django_client_for, django_user):
    response = _page(django_client_for(django_user()))
    assert response.status_code == 200
    assert 'name="measurements"' in response.text, "The form needs one field named `measurements`."


def test_four_numbers_make_a_prediction(django_client_for, django_user):
    from django_app.predictions.models import Prediction

    response = _page(django_client_for(django_user()), {"measurements": LINE})
    assert response.status_code == 303, (
        f"A valid line should store a prediction and answer 303 (see other), "
        f"as /predict/ does; got {response.status_code}."
    )
    prediction = Prediction.objects.get()
    assert response["Location"] == f"/predictions/{prediction.pk}/"
    assert prediction.features == SETOSA, "The four numbers go to the four features, in order."


def test_not_four_numbers_is_refused_beside_the_field(django_client_for, django_user):
    client = django_client_for(django_user())
    for text in ["5.1, 3.5, 1.4", "5.1, 3.5, 1.4, 0.2, 7", "a, b, c, d", ""]:
        response = _page(client, {"measurements": text})
        assert response.status_code == 400, f"{text!r} should be refused with 400."
        assert 'id="measurements-error"' in response.text, (
            f"{text!r}: the error belongs beside the field (render it with _field.html)."
        )
        assert _count() == 0, f"{text!r} must not store anything."
    response = _page(client, {"measurements": "5.1, 3.5, 1.4"})
    assert "Enter four numbers separated by commas." in response.text


def test_a_value_out_of_range_gets_the_shared_message(django_client_for, django_user):
    response = _page(django_client_for(django_user()), {"measurements": "5.1, 3.5, 1.4, 99"})
    assert response.status_code == 400
    assert range_message(FEATURES[3]) in response.text, (
        "A number out of its range gets the same words as on /predict/ and in the API: "
        "use shared_model.model.validation, do not write the ranges again."
    )
    assert _count() == 0
