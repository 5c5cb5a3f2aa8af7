"""The apps' commands, run against the same database as the server, judged over HTTP."""

from __future__ import annotations

import pytest

from shared_model.demo import DEMO_COUNT, DEMO_USERNAME
from tools.harness.web import Api, Auth, Client


def test_issue_token_prints_a_new_token_that_replaces_the_old(server, new_member):
    newcomer = new_member()
    old = newcomer.token

    issued = server.cli("issue-token", newcomer.username)

    assert issued.returncode == 0, issued.stderr
    [new] = issued.stdout.split()
    assert Api(server.base_url, new).get("/api/v1/predictions").status_code == 200
    assert Api(server.base_url, old).get("/api/v1/predictions").status_code == 401


@pytest.mark.pages
def test_create_user_makes_a_member_who_is_not_staff(server, new_username, password):
    username = new_username()

    made = server.cli("create-user", username, "--password", password)

    assert made.returncode == 0, made.stderr
    client = Client(server.base_url)
    assert Auth(client).login(username, password).status_code == 302
    assert client.get("/admin/").status_code == 403


@pytest.mark.pages
def test_create_user_refuses_a_duplicate_username(server, sign_up):
    existing = sign_up()

    made = server.cli("create-user", existing.username, "--password", "another-password-7")

    assert made.returncode != 0
    login = Auth(Client(server.base_url)).login(existing.username, existing.password)
    assert login.status_code == 302


def test_seed_demo_is_idempotent(server):
    first = server.cli("seed-demo")
    second = server.cli("seed-demo")

    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    issued = server.cli("issue-token", DEMO_USERNAME)
    assert Api(server.base_url, issued.stdout.strip()).count() == DEMO_COUNT
