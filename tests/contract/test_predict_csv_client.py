"""examples/predict_csv.py against a live app: chunks, columns, errors with line numbers,
retries that store nothing twice, resuming a stopped run, workers and progress.

Some tests put `Proxy`, a small HTTP proxy, between the client and a server: it can lose
an answer (forward the request, then close the client's connection instead of answering),
hold a request back, or find no server behind it (502, as nginx answers).
"""

from __future__ import annotations

import csv
import os
import pty
import re
import shlex
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from shared_model.model.schema import FEATURE_NAMES
from shared_model.pages.csv_io import RESULT_COLUMNS, SAMPLE_FLOWERS, sample_csv
from tests.contract.test_uploads import upload
from tools.harness.servers import start_server

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "predict_csv.py"
HEADER = ",".join(FEATURE_NAMES)
SUMMARY = re.compile(r"^[\d,]+ rows in \d+(m\d\d)?s \([\d,]+ rows/s\), \d+ requests? retried$")
# Headers that belong to one connection, not to the request or answer the proxy passes on.
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "host", "content-length"}


def run(
    server, token: str | None, *args: str, url: str | None = None
) -> subprocess.CompletedProcess:
    env = {**os.environ, "IRIS_TOKEN": token or ""}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, "--url", url or server.base_url],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def flowers_file(path: Path, rows: int) -> Path:
    flowers = [",".join(map(str, SAMPLE_FLOWERS[i % 10])) for i in range(rows)]
    path.write_text("\n".join([HEADER, *flowers]) + "\n", encoding="utf-8")
    return path


class Proxy:
    """Forwards each request to `backend`, a base URL the test may change meanwhile."""

    def __init__(self, backend: str):
        self.backend = backend
        self.answers_to_lose = 0
        self.lost = 0
        self.answered = 0
        # A request whose body holds these bytes waits this long before it is forwarded.
        self.hold = (b"", 0.0)
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                proxy.forward(self)

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_port}"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def forward(self, handler: BaseHTTPRequestHandler) -> None:
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        marker, seconds = self.hold
        if marker and marker in body:
            time.sleep(seconds)
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in HOP_BY_HOP}
        try:
            answer = requests.request(
                handler.command, self.backend + handler.path, data=body, headers=headers, timeout=60
            )
        except requests.ConnectionError:
            handler.send_response(502)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        with self.lock:
            lose = self.answers_to_lose > 0
            self.answers_to_lose -= lose
            self.lost += lose
            self.answered += not lose
        if lose:
            # The server has answered (and committed); the client hears nothing.
            handler.close_connection = True
            return
        handler.send_response(answer.status_code)
        for name, value in answer.headers.items():
            if name.lower() not in HOP_BY_HOP | {"content-encoding"}:
                handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(answer.content)))
        handler.end_headers()
        handler.wfile.write(answer.content)

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def proxy(server):
    proxy = Proxy(server.base_url)
    yield proxy
    proxy.close()


