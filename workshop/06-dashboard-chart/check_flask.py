"""Check of exercise 06 in Flask: a "Predictions per model version" chart on the dashboard."""

from __future__ import annotations

from workshop.support import SETOSA

from .shared_checks import chart_in, check_the_counts, check_the_shared_chart


def test_the_chart_is_drawn_in_shared_model():
    check_the_shared_chart()


def test_dashboard_shows_every_users_predictions_per_model_version(flask_client_for, flask_user):
    from flask_app import services
    from flask_app.extensions import db

    alice, bob = flask_user("alice"), flask_user("bob")
    for user in (alice, alice, bob, bob):
        made = services.prediction_create(user=user, features=SETOSA)
    current = made.model_version
    made.model_version = "old-model"
    db.session.commit()
    page = flask_client_for(alice).get("/dashboard/").text
    check_the_counts(chart_in(page), current=current)
