"""The committed migrations match the models."""

from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_migrations_are_in_sync_with_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
