"""The predictions app, and the moment the model is loaded: once, when Django starts.

Flask counterpart: flask_app/__init__.py (create_app loads the predictor).
"""

from __future__ import annotations

from django.apps import AppConfig


class PredictionsConfig(AppConfig):
    name = "django_app.predictions"
    label = "predictions"
    verbose_name = "Predictions"

    def ready(self) -> None:
        from shared_model.predictor import get_predictor

        # Loaded here, before any request, so a missing or corrupt artifact stops start-up
        # with ModelArtifactError's message (the file and the command that rebuilds it).
        get_predictor()