def test_help_says_how_to_use_it():
    shown = subprocess.run(
        [sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, check=True
    )

    assert "IRIS_TOKEN" in shown.stdout
    assert "--url" in shown.stdout


def test_2500_rows_are_predicted_in_chunks_with_the_downloads_columns(server, new_member, tmp_path):
    member = new_member()
    flowers = [",".join(map(str, SAMPLE_FLOWERS[i % 10])) for i in range(2500)]
    source = tmp_path / "flowers.csv"
    # A blank line after the header: the output's `line` is the input file's own line.
    source.write_text("\n".join([HEADER, "", *flowers]) + "\n", encoding="utf-8")
    output = tmp_path / "out.csv"

    done = run(server, member.token, str(source), str(output))

    assert done.returncode == 0, done.stderr
    rows = read(output)
    assert rows[0] == list(RESULT_COLUMNS)
    assert len(rows) == 2501
    assert [row[0] for row in rows[1:4]] == ["3", "4", "5"]
    assert rows[-1][0] == "2502"
    assert member.api.count() == 2500
    ids = {int(row[-1]) for row in rows[1:]}
    assert len(ids) == 2500
    assert {result["id"] for result in member.api.page()["results"]} <= ids


@pytest.mark.pages
def test_the_output_matches_the_upload_pages_download(server, member, tmp_path):
    source = tmp_path / "sample.csv"
    source.write_text(sample_csv(), encoding="utf-8")
    output = tmp_path / "out.csv"

    done = run(server, member.token, str(source), str(output))
    posted = upload(member.client, sample_csv())
    download = member.client.get(member.client.location(posted) + "predictions.csv")

    assert done.returncode == 0, done.stderr
    from_download = list(csv.reader(download.text.splitlines()))
    # Everything but the ids of the stored predictions is the same.
    assert [row[:-1] for row in read(output)] == [row[:-1] for row in from_download]


def test_a_bad_token_is_a_clear_error(server, tmp_path):
    source = tmp_path / "sample.csv"
    source.write_text(sample_csv(), encoding="utf-8")

    done = run(server, "not-a-token", str(source), str(tmp_path / "out.csv"))

    assert done.returncode == 1
    assert "401" in done.stderr and "IRIS_TOKEN" in done.stderr
    assert not (tmp_path / "out.csv").exists()


def test_a_url_without_its_scheme_is_a_clear_error(tmp_path):
    source = flowers_file(tmp_path / "flowers.csv", 10)

    done = run(None, "a-token", str(source), str(tmp_path / "out.csv"), url="127.0.0.1:8000")

    assert done.returncode == 1
    assert "error: Cannot send to 127.0.0.1:8000" in done.stderr
    assert "Traceback" not in done.stderr


def test_no_token_is_a_usage_error(server, tmp_path):
    done = run(server, None, "in.csv", str(tmp_path / "out.csv"))

    assert done.returncode == 2
    assert "IRIS_TOKEN" in done.stderr


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("5.1,3.5,1.4,7", "Line 1503, petal_width: Must be between 0.1 and 5 cm."),
        ("5.1,abc,1.4,0.2", "Line 1503, sepal_width: Must be a number."),
    ],
)
def test_a_bad_row_is_named_by_its_line(server, member, tmp_path, bad, message):
    # Lines 3 to 1502 are good; the bad row, line 1503, is in the second chunk.
    rows = [",".join(map(str, SAMPLE_FLOWERS[0]))] * 1500
    source = tmp_path / "flowers.csv"
    source.write_text("\n".join([HEADER, "", *rows, bad]) + "\n", encoding="utf-8")
    output = tmp_path / "out.csv"

    done = run(server, member.token, str(source), str(output))

    assert done.returncode == 1
    assert message in done.stderr
    assert f"The first 1000 rows were predicted and written to {output}" in done.stderr
    assert "--resume" in done.stderr
    assert len(read(output)) == 1001


def test_a_lost_answer_is_asked_again_and_stores_nothing_new(server, new_member, proxy, tmp_path):
    member = new_member()
    source = flowers_file(tmp_path / "flowers.csv", 2500)
    output = tmp_path / "out.csv"
    proxy.answers_to_lose = 1

    done = run(server, member.token, str(source), str(output), url=proxy.url)

    assert done.returncode == 0, done.stderr
    assert proxy.lost == 1
    rows = read(output)[1:]
    assert len(rows) == 2500
    assert len({row[-1] for row in rows}) == 2500
    # The lost chunk was stored when first sent; its retry was answered from that.
    assert member.api.count() == 2500
    assert done.stderr.strip().endswith("1 request retried")


def test_the_same_file_again_stores_nothing_and_writes_the_same_output(
    server, new_member, tmp_path
):
    member = new_member()
    source = flowers_file(tmp_path / "flowers.csv", 1500)

    first = run(server, member.token, str(source), str(tmp_path / "first.csv"))
    again = run(server, member.token, str(source), str(tmp_path / "again.csv"))

    assert first.returncode == 0 and again.returncode == 0, again.stderr
    assert read(tmp_path / "again.csv") == read(tmp_path / "first.csv")
    assert member.api.count() == 1500


