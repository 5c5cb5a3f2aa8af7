"""The commands: `python -m fastapi_app migrate | create-user | issue-token | seed-demo |
collect-static`, run in process with Typer's runner, and once for real."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from pwdlib import PasswordHash
from sqlalchemy import func, select

from fastapi_app import static_files
from fastapi_app.models import ApiToken, Prediction, User
from shared_model.demo import DEMO_COUNT, DEMO_USERNAME
from shared_model.web.settings import PROJECT_ROOT
from shared_model.web.tokens import TOKEN_PREFIX, hash_token
from tools.harness.samples import PASSWORD


def test_create_user_makes_a_user_with_a_hashed_password(runner, session):
    done = runner.invoke("create-user", "ada", "--password", PASSWORD)

    assert done.exit_code == 0, done.output
    assert "Created user ada." in done.output
    user = session.scalar(select(User).filter_by(username="ada"))
    assert not user.is_staff
    assert PASSWORD not in user.password_hash
    assert PasswordHash.recommended().verify(PASSWORD, user.password_hash)


def test_create_user_with_staff_makes_a_staff_user(runner, session):
    done = runner.invoke("create-user", "grace", "--password", PASSWORD, "--staff")

    assert done.exit_code == 0, done.output
    assert session.scalar(select(User.is_staff).filter_by(username="grace"))


def test_create_user_refuses_a_duplicate_username(runner, user):
    done = runner.invoke("create-user", user.username, "--password", "another-password-7")

    assert done.exit_code == 1
    assert "A user with that username already exists." in done.output


def test_create_user_applies_the_sign_up_password_rules(runner, session):
    done = runner.invoke("create-user", "ada", "--password", "12345678")

    assert done.exit_code == 1
    assert "This password is too common." in done.output
    assert session.scalar(select(func.count()).select_from(User)) == 0


def test_create_user_refuses_a_username_outside_django_s_rules(runner, session):
    done = runner.invoke("create-user", "ada lovelace", "--password", PASSWORD)

    assert done.exit_code == 1
    assert "Enter a valid username." in done.output
    assert session.scalar(select(func.count()).select_from(User)) == 0


def test_create_user_needs_a_password(runner):
    assert runner.invoke("create-user", "ada").exit_code == 2


def test_issue_token_prints_a_new_token_last_and_stores_only_its_hash(runner, session, user):
    done = runner.invoke("issue-token", user.username)

    assert done.exit_code == 0, done.output
    token = done.output.split()[-1]
    assert token.startswith(TOKEN_PREFIX)
    stored = session.scalar(select(ApiToken).filter_by(user_id=user.id))
    assert stored.key_hash == hash_token(token)


def test_issue_token_replaces_the_old_token(runner, session, user, token):
    new = runner.invoke("issue-token", user.username).output.split()[-1]

    hashes = session.scalars(select(ApiToken.key_hash).filter_by(user_id=user.id)).all()
    assert hashes == [hash_token(new)]
    assert hash_token(token) not in hashes


def test_issue_token_for_an_unknown_user_fails(runner):
    done = runner.invoke("issue-token", "nobody")

    assert done.exit_code == 1
    assert "No user named 'nobody'." in done.output


def test_seed_demo_is_idempotent(runner, session):
    first = runner.invoke("seed-demo")
    second = runner.invoke("seed-demo")

    assert first.exit_code == second.exit_code == 0
    assert f"Added {DEMO_COUNT} demo predictions." in first.output
    assert "nothing added" in second.output
    demo = session.scalar(select(User).filter_by(username=DEMO_USERNAME))
    assert demo.is_staff
    count = select(func.count()).select_from(Prediction).filter_by(user_id=demo.id)
    assert session.scalar(count) == DEMO_COUNT
    with_feedback = count.where(Prediction.true_label.is_not(None))
    assert 0 < session.scalar(with_feedback) < DEMO_COUNT


def test_collect_static_writes_hashed_compressed_files_and_a_manifest(tmp_path):
    count = static_files.collect(tmp_path)

    paths = json.loads((tmp_path / static_files.MANIFEST).read_text("utf-8"))["paths"]
    assert count == len(paths) and "iris/site.css" in paths
    hashed = tmp_path / paths["iris/site.css"]
    assert hashed.read_bytes() == (tmp_path / "iris" / "site.css").read_bytes()
    assert hashed.with_name(hashed.name + ".gz").exists()
    assert hashed.with_name(hashed.name + ".br").exists()


def test_the_commands_run_as_python_m_fastapi_app(migrated_database_url):
    environment = {
        **os.environ,
        "DATABASE_URL": migrated_database_url,
        "PYTHONPATH": str(PROJECT_ROOT),
    }

    done = subprocess.run(
        [sys.executable, "-m", "fastapi_app", "--help"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=PROJECT_ROOT,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    for command in ("migrate", "create-user", "issue-token", "seed-demo", "collect-static"):
        assert command in done.stdout
