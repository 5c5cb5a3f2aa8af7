"""`make serve-*`: nginx in front of gunicorn's workers, against slow and hostile clients.

Each app runs as `make serve-django` / `make serve-flask` / `make serve-fastapi` runs it (two
gunicorn workers behind nginx: sync ones, uvicorn's for FastAPI), on a SQLite database of its
own. Forty slow connections (headers sent a byte at a time; bodies shorter than their
Content-Length) stay open beside ordinary traffic, whose 99th percentile must stay under a
second: nginx, not a worker, waits for the slow ones. Oversized, truncated and malformed
requests get their 4xx and store nothing, and SIGTERM to make stops every process it started.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.contract.apps import app_params
from tests.contract.expect import api_error
from tools.harness.samples import PASSWORD
from tools.harness.servers import (
    APPS,
    REPO_ROOT,
    STARTUP_SECONDS,
    free_port,
    production_environment,
    tail,
)
from tools.harness.web import Api

SLOW_CONNECTIONS = 40
NORMAL_REQUESTS = 120
P99_BOUND_SECONDS = 1.0
SOCKET_TIMEOUT = 30


@dataclass
class Served:
    app: str
    port: int
    environment: dict[str, str]
    process: subprocess.Popen
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cli(self, *argv: str) -> subprocess.CompletedProcess:
        spec = APPS[self.app]
        return subprocess.run(
            spec.argv(*argv), cwd=REPO_ROOT, env=self.environment, capture_output=True, text=True
        )


def wait_until_healthy(served: Served) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS * 2
    while time.monotonic() < deadline:
        assert served.process.poll() is None, f"make exited:\n{tail(served.log_path)}"
        try:
            if requests.get(f"{served.base_url}/api/v1/health", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"make serve-{served.app} never got healthy:\n{tail(served.log_path)}")


@pytest.fixture(scope="module", params=app_params())
def served(request, tmp_path_factory) -> Iterator[Served]:
    app = request.param
    directory = tmp_path_factory.mktemp(f"serve-{app}")
    port = free_port()
    environment = production_environment(f"sqlite:///{directory / 'serve.sqlite3'}")
    environment.update(PORT=str(port), WEB_CONCURRENCY="2")
    log_path = directory / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            ["make", "--no-print-directory", f"serve-{app}"],
            cwd=REPO_ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    served = Served(app, port, environment, process, log_path)
    try:
        wait_until_healthy(served)
        yield served
    finally:
        with _suppress_lookup():
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class _suppress_lookup:
    def __enter__(self):
        return self

    def __exit__(self, kind, error, trace):
        return kind is ProcessLookupError


@pytest.fixture(scope="module")
def api(served) -> Api:
    username = f"serve_{served.app}"
    made = served.cli("create-user", username, "--password", PASSWORD)
    assert made.returncode == 0, made.stderr
    issued = served.cli("issue-token", username)
    assert issued.returncode == 0, issued.stderr
    return Api(served.base_url, issued.stdout.strip())


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=SOCKET_TIMEOUT)


def status_of(connection: socket.socket) -> int:
    """The status code of the answer on `connection`, or 0 if it closed without one."""
    received = b""
    while b"\r\n" not in received:
        chunk = connection.recv(4096)
        if not chunk:
            return 0
        received += chunk
    return int(received.split(b" ", 2)[1])


class SlowClients:
    """Connections that never finish their request: half send their headers a byte at a
    time, half declare a body longer than what they send. A closed one is opened again."""

    HEADERS = (
        b"POST /api/v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    )

    def __init__(self, port: int, count: int):
        self.port = port
        self.count = count
        self.opened = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run)

    def _open(self, dribbler: bool) -> tuple[socket.socket, int]:
        connection = connect(self.port)
        self.opened += 1
        if not dribbler:
            connection.sendall(self.HEADERS + b"Content-Length: 1000\r\n\r\n" + b'{"features"')
        return connection, 0

    def _run(self) -> None:
        slots = [(index % 2 == 0, *self._open(index % 2 == 0)) for index in range(self.count)]
        while not self._stop.is_set():
            for index, (dribbler, connection, sent) in enumerate(slots):
                if not dribbler:
                    continue
                try:
                    connection.sendall(self.HEADERS[sent % len(self.HEADERS)].to_bytes(1, "big"))
                    slots[index] = (dribbler, connection, sent + 1)
                except OSError:
                    connection.close()
                    slots[index] = (dribbler, *self._open(dribbler))
            self._stop.wait(0.2)
        for _, connection, _ in slots:
            connection.close()

    def __enter__(self) -> SlowClients:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def test_slow_clients_do_not_delay_normal_requests(served, api, setosa):
    assert api.predict({"features": setosa}).status_code == 200  # warm both paths up
    before = api.count()
    durations: list[float] = []
    with SlowClients(served.port, SLOW_CONNECTIONS) as slow:
        time.sleep(1)  # every slow connection is open and waiting
        for number in range(NORMAL_REQUESTS):
            started = time.monotonic()
            if number % 2:
                response = api.predict({"features": setosa})
            else:
                response = api.get("/api/v1/predictions")
            durations.append(time.monotonic() - started)
            assert response.status_code == 200, response.text[:300]
    assert slow.opened >= SLOW_CONNECTIONS
    p99 = statistics.quantiles(durations, n=100)[98]
    assert p99 < P99_BOUND_SECONDS, f"p99 {p99:.2f} s, max {max(durations):.2f} s"
    assert api.count() == before + NORMAL_REQUESTS // 2


def test_an_oversized_body_is_refused_before_it_is_read(served, api):
    before = api.count()
    declared = api.post(
        "/api/v1/predict",
        data=b"{" + b" " * (2 * 1024 * 1024) + b"}",
        headers={"Content-Type": "application/json"},
    )
    chunked = api.post(
        "/api/v1/predict",
        data=(b" " * 65536 for _ in range(32)),
        headers={"Content-Type": "application/json"},
    )

    api_error(declared, 413, "too_large")
    assert chunked.status_code == 413
    assert api.count() == before


def test_a_truncated_body_is_refused_and_stores_nothing(served, api, setosa):
    before = api.count()
    connection = connect(served.port)
    connection.sendall(
        b"POST /api/v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + f"Authorization: {api.headers['Authorization']}\r\n".encode()
        + b"Content-Type: application/json\r\nContent-Length: 200\r\n\r\n"
        + b'{"features": {"sepal_length": 5.1'
    )
    connection.shutdown(socket.SHUT_WR)

    status = status_of(connection)
    connection.close()
    assert status == 0 or 400 <= status < 500, status
    assert api.count() == before


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"HELLO\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n",
        b"POST /api/v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.1\r\n\r\n",
    ],
    ids=["no-request-line", "header-without-colon", "negative-length", "two-hosts"],
)
def test_a_malformed_request_gets_a_400(served, request_bytes):
    connection = connect(served.port)
    connection.sendall(request_bytes)

    status = status_of(connection)
    connection.close()
    assert status == 400


def test_invalid_json_through_the_proxy_is_refused_and_stores_nothing(served, api):
    before = api.count()

    api_error(api.predict_raw(b'{"features": {'), 400, "invalid_json")
    assert api.count() == before


def test_html_and_json_are_compressed(served, api):
    # The API docs: the page every app has.
    docs = served.base_url + "/api/v1/docs"
    page = requests.get(docs, headers={"Accept-Encoding": "gzip"}, timeout=30)
    card = api.get("/api/v1/model", headers={"Accept-Encoding": "gzip"})

    assert page.headers.get("Content-Encoding") == "gzip"
    assert card.headers.get("Content-Encoding") == "gzip"


def test_sigterm_to_make_stops_every_process_it_started(served):
    group = served.process.pid
    served.process.send_signal(signal.SIGTERM)
    served.process.wait(timeout=60)

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        pytest.fail(f"processes of make serve-{served.app} still run after SIGTERM")
    with pytest.raises(requests.ConnectionError):
        requests.get(served.base_url + "/api/v1/health", timeout=5)
