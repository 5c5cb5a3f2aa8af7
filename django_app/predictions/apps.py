"""The predictions app. The model is not loaded here: `ready()` runs for every management
command too, and most of them (migrate, create_user, issue_token, ...) never predict; the web
process loads it in django_app/config/wsgi.py.

Flask counterpart: flask_app/__init__.py (create_app, which does not load the model either;
the web process loads it in flask_app/wsgi.py).
"""

from __future__ import annotations

from django.apps import AppConfig


class PredictionsConfig(AppConfig):
    name = "django_app.predictions"
    label = "predictions"
    verbose_name = "Predictions"
