"""The CLI commands: create-user, issue-token, seed-demo, run in-process: what they store and
refuse. The contract suite runs them against a live server of each app.

Counterpart: tests/django_app/test_commands.py
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from flask_app.extensions import db
from flask_app.models import User
from tools.harness.samples import PASSWORD


def test_create_user_with_staff_makes_a_data_admin(app, runner):
    result = runner.invoke(args=["create-user", "sam", "--password", PASSWORD, "--staff"])

    assert "Created staff user sam." in result.output
    with app.app_context():
        assert db.session.scalar(select(User).filter_by(username="sam")).is_staff


def test_create_user_refuses_an_invalid_username(runner):
    result = runner.invoke(args=["create-user", "no spaces", "--password", PASSWORD])

    assert result.exit_code == 1
    assert "Enter a valid username" in result.output


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab3$xyz", "This password is too short. It must contain at least 8 characters."),
        ("48213975301", "This password is entirely numeric."),
        ("alice1234", "The password is too similar to the username."),
        ("password123", "This password is too common."),
    ],
)
def test_create_user_refuses_a_password_sign_up_would_refuse(app, runner, password, message):
    result = runner.invoke(args=["create-user", "alice", "--password", password])

    assert result.exit_code == 1
    assert message in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_create_user_needs_a_password(runner):
    result = runner.invoke(args=["create-user", "alice"])

    assert result.exit_code != 0
    assert "--password" in result.output


def test_issue_token_for_an_unknown_user_fails(runner):
    result = runner.invoke(args=["issue-token", "nobody"])

    assert result.exit_code == 1
    assert "No user named 'nobody'." in result.output
