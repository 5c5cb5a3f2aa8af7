"""Fixtures for the contract suite: each app on each database, under gunicorn, over HTTP only.

The `server` fixture is parametrized over the apps and the databases (PostgreSQL when
TEST_POSTGRES_URL offers one), so every test runs against every combination, with ids such
as `django-sqlite`. The other fixtures have the same names and meaning whatever app answers:
`client` (an anonymous browser session; it replaces pytest-django's fixture of that name),
`auth` (sign up, log in, log out through the pages), `member` (a user with an API token,
shared by one module), `staff` (made with the app's `create-user --staff`).

A test of pages, sessions, forms or the admin is marked `pages`; `pytest_collection_modifyitems`
deselects it for an app that has none (its parameter is marked `api_only`, see apps.py). The
one fixture that knows the difference is `new_member`: a member signs up and takes a token
through the pages where there are pages, and is made with `create-user` and `issue-token`
where there are none.

Users are cheap but not free (each password is hashed with a slow KDF), so a test that only
needs someone signed in uses the module's `member`; a test that changes who is signed in, or
needs a clean history, signs up its own.
"""

from __future__ import annotations

import os

import pytest

from tests.contract.apps import server_params
from tools.harness import postgres
from tools.harness.samples import PASSWORD, SETOSA, unique_username
from tools.harness.servers import app_server
from tools.harness.web import Api, Auth, Client, Member


def pytest_collection_modifyitems(config, items):
    """Deselect, not skip, the tests of pages that would run against an API-only app: they
    do not apply to it, and a skip would count them as something left undone."""
    kept, dropped = [], []
    for item in items:
        off = item.get_closest_marker("pages") and item.get_closest_marker("api_only")
        (dropped if off else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session", params=server_params())
def server(request, tmp_path_factory):
    app, database = request.param
    with app_server(app, database, tmp_path_factory.mktemp(f"{app}-{database}")) as running:
        yield running


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="module")
def cluster():
    """A PostgreSQL server of the module's own, which its tests may stop and start (see
    tools/harness/postgres.py). The suite's servers share TEST_POSTGRES_URL's server, which
    no test may stop. Without PostgreSQL's binaries: a skip, or in CI (`CI` set) a failure,
    since a fault test that silently skips proves nothing."""
    binaries = postgres.postgres_bin()
    if binaries is None:
        if in_ci():
            pytest.fail(f"CI must run the tests that stop PostgreSQL: {postgres.MISSING}")
        pytest.skip(postgres.MISSING)
    cluster = postgres.Cluster(binaries).create()
    yield cluster
    cluster.destroy()


@pytest.fixture(scope="session")
def new_username():
    """A factory of usernames that no test has used yet."""

    return unique_username


@pytest.fixture(scope="session")
def password():
    """The password every test user gets: strong enough for both apps' rules."""
    return PASSWORD


@pytest.fixture
def client(server):
    return Client(server.base_url)


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def anonymous_api(server):
    return Api(server.base_url)


@pytest.fixture(scope="session")
def sign_up(server, new_username):
    """A factory of new members, each signed up through the page and so signed in."""

    def make() -> Member:
        client = Client(server.base_url)
        username = new_username()
        response = Auth(client).signup(username, PASSWORD)
        assert response.status_code == 302, f"sign-up answered {response.status_code}"
        return Member(username, PASSWORD, client)

    return make


@pytest.fixture(scope="session")
def new_member(server, sign_up, new_username):
    """A factory of new members with an API token: signed up and given the token through
    the pages (and so signed in) in an app with pages; made with `create-user` and
    `issue-token` in an API-only app, whose `client` is then signed in nowhere."""

    def make() -> Member:
        if server.spec.pages:
            member = sign_up()
            member.token = Auth(member.client).new_token()
            return member
        username = new_username()
        made = server.cli("create-user", username, "--password", PASSWORD)
        assert made.returncode == 0, f"create-user failed:\n{made.stdout}\n{made.stderr}"
        issued = server.cli("issue-token", username)
        assert issued.returncode == 0, f"issue-token failed:\n{issued.stderr}"
        return Member(username, PASSWORD, Client(server.base_url), issued.stdout.strip())

    return make


@pytest.fixture(scope="module")
def member(new_member):
    """A member with an API token, shared by one module (signed in, where there are pages)."""
    return new_member()


@pytest.fixture(scope="module")
def token(member):
    return member.token


@pytest.fixture(scope="module")
def api(member):
    return member.api


@pytest.fixture(scope="module")
def other_member(new_member):
    """A second member with a token, to check that users cannot see each other."""
    return new_member()


@pytest.fixture(scope="session")
def staff(server, new_username):
    """A staff member made with the app's own `create-user --staff`, signed in."""
    username = new_username("staff")
    made = server.cli("create-user", username, "--password", PASSWORD, "--staff")
    assert made.returncode == 0, f"create-user --staff failed:\n{made.stdout}\n{made.stderr}"
    client = Client(server.base_url)
    response = Auth(client).login(username, PASSWORD)
    assert response.status_code == 302, f"staff login answered {response.status_code}"
    return Member(username, PASSWORD, client)


@pytest.fixture(scope="session")
def busy_member(new_member, setosa):
    """A member with one page and one more of predictions, made one request at a time."""
    busy = new_member()
    # One request each, so that every prediction is strictly newer than the one before.
    for _ in range(21):
        response = busy.api.predict({"features": setosa})
        assert response.status_code == 200, f"predict answered {response.status_code}"
        busy.predictions.append(response.json()["id"])
    return busy


@pytest.fixture(scope="session")
def setosa():
    return dict(SETOSA)


@pytest.fixture(scope="session")
def flowers(setosa):
    """One flower of each class, in the order of the classes."""
    return [
        setosa,
        {"sepal_length": 6.4, "sepal_width": 3.2, "petal_length": 4.5, "petal_width": 1.5},
        {"sepal_length": 6.3, "sepal_width": 3.3, "petal_length": 6.0, "petal_width": 2.5},
    ]


@pytest.fixture(scope="session")
def model_card(server):
    return Api(server.base_url).get("/api/v1/model").json()
