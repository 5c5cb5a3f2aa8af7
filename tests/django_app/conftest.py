"""Fixtures for the Django app's tests, named as in the Flask tutorial's `flaskr` tests.

`client` is pytest-django's test client; `auth` logs it in and out through the real pages;
`runner` runs a management command and returns what it printed; `make_user` is a factory of
users, `user` and `staff` two ready-made ones; `token` is `user`'s API token.

Flask counterpart: tests/flask_app/conftest.py
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from django_app.predictions import services
from tools.harness.samples import PASSWORD, SETOSA


@pytest.fixture
def make_user(db):
    def make(username="alice", *, password=PASSWORD, is_staff=False):
        return services.user_create(username=username, password=password, is_staff=is_staff)

    return make


@pytest.fixture
def user(make_user):
    return make_user("alice")


@pytest.fixture
def staff(make_user):
    return make_user("sam", is_staff=True)


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, username="alice", password=PASSWORD, **query):
        return self._client.post(
            "/accounts/login/", {"username": username, "password": password}, query_params=query
        )

    def logout(self):
        return self._client.post("/accounts/logout/")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def runner():
    def run(*args):
        out = StringIO()
        call_command(*args, stdout=out, stderr=StringIO())
        return out.getvalue()

    return run


@pytest.fixture
def setosa():
    return dict(SETOSA)


@pytest.fixture
def token(user):
    return services.api_token_issue(user=user)


@pytest.fixture
def make_prediction(setosa):
    def make(user, **features):
        return services.prediction_create(user=user, features={**setosa, **features})

    return make
