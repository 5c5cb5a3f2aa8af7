"""A database outage under load: 503 `unavailable` (never a 500), then service again.

Each app runs under gunicorn (two workers, as the README runs it) on a PostgreSQL server of
this module's own, which the test stops while writers keep sending singles and batches, and
starts again. The contract: every answer is a 200 or a 503 (JSON under /api/, the error page
elsewhere, admin included), health says 503 within 2 seconds, each failed request is logged
once in one line, the same server process serves again once the database is back, and the
stored rows are exactly the acknowledged ones (no batch half stored). The pages' part is a
test of its own, for the apps that have pages.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import Counter

import pytest
import requests

from shared_model.api.wire import UNAVAILABLE_LOG
from tests.contract.apps import app_params
from tests.contract.expect import api_error, is_html
from tools.harness.samples import PASSWORD, unique_username
from tools.harness.servers import APPS, start_server
from tools.harness.web import Api, Auth, Client

OUTAGE_LOG_MARK = UNAVAILABLE_LOG.split(":")[0]
HEALTH_BOUND_SECONDS = 2
WAIT_SECONDS = 60
BATCH_SIZE = 5


@pytest.fixture(params=app_params())
def server(request, cluster, tmp_path):
    """The app on a new database of the module's cluster (this replaces the suite's server)."""
    # Each test a database of its own: the module's tests share the cluster.
    url = cluster.create_database(f"outage_{request.param}_{secrets.token_hex(3)}")
    server = start_server(APPS[request.param], url, tmp_path, workers=2)
    yield server
    server.stop()


class Writers:
    """Threads that send predictions until stopped, counting statuses and acknowledged rows."""

    def __init__(self, api: Api, flower: dict, threads: int = 4):
        self.api = api
        self.flower = flower
        self.statuses: Counter[int] = Counter()
        self.acknowledged = 0
        self.wrong_answers: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._write, args=(n,)) for n in range(threads)]

    def _write(self, number: int) -> None:
        sent = number
        while not self._stop.is_set():
            sent += 1
            batch = sent % 3 == 0
            body = {"instances": [self.flower] * BATCH_SIZE} if batch else {"features": self.flower}
            try:
                response = self.api.predict(body)
            except requests.RequestException as error:
                with self._lock:
                    self.wrong_answers.append(f"no answer: {error}")
                continue
            with self._lock:
                self.statuses[response.status_code] += 1
                if response.status_code == 200:
                    self.acknowledged += BATCH_SIZE if batch else 1
                elif response.status_code == 503:
                    try:
                        api_error(response, 503, "unavailable")
                    except AssertionError as error:
                        self.wrong_answers.append(f"503 answer: {error}")
            time.sleep(0.01)

    def count(self, status: int) -> int:
        with self._lock:
            return self.statuses[status]

    def wait_for(self, status: int, more_than: int) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while self.count(status) <= more_than:
            assert time.monotonic() < deadline, f"no {status} answers: {dict(self.statuses)}"
            time.sleep(0.05)

    def __enter__(self) -> Writers:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()


def signed_in(server, *, staff: bool = False) -> Client:
    username = unique_username("staff" if staff else "user")
    client = Client(server.base_url)
    if staff:
        made = server.cli("create-user", username, "--password", PASSWORD, "--staff")
        assert made.returncode == 0, made.stderr
        assert Auth(client).login(username, PASSWORD).status_code == 302
    else:
        assert Auth(client).signup(username, PASSWORD).status_code == 302
    return client


def api_token(server) -> str:
    """A new user's token, from the app's commands (every app has them)."""
    username = unique_username("writer")
    made = server.cli("create-user", username, "--password", PASSWORD)
    assert made.returncode == 0, made.stderr
    issued = server.cli("issue-token", username)
    assert issued.returncode == 0, issued.stderr
    return issued.stdout.strip()


def health(server) -> tuple[requests.Response, float]:
    started = time.monotonic()
    response = requests.get(f"{server.base_url}/api/v1/health", timeout=10)
    return response, time.monotonic() - started


def assert_unavailable_page(response: requests.Response) -> None:
    assert response.status_code == 503, (response.status_code, response.text[:300])
    assert is_html(response)
    assert "temporarily unavailable" in response.text
    assert "Traceback" not in response.text


def wait_until_healthy(server) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while health(server)[0].status_code != 200:
        assert time.monotonic() < deadline, "health never came back"
        time.sleep(0.1)


def served_again(client: Client, path: str) -> int:
    """Wait until `path` answers 200 again; returns how many 503s came before."""
    deadline = time.monotonic() + WAIT_SECONDS
    unavailable = 0
    while (response := client.get(path)).status_code != 200:
        assert_unavailable_page(response)
        unavailable += 1
        assert time.monotonic() < deadline, f"{path} never served again"
        time.sleep(0.1)
    return unavailable


def outage_log_lines(server) -> list[str]:
    log = server.log_path.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log
    return [line for line in log.splitlines() if OUTAGE_LOG_MARK in line]


def test_outage_answers_503_then_serves_again_with_every_acknowledged_row(server, cluster, setosa):
    api = Api(server.base_url, api_token(server))
    gunicorn_pid = server.process.pid

    with Writers(api, setosa) as writers:
        writers.wait_for(200, more_than=20)
        cluster.stop()
        try:
            writers.wait_for(503, more_than=20)
            response, seconds = health(server)
            assert response.status_code == 503
            assert response.json()["database"] == "unavailable"
            assert seconds < HEALTH_BOUND_SECONDS, f"health took {seconds:.1f} s"
        finally:
            cluster.start()
        wait_until_healthy(server)
        served_before = writers.count(200)
        writers.wait_for(200, more_than=served_before + 20)

    assert not writers.wrong_answers, writers.wrong_answers[:5]
    assert set(writers.statuses) == {200, 503}, dict(writers.statuses)
    # The same gunicorn serves again: no restart was needed.
    assert server.process.poll() is None and server.process.pid == gunicorn_pid
    assert api.count() == writers.acknowledged
    assert len(outage_log_lines(server)) == writers.count(503)


@pytest.mark.pages
def test_pages_answer_503_during_an_outage_then_serve_again(server, cluster):
    member = signed_in(server)
    staff = signed_in(server, staff=True)
    visitor = Client(server.base_url)
    csrf_name, csrf_value = visitor.csrf_token("/accounts/login/")

    cluster.stop()
    try:
        for client, path in [(member, "/predictions/"), (staff, "/admin/")]:
            assert_unavailable_page(client.get(path))
        login = visitor.post(
            "/accounts/login/",
            data={csrf_name: csrf_value, "username": "someone", "password": PASSWORD},
        )
        assert_unavailable_page(login)
    finally:
        cluster.start()
    wait_until_healthy(server)
    # A worker whose connection died with the server fails the one request that meets it.
    recovering = served_again(member, "/predictions/") + served_again(staff, "/admin/")

    assert len(outage_log_lines(server)) == 3 + recovering
