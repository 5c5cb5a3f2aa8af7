"""Check of exercise 06 in Django: a "Predictions per model version" chart on the dashboard."""

from __future__ import annotations

from workshop.support import SETOSA

from .shared_checks import chart_in, check_the_shared_chart


def test_the_chart_is_drawn_in_shared_model():
    check_the_shared_chart()


def test_dashboard_shows_the_predictions_per_model_version(django_client_for, django_user):
    from django_app.predictions import services
    from django_app.predictions.models import Prediction

    alice = django_user()
    for _ in range(3):
        current = services.prediction_create(user=alice, features=SETOSA)
    Prediction.objects.filter(pk=current.pk).update(model_version="old-model")
    page = django_client_for(alice).get("/dashboard/").content.decode()
    chart = chart_in(page)
    assert current.model_version in chart and ">2<" in chart, "The current version: 2 predictions."
    assert "old-model" in chart and ">1<" in chart, "The old version: 1 prediction."
