"""The management commands: create_user, issue_token, seed_demo, run in-process: what they store and
refuse. The contract suite runs them against a live server of each app.

Counterpart: tests/flask_app/test_commands.py
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from tools.harness.samples import PASSWORD

pytestmark = pytest.mark.django_db


def test_create_user_with_staff_makes_a_data_admin(runner):
    runner("create_user", "sam", "--password", PASSWORD, "--staff")

    sam = get_user_model().objects.get(username="sam")
    assert sam.is_staff
    assert sam.has_perms(["predictions.view_prediction", "auth.view_user", "auth.change_user"])


def test_create_user_needs_a_password(runner):
    with pytest.raises(CommandError, match="--password"):
        runner("create_user", "alice")


def test_issue_token_for_an_unknown_user_fails(runner):
    with pytest.raises(CommandError, match="No user named"):
        runner("issue_token", "nobody")


@pytest.mark.parametrize(
    ("weak_password", "message"),
    [("Ab3$xyz", "too short"), ("48213975301", "entirely numeric"), ("alice-smith", "similar")],
    ids=["too-short", "numeric", "like-the-username"],
)
def test_create_user_refuses_a_weak_password_and_creates_nobody(runner, weak_password, message):
    with pytest.raises(CommandError, match=message):
        runner("create_user", "alice-smith", "--password", weak_password)

    assert not get_user_model().objects.exists()
