"""The WSGI entry point of the web process: gunicorn and runserver both build it from here.

`gunicorn django_app.config.wsgi:application`; runserver finds it through WSGI_APPLICATION.

Flask counterpart: flask_app/wsgi.py
"""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

from shared_model.model.predictor import get_predictor
from shared_model.web.process import freeze_startup_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "django_app.config.settings")

application = get_wsgi_application()

# Once per web process, before any request: a missing or corrupt artifact stops start-up
# here with a ModelArtifactError that names the file and the command that rebuilds it.
# Management commands never import this module, so those that do not predict (migrate,
# create_user, ...) skip the seconds that importing scikit-learn takes.
get_predictor()
# Everything loaded by now lives as long as the process: out of the garbage collector's way.
freeze_startup_objects()
