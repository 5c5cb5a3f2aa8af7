"""The CLI commands: create-user, issue-token, seed-demo."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from flask_app import services
from flask_app.extensions import db
from flask_app.models import Prediction, User
from shared_model.demo import DEMO_COUNT, DEMO_USERNAME
from tests.support.samples import PASSWORD


def test_create_user_makes_a_member(app, runner):
    result = runner.invoke(args=["create-user", "alice", "--password", PASSWORD])

    assert result.exit_code == 0
    assert "Created user alice." in result.output
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(username="alice"))
        assert user.check_password(PASSWORD)
        assert not user.is_staff


def test_create_user_with_staff_makes_a_data_admin(app, runner):
    result = runner.invoke(args=["create-user", "sam", "--password", PASSWORD, "--staff"])

    assert "Created staff user sam." in result.output
    with app.app_context():
        assert db.session.scalar(select(User).filter_by(username="sam")).is_staff


def test_create_user_refuses_a_duplicate_username(runner, user):
    result = runner.invoke(args=["create-user", "alice", "--password", "another-password-7"])

    assert result.exit_code == 1
    assert "Error: A user with that username already exists." in result.output


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


def test_issue_token_prints_only_a_working_token(app, runner, user):
    result = runner.invoke(args=["issue-token", "alice"])

    token = result.output.strip()
    assert result.output == token + "\n"
    with app.app_context():
        assert services.api_token_authenticate(token=token).id == user.id


def test_issue_token_for_an_unknown_user_fails(runner):
    result = runner.invoke(args=["issue-token", "nobody"])

    assert result.exit_code == 1
    assert "No user named 'nobody'." in result.output


def test_seed_demo_twice_seeds_once(app, runner):
    first = runner.invoke(args=["seed-demo"]).output
    second = runner.invoke(args=["seed-demo"]).output

    assert f"Added {DEMO_COUNT} demo predictions." in first
    assert "nothing added" in second
    with app.app_context():
        demo_predictions = (
            select(func.count())
            .select_from(Prediction)
            .join(Prediction.user)
            .where(User.username == DEMO_USERNAME)
        )
        assert db.session.scalar(demo_predictions) == DEMO_COUNT
