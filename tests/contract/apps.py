"""The apps the contract runs against, as pytest parameters.

An API-only app's parameter carries the `api_only` mark; the hook in conftest.py deselects
its tests marked `pages` (pages, sessions, forms, the admin), so that no test of the suite
asks which framework answers.
"""

from __future__ import annotations

import pytest

from tools.harness.servers import APPS, database_kinds

API_ONLY = pytest.mark.api_only


def app_params() -> list:
    """One parameter per app: its name."""
    return [
        pytest.param(name, id=name, marks=() if spec.pages else API_ONLY)
        for name, spec in APPS.items()
    ]


def server_params() -> list:
    """One parameter per app and database: (app, database), with ids such as `flask-sqlite`."""
    return [
        pytest.param((app.values[0], database), id=f"{app.id}-{database}", marks=app.marks)
        for app in app_params()
        for database in database_kinds()
    ]
