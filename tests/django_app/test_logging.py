"""What the app logs: server errors with their tracebacks, not the 4xx answers it gives."""

from __future__ import annotations

import logging
from unittest import mock

import pytest
from django.test import Client

from tools.harness.samples import SETOSA

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_log():
    """The records `django.request` lets through, at the level the settings give it."""
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def test_a_non_staff_user_refused_by_the_admin_is_not_logged(client, user, request_log):
    client.force_login(user)

    assert client.get("/admin/").status_code == 403
    assert request_log == []


def test_an_invalid_form_is_not_logged(client, user, request_log):
    client.force_login(user)

    assert client.post("/predict/", {**SETOSA, "petal_width": "nan"}).status_code == 400
    assert request_log == []


def test_a_server_error_is_logged_with_its_traceback(user, request_log):
    client = Client(raise_request_exception=False)
    client.force_login(user)

    with mock.patch(
        "django_app.predictions.selectors.dashboard_stats", side_effect=RuntimeError("boom")
    ):
        assert client.get("/dashboard/").status_code == 500

    [record] = request_log
    assert record.levelno == logging.ERROR
    assert record.exc_info[1].args == ("boom",)
