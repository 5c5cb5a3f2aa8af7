"""The WSGI entry point: `gunicorn django_app.config.wsgi:application`.

Flask counterpart: `gunicorn 'flask_app:create_app()'` (the application factory).
"""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "django_app.config.settings")

application = get_wsgi_application()
