"""The Flask configuration, read from the environment when an app is created.

DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS and HTTPS mean what they mean to the Django
app, and are parsed by the same `shared_model.web.settings`. The defaults are safe: DEBUG off,
and `create_app` refuses to start without a SECRET_KEY unless DEBUG is on.

Django counterpart: django_app/config/settings.py
"""

from __future__ import annotations

from shared_model.api.wire import MAX_BODY_BYTES
from shared_model.web.engines import engine_options, sqlalchemy_url
from shared_model.web.settings import (
    database_url,
    env_flag,
    env_list,
    proxy_count,
    secret_key,
)
from shared_model.web.static_assets import COLLECTED_DIR


class Config:
    """Settings from the environment, read when the object is made (not at import time)."""

    def __init__(self) -> None:
        self.DEBUG = env_flag("DEBUG")
        self.SECRET_KEY = secret_key(debug=self.DEBUG)
        hosts = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
        # Flask's name for Django's ALLOWED_HOSTS: any other Host header gets a 400.
        self.TRUSTED_HOSTS = None if "*" in hosts else hosts
        self.HTTPS = env_flag("HTTPS")
        self.PROXY_COUNT = proxy_count()
        self.SESSION_COOKIE_SECURE = self.HTTPS
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.MAX_CONTENT_LENGTH = MAX_BODY_BYTES
        # No route answers OPTIONS by itself, as in the Django app, whose views refuse it
        # like any method they do not take: the service serves no CORS preflight.
        self.PROVIDE_AUTOMATIC_OPTIONS = False
        self.SQLALCHEMY_DATABASE_URI = sqlalchemy_url(database_url("flask"))
        self.SQLALCHEMY_ENGINE_OPTIONS = engine_options(self.SQLALCHEMY_DATABASE_URI)
        # With DEBUG off, static URLs carry a content hash and WhiteNoise serves the files
        # that `collect-static` wrote here (flask_app/static_files.py); with DEBUG on, Flask
        # serves the source files.
        self.STATIC_HASHED_URLS = not self.DEBUG
        self.STATIC_ROOT = COLLECTED_DIR / "flask"
        # A form's CSRF token lives as long as the session, as Django's does.
        self.WTF_CSRF_TIME_LIMIT = None
