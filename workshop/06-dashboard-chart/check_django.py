"""Check of exercise 06 in Django: a "Predictions per model version" chart on the dashboard."""

from __future__ import annotations

from workshop.support import SETOSA

from .shared_checks import chart_in, check_the_counts, check_the_shared_chart


def test_the_chart_is_drawn_in_shared_model():
    check_the_shared_chart()


def test_dashboard_shows_every_users_predictions_per_model_version(django_client_for, django_user):
    from django_app.predictions import services
    from django_app.predictions.models import Prediction

    alice, bob = django_user("alice"), django_user("bob")
    for user in (alice, alice, bob, bob):
        made = services.prediction_create(user=user, features=SETOSA)
    Prediction.objects.filter(pk=made.pk).update(model_version="old-model")
    page = django_client_for(alice).get("/dashboard/").text
    check_the_counts(chart_in(page), current=made.model_version)
