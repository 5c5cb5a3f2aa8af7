"""The management commands: create_user, issue_token, seed_demo."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from django_app.predictions import services
from django_app.predictions.models import Prediction
from shared_model.demo import DEMO_COUNT, DEMO_USERNAME
from tests.support.samples import PASSWORD

pytestmark = pytest.mark.django_db


def test_create_user_makes_a_member(runner):
    output = runner("create_user", "alice", "--password", PASSWORD)

    user = get_user_model().objects.get(username="alice")
    assert "Created user alice." in output
    assert user.check_password(PASSWORD)
    assert not user.is_staff


def test_create_user_with_staff_makes_a_data_admin(runner):
    runner("create_user", "sam", "--password", PASSWORD, "--staff")

    sam = get_user_model().objects.get(username="sam")
    assert sam.is_staff
    assert sam.has_perms(["predictions.view_prediction", "auth.view_user", "auth.change_user"])


def test_create_user_refuses_a_duplicate_username(runner, user):
    with pytest.raises(CommandError, match="already exists"):
        runner("create_user", user.username, "--password", "another-password-7")


def test_create_user_needs_a_password(runner):
    with pytest.raises(CommandError, match="--password"):
        runner("create_user", "alice")


def test_issue_token_prints_only_a_working_token(runner, user):
    output = runner("issue_token", "alice")

    token = output.strip()
    assert output == token + "\n"
    assert services.api_token_authenticate(token=token) == user


def test_issue_token_for_an_unknown_user_fails(runner):
    with pytest.raises(CommandError, match="No user named"):
        runner("issue_token", "nobody")


def test_seed_demo_twice_seeds_once(runner):
    first = runner("seed_demo")
    second = runner("seed_demo")

    assert f"Added {DEMO_COUNT} demo predictions." in first
    assert "nothing added" in second
    assert Prediction.objects.filter(user__username=DEMO_USERNAME).count() == DEMO_COUNT


@pytest.mark.parametrize(
    ("weak_password", "message"),
    [("Ab3$xyz", "too short"), ("48213975301", "entirely numeric"), ("alice-smith", "similar")],
    ids=["too-short", "numeric", "like-the-username"],
)
def test_create_user_refuses_a_weak_password_and_creates_nobody(runner, weak_password, message):
    with pytest.raises(CommandError, match=message):
        runner("create_user", "alice-smith", "--password", weak_password)

    assert not get_user_model().objects.exists()
