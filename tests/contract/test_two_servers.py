"""Two servers of one app on one PostgreSQL database are one service.

Both run with the same SECRET_KEY and DATABASE_URL, as the README's production section says
to scale out: a session, a CSRF token, an API token and a login lockout made on one hold on
the other. A browser's cookies for 127.0.0.1 go to either port, as they would to either
server behind one proxy.
"""

from __future__ import annotations

import secrets

import pytest

from shared_model.web.throttling import FAILURE_LIMIT, LOCKED_OUT_MESSAGE
from tests.contract.apps import app_params
from tools.harness.samples import PASSWORD, unique_username
from tools.harness.servers import APPS, start_server
from tools.harness.web import Api, Auth, Client, find_form, html


@pytest.fixture(scope="module", params=app_params())
def servers(request, cluster, tmp_path_factory):
    url = cluster.create_database(f"two_{request.param}")
    shared = {"SECRET_KEY": secrets.token_urlsafe(50)}
    directory = tmp_path_factory.mktemp(f"two-{request.param}")
    first = start_server(APPS[request.param], url, directory, shared)
    try:
        second = start_server(APPS[request.param], url, directory, shared)
    except BaseException:
        first.stop()
        raise
    yield first, second
    first.stop()
    second.stop()


@pytest.fixture
def member(servers) -> Client:
    """Signed up on the first server."""
    client = Client(servers[0].base_url)
    assert Auth(client).signup(unique_username(), PASSWORD).status_code == 302
    return client


@pytest.mark.pages
def test_a_session_from_one_server_holds_on_the_other(servers, member):
    member.base_url = servers[1].base_url

    assert member.get("/predict/").status_code == 200


@pytest.mark.pages
def test_a_csrf_token_from_one_server_is_accepted_by_the_other(servers, member, setosa):
    form = find_form(html(member.get("/predict/")))
    fields = {
        hidden["name"]: hidden.get("value", "") for hidden in form.find_all("input", type="hidden")
    }
    member.base_url = servers[1].base_url

    response = member.post("/predict/", data={**fields, **setosa})

    assert response.status_code == 303, response.status_code


def test_an_api_token_from_one_server_works_on_the_other(servers):
    username = unique_username()
    assert servers[0].cli("create-user", username, "--password", PASSWORD).returncode == 0
    token = servers[0].cli("issue-token", username).stdout.strip()

    assert Api(servers[1].base_url, token).get("/api/v1/predictions").status_code == 200


@pytest.mark.pages
def test_a_lockout_on_one_server_holds_on_the_other(servers):
    username = unique_username()
    first, second = Client(servers[0].base_url), Client(servers[1].base_url)
    assert Auth(first).signup(username, PASSWORD).status_code == 302
    for _ in range(FAILURE_LIMIT):
        assert Auth(first).login(username, "not-the-password-1").status_code == 400

    response = Auth(second).login(username, PASSWORD)

    assert response.status_code == 429
    assert LOCKED_OUT_MESSAGE in response.text