def test_a_run_stopped_with_its_server_resumes_to_a_clean_runs_output_storing_each_row_once(
    server, new_member, proxy, tmp_path
):
    member, other = new_member(), new_member()
    rows = 20000
    source = flowers_file(tmp_path / "flowers.csv", rows)
    output = tmp_path / "out.csv"
    # A server of its own on the same database, which the test stops mid-run.
    stopped = start_server(server.spec, server.database_url, tmp_path)
    proxy.backend = stopped.base_url
    env = {**os.environ, "IRIS_TOKEN": member.token}
    argv = [str(source), str(output), "--url", proxy.url, "--chunk-size", "500"]
    client = subprocess.Popen(
        [sys.executable, str(SCRIPT), *argv, "--retries", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while proxy.answered < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        stopped.stop()
    _, stopped_err = client.communicate(timeout=120)
    written = len(read(output)) - 1
    command = shlex.split(stopped_err.split("To predict the rest, run:")[-1].strip())
    restarted = start_server(server.spec, server.database_url, tmp_path)
    proxy.backend = restarted.base_url
    try:
        resumed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    finally:
        restarted.stop()
    clean = run(
        server, other.token, str(source), str(tmp_path / "clean.csv"), "--chunk-size", "500"
    )

    # What a user sees, shown by `pytest -rP`: the stopped run, then the resumed one.
    print(f"stopped run:\n{stopped_err}\nresumed run:\n{resumed.stdout}{resumed.stderr}")
    assert client.returncode == 1, stopped_err
    assert 0 < written < rows, stopped_err
    assert command == [sys.executable, str(SCRIPT), *argv, "--retries", "1", "--resume"]
    assert resumed.returncode == 0, resumed.stderr
    assert clean.returncode == 0, clean.stderr
    finished = read(output)
    assert [row[:-1] for row in finished] == [row[:-1] for row in read(tmp_path / "clean.csv")]
    assert len({row[-1] for row in finished[1:]}) == rows
    assert member.api.count() == rows


def test_resume_keeps_whole_chunks_and_cuts_a_row_written_in_half(server, new_member, tmp_path):
    member = new_member()
    source = flowers_file(tmp_path / "flowers.csv", 1000)
    output = tmp_path / "out.csv"
    assert (
        run(server, member.token, str(source), str(output), "--chunk-size", "300").returncode == 0
    )
    full = output.read_text(encoding="utf-8")
    # As a run killed while writing leaves it: 450 whole rows and half of the 451st.
    lines = full.splitlines(keepends=True)
    output.write_text("".join(lines[:451]) + lines[451][:20], encoding="utf-8")

    done = run(server, member.token, str(source), str(output), "--chunk-size", "300", "--resume")

    assert done.returncode == 0, done.stderr
    assert output.read_text(encoding="utf-8") == full
    assert member.api.count() == 1000
    # Rows 301 to 1000 were sent again: 3 chunks, answered from what was stored.
    assert done.stdout.startswith("700 rows predicted")


def test_resume_refuses_an_output_of_another_file(server, member, tmp_path):
    source = flowers_file(tmp_path / "flowers.csv", 10)
    output = tmp_path / "out.csv"
    output.write_text("line,x\n1,2\n", encoding="utf-8")

    done = run(server, member.token, str(source), str(output), "--resume")

    assert done.returncode == 1
    assert "is not an output of this script" in done.stderr


def test_workers_keep_the_inputs_order(server, new_member, proxy, tmp_path):
    member = new_member()
    source = flowers_file(tmp_path / "flowers.csv", 1000)
    # A flower found in the first chunk only (the file's first row), to tell its request.
    lines = source.read_text(encoding="utf-8").splitlines()
    source.write_text("\n".join([lines[0], "5.05,3.5,1.4,0.2", *lines[2:]]) + "\n")
    output = tmp_path / "out.csv"
    # The first chunk reaches the server after the second: stored, and answered, later.
    proxy.hold = (b"5.05", 1.0)

    done = run(
        server,
        member.token,
        str(source),
        str(output),
        "--chunk-size",
        "100",
        "--workers",
        "2",
        url=proxy.url,
    )

    assert done.returncode == 0, done.stderr
    rows = read(output)[1:]
    assert [int(row[0]) for row in rows] == list(range(2, 1002))
    ids = [int(row[-1]) for row in rows]
    assert min(ids[:100]) > max(ids[100:200])
    assert member.api.count() == 1000


def test_without_a_terminal_progress_is_one_summary_line(server, member, tmp_path):
    source = flowers_file(tmp_path / "flowers.csv", 1200)

    done = run(server, member.token, str(source), str(tmp_path / "out.csv"))

    assert done.returncode == 0
    (line,) = done.stderr.splitlines()
    assert SUMMARY.match(line), line
    assert line.startswith("1,200 rows in ")
    assert done.stdout == f"1200 rows predicted; wrote {tmp_path / 'out.csv'}\n"


def test_on_a_terminal_progress_shows_rows_speed_and_time_left(server, member, tmp_path):
    source = flowers_file(tmp_path / "flowers.csv", 3000)
    leader, follower = pty.openpty()
    env = {**os.environ, "IRIS_TOKEN": member.token}
    argv = [str(source), str(tmp_path / "out.csv"), "--url", server.base_url, "--chunk-size", "50"]
    try:
        done = subprocess.run(
            [sys.executable, str(SCRIPT), *argv], env=env, stderr=follower, stdout=subprocess.PIPE
        )
        os.close(follower)
        shown = b""
        while chunk := read_pty(leader):
            shown += chunk
    finally:
        os.close(leader)

    assert done.returncode == 0
    # A terminal writes each newline as "\r\n".
    text = shown.decode().replace("\r\n", "\n")
    assert re.search(r"[\d,]+/3,000 rows +[\d,]+ rows/s +\d+(m\d\d)?s left", text), text
    assert SUMMARY.match(text.rsplit("\r", 1)[-1].strip()), text


def read_pty(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # Linux: EIO once the other end is closed and drained
        return b""
