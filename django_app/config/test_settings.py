"""Settings for the test run: the production settings with a test key and a fast hasher.

pytest uses this module (DJANGO_SETTINGS_MODULE in pyproject.toml). The secret is only a
default, so a test run that sets SECRET_KEY keeps it.
"""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-for-the-django-test-suite-0123456789")

from .settings import *  # noqa: F403

# PBKDF2 is slow by design; the tests hash hundreds of passwords.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The Django test client renders pages without a collectstatic first: plain static names,
# found where they are. The contract suite checks the hashed ones under gunicorn.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
