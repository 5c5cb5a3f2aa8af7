"""Check of exercise 03 in Django: a "has warnings" filter in the predictions admin."""

from __future__ import annotations

import pytest

from workshop.support import SETOSA

LIST = "/admin/predictions/prediction/"
# Inside the valid range, outside what the model was trained on: stored with a warning.
ODD = {**SETOSA, "petal_width": 4.0}


@pytest.fixture
def two_predictions(django_user):
    from django_app.predictions import services

    alice = django_user("alice")
    plain = services.prediction_create(user=alice, features=SETOSA)
    odd = services.prediction_create(user=alice, features=ODD)
    assert odd.warnings and not plain.warnings
    return plain, odd


def _shown(client, value):
    response = client.get(LIST, {"has_warnings": value})
    assert response.status_code == 200, (
        f"{LIST}?has_warnings={value} answered {response.status_code}: the admin redirects "
        "(with ?e=1) when no filter takes the `has_warnings` parameter. Add a filter with "
        "that parameter name to PredictionAdmin.list_filter."
    )
    return [prediction.pk for prediction in response.context["cl"].result_list]


def test_filter_keeps_the_predictions_with_warnings(
    django_client_for, django_user, two_predictions
):
    plain, odd = two_predictions
    client = django_client_for(django_user("sam", is_staff=True))
    assert _shown(client, "yes") == [odd.pk], "has_warnings=yes keeps only the odd flower."
    assert _shown(client, "no") == [plain.pk], "has_warnings=no keeps only the plain flower."


def test_filter_is_offered_in_the_sidebar(django_client_for, django_user, two_predictions):
    client = django_client_for(django_user("sam", is_staff=True))
    page = client.get(LIST).content.decode()
    assert "?has_warnings=yes" in page, "The filter's choices should appear in the sidebar."
    assert "has warnings" in page.lower(), "Title the filter `has warnings`."
