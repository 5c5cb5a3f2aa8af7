"""Fixtures for the contract suite: each app on each database, under gunicorn, over HTTP only.

The `server` fixture is parametrized over the apps and the databases (PostgreSQL when
TEST_POSTGRES_URL offers one), so every test runs against every combination, with ids such
as `django-sqlite`. The other fixtures have the same names and meaning whatever app answers:
`client` (an anonymous browser session; it replaces pytest-django's fixture of that name),
`auth` (sign up, log in, log out through the pages), `member` (a signed-in user with an API
token, shared by one module), `staff` (made with the app's `create-user --staff`).

Users are cheap but not free (each password is hashed with a slow KDF), so a test that only
needs someone signed in uses the module's `member`; a test that changes who is signed in, or
needs a clean history, signs up its own.
"""

from __future__ import annotations

import os

import pytest

from tools.harness import postgres
from tools.harness.samples import PASSWORD, SETOSA, unique_username
from tools.harness.servers import APPS, app_server, database_kinds
from tools.harness.web import Api, Auth, Client, Member

SERVERS = [(app, database) for app in APPS for database in database_kinds()]


@pytest.fixture(scope="session", params=SERVERS, ids=[f"{a}-{d}" for a, d in SERVERS])
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


@pytest.fixture(scope="module")
def member(sign_up):
    """A signed-in member with an API token from the token page, shared by one module."""
    member = sign_up()
    member.token = Auth(member.client).new_token()
    return member


@pytest.fixture(scope="module")
def token(member):
    return member.token


@pytest.fixture(scope="module")
def api(member):
    return member.api


@pytest.fixture(scope="module")
def other_member(sign_up):
    """A second signed-in member with a token, to check that users cannot see each other."""
    other = sign_up()
    other.token = Auth(other.client).new_token()
    return other


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
def busy_member(sign_up, setosa):
    """A member with one page and one more of predictions, made one request at a time."""
    busy = sign_up()
    busy.token = Auth(busy.client).new_token()
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
