"""The WSGI entry point of the web process: gunicorn and `flask run` both serve this app.

`gunicorn flask_app.wsgi:app`; `flask --app flask_app.wsgi run`. The other commands build
their app with the factory alone (`flask --app flask_app db upgrade`, ...) and never import
this module.

Django counterpart: django_app/config/wsgi.py
"""

from __future__ import annotations

from shared_model.web.process import freeze_startup_objects

from . import create_app
from .extensions import get_predictor

app = create_app()

# Once per web process, before any request: a missing or corrupt artifact stops start-up
# here with a ModelArtifactError that names the file and the command that rebuilds it.
# The commands skip the seconds that importing scikit-learn takes; one that predicts
# (seed-demo) loads the model on first use.
with app.app_context():
    get_predictor()
# Everything loaded by now lives as long as the process: out of the garbage collector's way.
freeze_startup_objects()
