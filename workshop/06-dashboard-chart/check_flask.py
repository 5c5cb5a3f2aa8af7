"""Check of exercise 06 in Flask: a "Predictions per model version" chart on the dashboard."""

from __future__ import annotations

from workshop.support import SETOSA

from .shared_checks import chart_in, check_the_shared_chart


def test_the_chart_is_drawn_in_shared_model():
    check_the_shared_chart()


def test_dashboard_shows_the_predictions_per_model_version(flask_client_for, flask_user):
    from flask_app import services
    from flask_app.extensions import db

    alice = flask_user()
    for _ in range(3):
        current = services.prediction_create(user=alice, features=SETOSA)
    version = current.model_version
    current.model_version = "old-model"
    db.session.commit()
    page = flask_client_for(alice).get("/dashboard/").text
    chart = chart_in(page)
    assert version in chart and ">2<" in chart, "The current version: 2 predictions."
    assert "old-model" in chart and ">1<" in chart, "The old version: 1 prediction."
